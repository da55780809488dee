import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JobCancelledError, type JobContext } from '../jobs/jobs.js';
import { superviseJobWorker } from '../jobs/jobWorker.js';
import type { Vec3, Volume } from '../volume/types.js';
import type { ModelManifest } from './manifest.js';
import type { SegmentResult } from './segment.js';
import type { FromWorker, ToWorker, WorkerRequest, WorkerSegmentOptions } from './workerProtocol.js';

/** After a cancel message, how long the worker may take to stop on its own before it is terminated. */
const CANCEL_GRACE_MS = 2000;

const live = new Set<Worker>();
/** Voxels per transferred chunk when the volume is not in shared memory. */
const CHUNK_VOXELS = 4 * 1024 * 1024;

/** Inference workers still running (0 once every job has finished, failed or been cancelled). */
export function activeInferenceWorkers(): number {
  return live.size;
}

/**
 * A worker thread running the core module `name` that sits beside `callerUrl`: `name.ts` in development,
 * `name.js` beside the bundle once built (tools/build.mjs puts every worker entry there).
 */
export function spawnModuleWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  // In development the worker is TypeScript too. Node 20 does not apply `--import tsx` from a worker's
  // execArgv to the worker's own entry file, so a small bootstrap registers tsx and then imports it.
  const tsxDir = path.dirname(createRequire(callerUrl).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

const spawn = (request: WorkerRequest): Worker => spawnModuleWorker(import.meta.url, 'inferenceWorker', request);

/**
 * Runs `segmentVolume` (or `segmentCrop` when `centerLps` is given) in a worker thread so the caller's
 * event loop stays free. Progress goes to `ctx.progress`; aborting `ctx.signal` stops the worker within
 * one patch (and terminates it if it does not stop). The worker gets its own copy of the voxels (sent in
 * chunks and dropped once resampled) unless they live in a SharedArrayBuffer.
 */
export function runInWorker(
  volume: Volume,
  manifest: ModelManifest,
  opts: WorkerSegmentOptions & { ctx?: JobContext },
  centerLps?: Vec3,
): Promise<SegmentResult> {
  const { ctx, ...workerOpts } = opts;
  if (ctx?.signal.aborted) return Promise.reject(new JobCancelledError());
  // Voxels in shared memory cross for free; others go in transferred chunks, so that at no time do
  // two extra full copies exist (a plain structured clone of a 300 MB volume briefly makes two).
  const shared = volume.data.buffer instanceof SharedArrayBuffer;
  const request: WorkerRequest = {
    volume: shared ? volume : { ...volume, data: volume.data.subarray(0, 0) },
    pendingVoxels: shared ? 0 : volume.data.length,
    manifest,
    opts: workerOpts,
    ...(centerLps ? { centerLps } : {}),
  };
  const worker = spawn(request);
  live.add(worker);
  // One chunk buffer goes back and forth: the worker copies it in and returns it for the next chunk.
  let nextChunk = 0;
  const bytesPer = volume.data.BYTES_PER_ELEMENT;
  const sendChunk = (buffer: ArrayBuffer) => {
    const count = Math.min(CHUNK_VOXELS, volume.data.length - nextChunk);
    const length = count * bytesPer;
    new Uint8Array(buffer, 0, length).set(new Uint8Array(volume.data.buffer, volume.data.byteOffset + nextChunk * bytesPer, length));
    worker.postMessage({ type: 'chunk', offset: nextChunk, length, bytes: buffer } satisfies ToWorker, [buffer]);
    nextChunk += count;
  };
  if (!shared) sendChunk(new ArrayBuffer(Math.min(CHUNK_VOXELS, volume.data.length) * bytesPer));
  return superviseJobWorker<FromWorker, SegmentResult>(worker, ctx, {
    what: 'inference worker',
    graceMs: CANCEL_GRACE_MS,
    cancelMessage: { type: 'cancel' } satisfies ToWorker,
    resultOf: (msg) => msg.result,
    onMessage: (msg, settled) => {
      if (msg.type === 'chunk-received' && !settled && nextChunk < volume.data.length) sendChunk(msg.bytes);
    },
    onExit: () => live.delete(worker),
  });
}
