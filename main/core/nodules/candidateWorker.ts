import { parentPort, workerData } from 'node:worker_threads';
import { failureReport, workerJobContext } from '../jobs/jobWorker.js';
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

const ctx = workerJobContext(controller, send);

try {
  const outcome = await searchNoduleCandidates(req.volume, req.manifest, { ...req.opts, ctx });
  send({ type: 'result', outcome }, [outcome.labelMap.data.buffer as ArrayBuffer]);
} catch (err) {
  send(failureReport(err, controller.signal.aborted));
}
