import type { Vec3, Volume } from '../volume/types.js';
import type { ModelManifest } from './manifest.js';
import type { SegmentOptions, SegmentResult } from './segment.js';

export type WorkerSegmentOptions = Omit<SegmentOptions, 'ctx'>;

export interface WorkerRequest {
  volume: Volume;
  manifest: ModelManifest;
  opts: WorkerSegmentOptions;
  /** Set for click-to-segment (`segmentCrop`); absent for the whole volume. */
  centerLps?: Vec3;
}

export type ToWorker = { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; done: number; total: number; message?: string }
  | { type: 'result'; result: SegmentResult }
  | { type: 'cancelled' }
  | { type: 'error'; name: string; message: string };
