// `npm start [-- <study>]`: the desktop window where an Electron binary exists, else the local server in a browser.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRenderer, buildShell } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function rendererIsStale() {
  const built = path.join(root, 'dist/renderer/index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'main/core/api')));
  return sources > statSync(built).mtimeMs;
}

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (rendererIsStale()) {
  console.log('[lobus] building the viewer…');
  buildRenderer();
}
const electron = electronBinary();
const run = (cmd, cmdArgs) => {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
};
if (electron && process.env.LOBUS_NO_ELECTRON !== '1') {
  await buildShell();
  run(electron, ['.', ...args]);
} else {
  console.log('[lobus] no Electron binary here: serving Lobus to your browser instead.');
  const study = args.find((a) => !a.startsWith('-'));
  const folder = study && existsSync(study) ? (statSync(study).isDirectory() ? study : path.dirname(study)) : undefined;
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  run(process.execPath, [tsx, 'main/cli/index.ts', 'serve', '--open', ...(folder ? [path.resolve(folder)] : [])]);
}
