import type { Image } from 'itk-wasm';
import type { Mat3, PixelArray, PixelType, Vec3 } from './types.js';
import { VolumeReadError } from './errors.js';
import { pixelTypeOf } from './pixels.js';

/**
 * itk-wasm serialises ITK's direction matrix row by row (element (r, c) at r·3 + c), the same layout as
 * our Mat3: column c is the LPS direction of index axis c. Checked with an oblique NIfTI written by our own
 * writer (test/unit/obliqueNiftiGeometryMatchesItkWasm.spec.ts); the real cases are all axis-aligned, so
 * they cannot tell the two layouts apart.
 */
export function itkDirectionToMat3(direction: ArrayLike<number>): Mat3 {
  return Array.from({ length: 9 }, (_, i) => Number(direction[i]) + 0) as Mat3;
}

export function mat3ToItkDirection(m: Mat3): Float64Array {
  return Float64Array.from(m);
}

export interface ItkVolumeParts {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Mat3;
  data: PixelArray;
  pixelType: PixelType;
}

/** Geometry and voxels of a 2-D or 3-D scalar itk-wasm image, without copying the voxels. */
export function fromItkImage(image: Image, label: string): ItkVolumeParts {
  if (image.imageType.components !== 1) {
    throw new VolumeReadError('unsupported-format', `${label} has ${image.imageType.components} components per voxel (colour or vector); only scalar images can be opened.`);
  }
  const dim = image.imageType.dimension;
  if (dim < 2 || dim > 3) throw new VolumeReadError('unsupported-format', `${label} is a ${dim}-D image; only 2-D and 3-D images can be opened.`);
  const data = image.data;
  if (!data || ArrayBuffer.isView(data) === false || data instanceof BigInt64Array || data instanceof BigUint64Array) {
    throw new VolumeReadError('unsupported-format', `${label} has a pixel type (${image.imageType.componentType}) that cannot be opened.`);
  }
  const pixels = data as PixelArray;
  const pad = (a: ArrayLike<number>, fill: number): Vec3 => [a[0] ?? fill, a[1] ?? fill, dim === 3 ? (a[2] ?? fill) : fill];
  let direction: Mat3;
  const d = Array.from(image.direction as ArrayLike<number>, Number);
  if (dim === 3) direction = itkDirectionToMat3(d);
  else {
    direction = [d[0]!, d[2]!, 0, d[1]!, d[3]!, 0, 0, 0, 1];
  }
  return {
    dims: pad(image.size, 1),
    spacing: pad(image.spacing, 1),
    origin: pad(image.origin, 0),
    direction,
    data: pixels,
    pixelType: pixelTypeOf(pixels),
  };
}
