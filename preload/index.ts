import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { requestValidators, type LobusApi, type LobusEvent, type MethodName } from '../main/core/api/contract.js';

// Exactly LobusApi, nothing more: one function per method, plus event subscription.
const api: Record<string, unknown> = {};
for (const method of Object.keys(requestValidators) as MethodName[]) {
  api[method] = (request: unknown) => ipcRenderer.invoke('lobus:call', method, request ?? {});
}
api.onEvent = (listener: (event: LobusEvent) => void) => {
  const forward = (_e: IpcRendererEvent, event: LobusEvent) => listener(event);
  ipcRenderer.on('lobus:event', forward);
  return () => ipcRenderer.off('lobus:event', forward);
};

contextBridge.exposeInMainWorld('lobus', api as LobusApi);

// What the user drops onto the window: its path goes to the main process, which alone decides what
// `openDropped` may open. Only real drops count (a page script cannot forge a trusted event), and the
// page never sees or names a path. (Typed locally: this build has no DOM library.)
type DroppedFile = Parameters<typeof webUtils.getPathForFile>[0];
interface TrustedDrop {
  isTrusted: boolean;
  dataTransfer: { files: ArrayLike<DroppedFile> } | null;
}
const page = globalThis as unknown as { addEventListener(type: 'drop', listener: (event: TrustedDrop) => void, capture: boolean): void };
page.addEventListener(
  'drop',
  (event) => {
    if (!event.isTrusted || !event.dataTransfer) return;
    const paths = Array.from(event.dataTransfer.files, (file) => webUtils.getPathForFile(file)).filter((p) => p.length > 0);
    if (paths.length > 0) ipcRenderer.send('lobus:dropped', paths);
  },
  true,
);
