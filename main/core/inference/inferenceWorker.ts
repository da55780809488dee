import { parentPort, workerData } from 'node:worker_threads';
import { JobCancelledError, type JobContext } from '../jobs/jobs.js';
import { segmentCrop, segmentVolume } from './segment.js';
import type { FromWorker, ToWorker, WorkerRequest } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('inferenceWorker.ts must run in a worker thread (use runInWorker).');
const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

const controller = new AbortController();
port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') controller.abort();
});

const ctx: JobContext = {
  signal: controller.signal,
  progress(done, total, message) {
    if (controller.signal.aborted) throw new JobCancelledError();
    send({ type: 'progress', done, total, ...(message !== undefined ? { message } : {}) });
  },
};

const req = workerData as WorkerRequest;
try {
  const opts = { ...req.opts, ctx };
  const result = req.centerLps ? await segmentCrop(req.volume, req.manifest, req.centerLps, opts) : await segmentVolume(req.volume, req.manifest, opts);
  send({ type: 'result', result }, [result.labelMap.data.buffer as ArrayBuffer]);
} catch (err) {
  if (err instanceof JobCancelledError || controller.signal.aborted) send({ type: 'cancelled' });
  else send({ type: 'error', name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) });
}
