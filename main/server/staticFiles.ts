import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Maps a URL path to a file under root; null when it escapes root or does not exist. */
export async function resolveStatic(root: string, urlPath: string): Promise<{ file: string; type: string; size: number } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root) + path.sep)) return null;
  try {
    const info = await stat(file);
    if (!info.isFile()) return null;
    return { file, type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', size: info.size };
  } catch {
    return null;
  }
}

export function streamFile(file: string) {
  return createReadStream(file);
}
