import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Bounds on what a browser may send: checked from the declared sizes before anything is written. */
export interface UploadLimits {
  maxFiles: number;
  maxTotalBytes: number;
  /** Uploads begun but not opened yet (e.g. waiting for a series choice); the oldest is dropped beyond this. */
  maxPending: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFiles: 5000, maxTotalBytes: 4 * 1024 ** 3, maxPending: 2 };

/** A refused upload; the message is written for the person who chose the files. */
export class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

interface PendingUpload {
  dir: string;
  /** What the user picked (a file name or a folder name), for titles and export names. */
  displayName: string;
  fileCount: number;
  totalBytes: number;
  files: string[];
  receivedBytes: number;
}

const FORBIDDEN_NAME_CHARS = /[/\\:*?"<>|\u0000-\u001f\u007f]/;

/**
 * A client's file name, accepted only as a plain name: no folders, no `..`, no control characters. The
 * client never chooses where a file lands; the server writes it under its own name (see addFile).
 */
export function checkUploadName(name: string): string {
  if (name.length === 0 || name.length > 255) throw new UploadError('A file name must have 1–255 characters.');
  if (FORBIDDEN_NAME_CHARS.test(name) || name === '.' || name === '..' || name.startsWith('..')) {
    throw new UploadError(`The file name "${name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 80)}" is not allowed: send a plain file name, without folders or "..".`);
  }
  return name;
}

/**
 * Files a browser sends to open as one study, each upload in its own folder under a temporary root the
 * server owns. A folder is removed once its study has been read (the volume then lives in memory), when a
 * newer upload pushes it out, or when the process exits.
 */
export class UploadArea {
  private root: Promise<string> | null = null;
  private readonly pending = new Map<string, PendingUpload>();
  private nextId = 1;

  constructor(private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS) {}

  async begin(request: { displayName: string; fileCount: number; totalBytes: number }): Promise<string> {
    const { fileCount, totalBytes } = request;
    checkUploadName(request.displayName);
    if (fileCount > this.limits.maxFiles) throw new UploadError(`Too many files: ${fileCount} (at most ${this.limits.maxFiles} in one study).`);
    if (totalBytes > this.limits.maxTotalBytes) {
      throw new UploadError(`The files are too large: ${gib(totalBytes)} GiB (at most ${gib(this.limits.maxTotalBytes)} GiB in one study).`);
    }
    while (this.pending.size >= this.limits.maxPending) await this.discard(this.pending.keys().next().value!);
    const root = await this.ensureRoot();
    const uploadId = `u${this.nextId++}`;
    const dir = path.join(root, uploadId);
    // Registered before the next await, so a concurrent discard never removes the root under it.
    this.pending.set(uploadId, { dir, displayName: request.displayName, fileCount, totalBytes, files: [], receivedBytes: 0 });
    await mkdir(dir);
    return uploadId;
  }

  /**
   * Writes one file inside the upload's folder under a checked plain name; with several files the server
   * numbers them (`00001_<name>`), so that names from different client folders cannot clash.
   */
  async addFile(uploadId: string, name: string, data: ArrayBuffer): Promise<{ received: number }> {
    const upload = this.get(uploadId);
    checkUploadName(name);
    if (upload.files.length >= upload.fileCount) throw new UploadError(`More files than the ${upload.fileCount} announced.`);
    if (upload.receivedBytes + data.byteLength > upload.totalBytes) throw new UploadError(`More bytes than the ${upload.totalBytes} announced.`);
    const file = path.join(upload.dir, upload.fileCount === 1 ? name : `${String(upload.files.length).padStart(5, '0')}_${name}`);
    upload.files.push(file);
    upload.receivedBytes += data.byteLength;
    await writeFile(file, new Uint8Array(data), { flag: 'wx' });
    return { received: upload.files.length };
  }

  /** What to read once every announced file has arrived: the single file, or the folder of many. */
  target(uploadId: string): { path: string; displayName: string } {
    const upload = this.get(uploadId);
    if (upload.files.length !== upload.fileCount) throw new UploadError(`Only ${upload.files.length} of ${upload.fileCount} files arrived.`);
    return { path: upload.fileCount === 1 ? upload.files[0]! : upload.dir, displayName: upload.displayName };
  }

  /** Removes the upload's files, and the temporary root with the last of them. */
  async discard(uploadId: string): Promise<void> {
    const upload = this.pending.get(uploadId);
    if (!upload) return;
    this.pending.delete(uploadId);
    const root = this.pending.size === 0 ? this.root : null;
    if (!root) return rm(upload.dir, { recursive: true, force: true });
    this.root = null;
    const dir = await root;
    liveRoots.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }

  private get(uploadId: string): PendingUpload {
    const upload = this.pending.get(uploadId);
    if (!upload) throw new UploadError('That upload is unknown or was already opened; choose the files again.');
    return upload;
  }

  /** The temporary root, made once however many uploads begin at the same time. */
  private ensureRoot(): Promise<string> {
    this.root ??= mkdtemp(path.join(tmpdir(), 'lobus-uploads-')).then((dir) => {
      liveRoots.add(dir);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once('exit', () => {
          for (const root of liveRoots) rmSync(root, { recursive: true, force: true });
        });
      }
      return dir;
    });
    return this.root;
  }
}

/** Upload roots not yet removed, deleted when the process exits (e.g. uploads left waiting for a series choice). */
const liveRoots = new Set<string>();
let exitHookInstalled = false;

const gib = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
