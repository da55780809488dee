import type { LobusApi } from '../../../main/core/api/contract';
import { createHttpApi } from './httpClient';

let api: LobusApi | null = null;

/** The app's API: Electron's preload bridge when present, otherwise HTTP + WebSocket to `lobus serve`. */
export function getApi(): LobusApi {
  api ??= window.lobus ?? createHttpApi();
  return api;
}
