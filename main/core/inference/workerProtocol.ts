import type { PixelArray, PixelType, Vec3, Volume } from '../volume/types.js';
import type { ModelManifest } from './manifest.js';
import type { SegmentOptions, SegmentResult } from './segment.js';

export type WorkerSegmentOptions = Omit<SegmentOptions, 'ctx'>;

export interface WorkerRequest {
  /** The volume; its voxels follow in `chunk` messages unless they already live in shared memory. */
  volume: Volume;
  /** Voxels still to come in chunks (0 when `volume.data` is complete, e.g. a SharedArrayBuffer). */
  pendingVoxels: number;
  manifest: ModelManifest;
  opts: WorkerSegmentOptions;
  /** Set for click-to-segment (`segmentCrop`); absent for the whole volume. */
  centerLps?: Vec3;
}

export type ToWorker =
  | { type: 'cancel' }
  /** Voxels from `offset` as raw bytes of the volume's pixel type: the first `length` bytes of `bytes` (transferred). */
  | { type: 'chunk'; offset: number; length: number; bytes: ArrayBuffer };

export type FromWorker =
  /** The worker copied a chunk in and hands the buffer back for the next one (no garbage, bounded memory). */
  | { type: 'chunk-received'; bytes: ArrayBuffer }
  | { type: 'progress'; done: number; total: number; message?: string }
  | { type: 'result'; result: SegmentResult }
  | { type: 'cancelled' }
  | { type: 'error'; name: string; message: string };

export function allocatePixels(type: PixelType, length: number): PixelArray {
  switch (type) {
    case 'int8': return new Int8Array(length);
    case 'uint8': return new Uint8Array(length);
    case 'int16': return new Int16Array(length);
    case 'uint16': return new Uint16Array(length);
    case 'int32': return new Int32Array(length);
    case 'uint32': return new Uint32Array(length);
    case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
  }
}
