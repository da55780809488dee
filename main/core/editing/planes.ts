import type { Vec3 } from '../volume/types.js';
import type { SlicePlane } from './types.js';

/** Grid axis held constant on each view's slices: axial = k, coronal = j, sagittal = i. */
export const PLANE_AXIS: Record<SlicePlane, 0 | 1 | 2> = { sagittal: 0, coronal: 1, axial: 2 };

/** The two grid axes that span a slice of `plane`, in increasing order (u, v). */
export function inPlaneAxes(plane: SlicePlane): [number, number] {
  const fixed = PLANE_AXIS[plane];
  return fixed === 0 ? [1, 2] : fixed === 1 ? [0, 2] : [0, 1];
}

/**
 * Describes how one slice of a grid maps to linear voxel indices:
 * voxel (u, v) of the slice is `offset + u * strideU + v * strideV`.
 */
export interface SliceLayout {
  width: number;
  height: number;
  offset: number;
  strideU: number;
  strideV: number;
  spacingU: number;
  spacingV: number;
}

export function sliceLayout(dims: Vec3, spacing: Vec3, plane: SlicePlane, slice: number): SliceLayout {
  const strides = [1, dims[0], dims[0] * dims[1]];
  const fixed = PLANE_AXIS[plane];
  const [u, v] = inPlaneAxes(plane);
  return {
    width: dims[u]!,
    height: dims[v]!,
    offset: slice * strides[fixed]!,
    strideU: strides[u]!,
    strideV: strides[v]!,
    spacingU: spacing[u]!,
    spacingV: spacing[v]!,
  };
}

/** Copies a slice into a 2-D mask (row-major, u fastest): 1 where `keep(value)`. */
export function extractSliceMask(
  data: Uint8Array,
  layout: SliceLayout,
  keep: (value: number) => boolean,
): Uint8Array {
  const { width, height, offset, strideU, strideV } = layout;
  const mask = new Uint8Array(width * height);
  for (let v = 0; v < height; v++) {
    const row = offset + v * strideV;
    for (let u = 0; u < width; u++) if (keep(data[row + u * strideU]!)) mask[u + width * v] = 1;
  }
  return mask;
}
