import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (dev) or app (packaged) root: the folder holding package.json. */
export function appRoot(): string {
  if (process.env.LOBUS_APP_ROOT) return process.env.LOBUS_APP_ROOT;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function modelsDir(): string {
  return process.env.LOBUS_MODELS_DIR ?? path.join(appRoot(), 'models');
}

export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}
