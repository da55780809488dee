import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Volume } from './types.js';
import { pixelsOver } from './pixels.js';
import type { OpenSourceOptions } from './openSource.js';
import { VolumeReadError } from './errors.js';
import type { ReadRequest, ReadResponse, TransferredVolume } from './workerProtocol.js';

/**
 * In a build the worker is the sibling readWorker.js. Under tsx (dev, tests, CLI) this module is a .ts file:
 * `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20, so a tiny CommonJS
 * bootstrap registers tsx's ESM hooks in the worker first and then imports readWorker.ts.
 */
let configuredWorkerUrl: URL | undefined;

/**
 * Where the built readWorker.js lives, for bundles in which this module's own URL does not point next to it
 * (e.g. a single-file CommonJS bundle). The build must emit main/core/volume/readWorker.ts as its own entry.
 */
export function configureReadWorker(url: URL): void {
  configuredWorkerUrl = url;
}

function spawnReadWorker(request: ReadRequest): Worker {
  if (configuredWorkerUrl) return new Worker(configuredWorkerUrl, { workerData: request });
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./readWorker.js', import.meta.url), { workerData: request });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./readWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

function rebuild(v: TransferredVolume): Volume {
  const { buffer, byteOffset, length, ...rest } = v;
  return { ...rest, data: pixelsOver(v.pixelType, buffer, byteOffset, length) };
}

/**
 * `openSource` in a worker thread, so the caller's event loop (the app's server) never blocks on
 * decompression or decoding. The voxel buffer is transferred, not copied. Aborting terminates the worker.
 */
export function openSourceInWorker(path: string, opts: OpenSourceOptions = {}, signal?: AbortSignal): Promise<Volume> {
  const request: ReadRequest = { path, opts };
  return new Promise<Volume>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new VolumeReadError('read-failed', 'Reading was cancelled.'));
      return;
    }
    const worker = spawnReadWorker(request);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new VolumeReadError('read-failed', 'Reading was cancelled.')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (msg: ReadResponse) => {
      finish(() => {
        if (msg.ok) resolve(rebuild(msg.volume));
        else if (msg.error.code) reject(new VolumeReadError(msg.error.code, msg.error.message, msg.error.detail));
        else reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
      });
    });
    worker.once('error', (e) => finish(() => reject(new VolumeReadError('read-failed', `The image reader stopped unexpectedly: ${e.message}`, e.stack))));
    worker.once('exit', (code) => finish(() => reject(new VolumeReadError('read-failed', `The image reader exited (code ${code}) without a result.`))));
  });
}
