import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { isMethodName, type LobusEvent } from '../core/api/contract.js';
import type { JobProgress } from '../core/jobs/jobs.js';
import { createLobusService } from '../core/service/createService.js';
import { appRoot, rendererDir } from '../core/service/paths.js';
import { registerSchemeBeforeReady, serveRendererOverProtocol } from './appProtocol.js';
import { APP_ENTRY, buildWindowOptions, isAllowedRequestUrl, isTrustedSender } from './windowOptions.js';

registerSchemeBeforeReady();

async function pickStudyPath(win: BrowserWindow): Promise<string | null> {
  const result = await dialog.showOpenDialog(win, {
    title: 'Open a CT or MRI study',
    properties: ['openFile', 'openDirectory'],
    filters: [{ name: 'Images', extensions: ['nii', 'gz', 'nrrd', 'mha', 'mhd', 'dcm'] }],
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function pickSavePath(win: BrowserWindow, suggestedName: string): Promise<string | null> {
  const result = await dialog.showSaveDialog(win, { title: 'Export', defaultPath: suggestedName, properties: ['createDirectory', 'showOverwriteConfirmation'] });
  return result.canceled ? null : (result.filePath ?? null);
}

/** The study a drop names: its first path that exists (a DICOM file opens its series; a folder, its series). */
function droppedStudyPath(paths: unknown): string | null {
  if (!Array.isArray(paths)) return null;
  return paths.find((p): p is string => typeof p === 'string' && p.length < 4096 && path.isAbsolute(p) && existsSync(p)) ?? null;
}

async function main(): Promise<void> {
  await app.whenReady();
  const root = appRoot();
  serveRendererOverProtocol(rendererDir());
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const preload = path.join(root, 'dist', 'preload', 'index.cjs');
  const icon = path.join(root, 'resources', 'icon.png');
  const win = new BrowserWindow(buildWindowOptions(preload, existsSync(icon) ? icon : undefined));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ENTRY)) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());

  let droppedPath: string | null = null;
  ipcMain.on('lobus:dropped', (event, paths: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) return;
    droppedPath = droppedStudyPath(paths);
  });
  const service = createLobusService({ door: 'electron', libraryRoot: null, pickPath: () => pickStudyPath(win),
    pickSavePath: (name) => pickSavePath(win, name),
    droppedPath: () => droppedPath,
  });
  ipcMain.handle('lobus:call', async (event, method: unknown, request: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) throw new Error('Refused: the request did not come from Lobus.');
    if (!isMethodName(method)) throw new Error('Unknown API method.');
    return service.dispatch(method, request);
  });
  service.jobs.on('progress', (job: JobProgress) => {
    if (!win.isDestroyed()) win.webContents.send('lobus:event', { type: 'job', job } satisfies LobusEvent);
  });

  await win.loadURL(APP_ENTRY);
  const cliPath = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith('-') && existsSync(arg));
  if (cliPath) {
    const opened = await service.openPath(path.resolve(cliPath)).catch((err: unknown) => ({ error: String(err) }));
    win.webContents.send('lobus:opened', opened);
  }
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
main().catch((err: unknown) => {
  dialog.showErrorBox('Lobus could not start', err instanceof Error ? err.message : String(err));
  app.quit();
});
