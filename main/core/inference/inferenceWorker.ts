import { parentPort, workerData } from 'node:worker_threads';
import { JobCancelledError } from '../jobs/jobs.js';
import { failureReport, workerJobContext } from '../jobs/jobWorker.js';
import { segmentCrop, segmentVolume } from './segment.js';
import { allocatePixels, type FromWorker, type ToWorker, type WorkerRequest } from './workerProtocol.js';

const port = parentPort;
if (!port) throw new Error('inferenceWorker.ts must run in a worker thread (use runInWorker).');
const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

const req = workerData as WorkerRequest;
const controller = new AbortController();
let pending = req.pendingVoxels;
let voxelsArrived: () => void = () => undefined;
const allVoxels = new Promise<void>((resolve) => (voxelsArrived = resolve));
if (pending > 0) req.volume.data = allocatePixels(req.volume.pixelType, pending);
else voxelsArrived();
port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    controller.abort();
    voxelsArrived();
  } else if (msg.type === 'chunk') {
    const bytesPer = req.volume.data.BYTES_PER_ELEMENT;
    new Uint8Array(req.volume.data.buffer, msg.offset * bytesPer, msg.length).set(new Uint8Array(msg.bytes, 0, msg.length));
    pending -= msg.length / bytesPer;
    if (pending === 0) voxelsArrived();
    else send({ type: 'chunk-received', bytes: msg.bytes }, [msg.bytes]);
  }
});

const ctx = workerJobContext(controller, send);

try {
  await allVoxels;
  if (controller.signal.aborted) throw new JobCancelledError();
  const opts = { ...req.opts, ctx, releaseSourceAfterResample: true };
  const result = req.centerLps ? await segmentCrop(req.volume, req.manifest, req.centerLps, opts) : await segmentVolume(req.volume, req.manifest, opts);
  send({ type: 'result', result }, [result.labelMap.data.buffer as ArrayBuffer]);
} catch (err) {
  send(failureReport(err, controller.signal.aborted));
}
