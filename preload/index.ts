import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
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
