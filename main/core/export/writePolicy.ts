import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/**
 * Where a write may land. The doors fill it from what the user chose (a save dialog result, a folder
 * picked in a dialog, a CLI argument); core never invents destinations.
 */
export interface WritePolicy {
  /** Exact files the user chose. Sidecars of a chosen file (same folder, same name stem) are allowed too. */
  allowedPaths?: string[];
  /** Folders the user chose; anything inside them may be written. */
  allowedDirs?: string[];
  /** Files or folders that must never be overwritten (the source image, its DICOM folder). */
  protectedPaths?: string[];
}

export class WriteRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** Real path of a file that may not exist yet: its folder is resolved through links, the name is kept. */
async function canonical(p: string): Promise<string> {
  const abs = path.resolve(p);
  try {
    return await realpath(abs);
  } catch {
    const dir = await realpath(path.dirname(abs)).catch(() => path.dirname(abs));
    return path.join(dir, path.basename(abs));
  }
}

function inside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Name stem without .nii.gz / .nii / .json etc. */
export function fileStem(p: string): string {
  return path.basename(p).replace(/\.nii\.gz$|\.[^.]+$/i, '');
}

/**
 * Throws WriteRefusedError unless `target` is allowed by the policy: a chosen file, a sidecar of a
 * chosen file (same folder, name starting with its stem), or inside a chosen folder — and never a
 * protected path or anything inside a protected folder.
 */
export async function assertWriteAllowed(target: string, policy: WritePolicy): Promise<string> {
  const t = await canonical(target);
  for (const p of policy.protectedPaths ?? []) {
    const prot = await canonical(p);
    if (t === prot || inside(t, prot)) {
      throw new WriteRefusedError(`Refusing to write ${path.basename(t)}: it would overwrite or modify the source image (${prot}).`);
    }
  }
  for (const a of policy.allowedPaths ?? []) {
    const chosen = await canonical(a);
    if (t === chosen) return t;
    if (path.dirname(t) === path.dirname(chosen) && path.basename(t).startsWith(`${fileStem(chosen)}`)) return t;
  }
  for (const d of policy.allowedDirs ?? []) {
    if (inside(t, await canonical(d))) return t;
  }
  throw new WriteRefusedError(`Refusing to write ${t}: it is not a location you chose.`);
}

/**
 * Streams `content` to a temporary file in the target folder, then renames it over `target`, so a reader
 * never sees half a file and a failed write leaves the old file intact.
 */
export async function writeFileAtomic(target: string, content: Readable): Promise<void> {
  const dir = path.dirname(target);
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new WriteRefusedError(`Cannot write ${path.basename(target)}: the folder ${dir} does not exist.`);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const out = createWriteStream(tmp, { flags: 'wx', mode: 0o644, flush: true });
    await pipeline(content, out);
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
