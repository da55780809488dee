import { parentPort, workerData } from 'node:worker_threads';
import { JobCancelledError, type JobContext } from '../jobs/jobs.js';
import { searchNoduleCandidates } from './candidateSearch.js';
import type { CandidateWorkerRequest, FromCandidateWorker, ToCandidateWorker } from './runCandidatesInWorker.js';

const port = parentPort;
if (!port) throw new Error('candidateWorker.ts must run in a worker thread (use searchNoduleCandidatesInWorker).');
const send = (msg: FromCandidateWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

const req = workerData as CandidateWorkerRequest;
const controller = new AbortController();
port.on('message', (msg: ToCandidateWorker) => {
  if (msg.type === 'cancel') controller.abort();
});

const ctx: JobContext = {
  signal: controller.signal,
  progress(done, total, message) {
    if (controller.signal.aborted) throw new JobCancelledError();
    send({ type: 'progress', done, total, ...(message !== undefined ? { message } : {}) });
  },
};

try {
  const outcome = await searchNoduleCandidates(req.volume, req.manifest, { ...req.opts, ctx });
  send({ type: 'result', outcome }, [outcome.labelMap.data.buffer as ArrayBuffer]);
} catch (err) {
  if (err instanceof JobCancelledError || controller.signal.aborted) send({ type: 'cancelled' });
  else send({ type: 'error', name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) });
}
