import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.config.errorHandler = (err) => {
  // Last resort: a visible message rather than a silently broken view.
  console.error(err);
  const toast = document.createElement('div');
  toast.dataset.testid = 'error-message';
  toast.className = 'fatal-error';
  toast.textContent = `Something went wrong: ${err instanceof Error ? err.message : String(err)}`;
  document.body.appendChild(toast);
};
// A file dropped beside a drop target must not replace the app with the file.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (event) => event.preventDefault());
app.mount('#app');
