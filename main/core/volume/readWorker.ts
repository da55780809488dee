// Worker entry: opens one source off the main thread and transfers the voxels back.
import { parentPort, workerData } from 'node:worker_threads';
import { openSource } from './openSource.js';
import { VolumeReadError } from './errors.js';
import type { ReadRequest, ReadResponse } from './workerProtocol.js';

async function main(): Promise<void> {
  const req = workerData as ReadRequest;
  let msg: ReadResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const { data, ...rest } = await openSource(req.path, req.opts);
    // itk-wasm's threaded DICOM pipeline hands back a SharedArrayBuffer: it is shared, not copied, by
    // postMessage and cannot be listed for transfer.
    const buffer = data.buffer;
    if (buffer instanceof ArrayBuffer) transfer.push(buffer);
    msg = { ok: true, volume: { ...rest, buffer, byteOffset: data.byteOffset, length: data.length } };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    msg = {
      ok: false,
      error: {
        name: err.name,
        message: err.message,
        ...(e instanceof VolumeReadError ? { code: e.code, ...(e.detail ? { detail: e.detail } : {}) } : {}),
      },
    };
  }
  parentPort?.postMessage(msg, transfer);
}

void main();
