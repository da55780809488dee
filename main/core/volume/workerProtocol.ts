import type { PixelType, Volume } from './types.js';
import type { OpenSourceOptions } from './openSource.js';
import type { VolumeReadErrorCode } from './errors.js';

export interface ReadRequest {
  path: string;
  opts: OpenSourceOptions;
}

/** A Volume whose voxels travel as a transferred ArrayBuffer (never as a JSON array). */
export interface TransferredVolume extends Omit<Volume, 'data'> {
  buffer: ArrayBuffer | SharedArrayBuffer;
  byteOffset: number;
  length: number;
  pixelType: PixelType;
}

export type ReadResponse =
  | { ok: true; volume: TransferredVolume }
  | { ok: false; error: { name: string; message: string; code?: VolumeReadErrorCode; detail?: string } };
