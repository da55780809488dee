import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_ORIGIN = 'lobus://app';
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The window Lobus opens: the renderer is sandboxed and isolated, and can reach only `window.lobus`. */
export function buildWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#0b0d10',
    title: 'Lobus',
    show: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: process.env.LOBUS_DEVTOOLS === '1',
    },
  };
}

/** Everything but the app's own assets is cancelled: no image or request ever leaves the machine. */
export function isAllowedRequestUrl(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:lobus://app/');
}

/** IPC is answered only for our own page, never for a frame that navigated elsewhere. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  return typeof frameUrl === 'string' && frameUrl.startsWith(`${APP_ORIGIN}/`);
}
