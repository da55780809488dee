import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../inference/runInWorker.js';
import type { ModelManifest } from '../inference/manifest.js';
import { JobCancelledError } from '../jobs/jobs.js';
import { superviseJobWorker } from '../jobs/jobWorker.js';
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
  return superviseJobWorker<FromCandidateWorker, CandidateSearchOutcome>(worker, ctx, {
    what: 'candidate worker',
    graceMs: CANCEL_GRACE_MS,
    cancelMessage: { type: 'cancel' } satisfies ToCandidateWorker,
    resultOf: (msg) => msg.outcome,
  });
}
