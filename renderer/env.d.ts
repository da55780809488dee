/// <reference types="vite/client" />
import type { LobusApi } from '../main/core/api/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Present in Electron: the preload's bridge to the main process. */
    lobus?: LobusApi;
  }
}
