import { bytesPerPixel, pixelsOver } from '../../../main/core/volume/pixels.js';
import type { PixelArray, PixelType } from '../../../main/core/volume/types.js';

/** View a received buffer as the voxel type its header names; refuses a buffer of the wrong length. */
export function viewVoxels(pixelType: PixelType, buffer: ArrayBuffer, voxelCount: number): PixelArray {
  const expected = voxelCount * bytesPerPixel(pixelType);
  if (buffer.byteLength !== expected) {
    throw new Error(`Volume data has ${buffer.byteLength} bytes; expected ${expected} for ${voxelCount} ${pixelType} voxels.`);
  }
  return pixelsOver(pixelType, buffer, 0, voxelCount);
}
