import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** Toasts: every failure ends up here as a sentence the user can read, never as a blank screen. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 1;

  function push(kind: Notice['kind'], text: string, timeoutMs = kind === 'error' ? 12000 : 4000): void {
    // Several views failing for one reason say it once.
    if (notices.value.some((n) => n.kind === kind && n.text === text)) return;
    const id = nextId++;
    notices.value.push({ id, kind, text });
    if (notices.value.length > 4) notices.value.shift();
    setTimeout(() => dismiss(id), timeoutMs);
  }

  function error(err: unknown, context?: string): void {
    const message = err instanceof Error ? err.message : String(err);
    push('error', context ? `${context}: ${message}` : message);
  }

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  return { notices, push, error, dismiss };
});
