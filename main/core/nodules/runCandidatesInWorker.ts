import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../inference/runInWorker.js';
import type { ModelManifest } from '../inference/manifest.js';
import { JobCancelledError } from '../jobs/jobs.js';
import type { Volume } from '../volume/types.js';
import type { CandidateSearchOptions, CandidateSearchOutcome } from './candidateSearch.js';

/** After a cancel message, how long the worker may take to stop on its own before it is terminated. */
const CANCEL_GRACE_MS = 1000;

export interface CandidateWorkerRequest {
  volume: Volume;
  manifest: ModelManifest;
  opts: Omit<CandidateSearchOptions, 'ctx'>;
}

export type ToCandidateWorker = { type: 'cancel' };

export type FromCandidateWorker =
  | { type: 'progress'; done: number; total: number; message?: string }
  | { type: 'result'; outcome: CandidateSearchOutcome }
  | { type: 'cancelled' }
  | { type: 'error'; name: string; message: string };

/**
 * `searchNoduleCandidates` in a worker thread: the lung mask and the blob filter run for seconds on a
 * chest CT, and the server and the Electron main process must keep answering meanwhile. The worker gets
 * a copy of the voxels; progress goes to `opts.ctx`; a cancel stops it (terminated if it does not stop).
 */
export function searchNoduleCandidatesInWorker(volume: Volume, manifest: ModelManifest, opts: CandidateSearchOptions): Promise<CandidateSearchOutcome> {
  const { ctx, ...workerOpts } = opts;
  if (ctx?.signal.aborted) return Promise.reject(new JobCancelledError());
  const request: CandidateWorkerRequest = { volume, manifest, opts: workerOpts };
  const worker: Worker = spawnModuleWorker(import.meta.url, 'candidateWorker', request);
  return new Promise<CandidateSearchOutcome>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx?.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      void worker.terminate();
      fn();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies ToCandidateWorker);
      killTimer ??= setTimeout(() => finish(() => reject(new JobCancelledError())), CANCEL_GRACE_MS);
    };
    ctx?.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: FromCandidateWorker) => {
      switch (msg.type) {
        case 'progress':
          try {
            ctx?.progress(msg.done, msg.total, msg.message);
          } catch (err) {
            if (err instanceof JobCancelledError) onAbort();
            else finish(() => reject(err));
          }
          return;
        case 'result':
          return finish(() => resolve(msg.outcome));
        case 'cancelled':
          return finish(() => reject(new JobCancelledError()));
        case 'error': {
          const err = new Error(msg.message);
          err.name = msg.name;
          return finish(() => reject(err));
        }
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`The candidate worker stopped unexpectedly (exit code ${code}).`))));
  });
}
