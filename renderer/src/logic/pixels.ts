import type { PixelArray, PixelType } from '../../../main/core/volume/types.js';

const CONSTRUCTORS = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** View a received buffer as the voxel type its header names; refuses a buffer of the wrong length. */
export function viewVoxels(pixelType: PixelType, buffer: ArrayBuffer, voxelCount: number): PixelArray {
  const Ctor = CONSTRUCTORS[pixelType];
  if (!Ctor) throw new Error(`Unsupported voxel type ${String(pixelType)}.`);
  if (buffer.byteLength !== voxelCount * Ctor.BYTES_PER_ELEMENT) {
    throw new Error(`Volume data has ${buffer.byteLength} bytes; expected ${voxelCount * Ctor.BYTES_PER_ELEMENT} for ${voxelCount} ${pixelType} voxels.`);
  }
  return new Ctor(buffer);
}
