import type { Vec3 } from '../volume/types.js';
import { signedDistance } from './distanceTransform.js';
import { extractSliceMask, PLANE_AXIS, sliceLayout, type SliceLayout } from './planes.js';
import type { SlicePlane } from './types.js';

export interface InterpolatedSlice {
  slice: number;
  layout: SliceLayout;
  /** 1 where the interpolated shape covers the slice (u fastest). */
  mask: Uint8Array;
}

/**
 * Shape-based interpolation (Raya & Udupa; Herman et al.): the label's signed distance maps (mm) on
 * key slices s0 and s1 are blended linearly and thresholded at 0 for each slice strictly between them.
 * Returns nothing when either key slice lacks the label or they are adjacent.
 */
export function interpolateLabelSlices(
  data: Uint8Array,
  dims: Vec3,
  spacing: Vec3,
  plane: SlicePlane,
  label: number,
  s0: number,
  s1: number,
): InterpolatedSlice[] {
  const [a, b] = s0 <= s1 ? [s0, s1] : [s1, s0];
  const layout0 = sliceLayout(dims, spacing, plane, a);
  const layout1 = sliceLayout(dims, spacing, plane, b);
  const mask0 = extractSliceMask(data, layout0, (x) => x === label);
  const mask1 = extractSliceMask(data, layout1, (x) => x === label);
  if (b - a < 2 || !mask0.includes(1) || !mask1.includes(1)) return [];
  const { width, height, spacingU, spacingV } = layout0;
  const sd0 = signedDistance(mask0, width, height, spacingU, spacingV);
  const sd1 = signedDistance(mask1, width, height, spacingU, spacingV);
  const out: InterpolatedSlice[] = [];
  for (let s = a + 1; s < b; s++) {
    const t = (s - a) / (b - a);
    const mask = new Uint8Array(width * height);
    for (let p = 0; p < mask.length; p++) if ((1 - t) * sd0[p]! + t * sd1[p]! <= 0) mask[p] = 1;
    out.push({ slice: s, layout: sliceLayout(dims, spacing, plane, s), mask });
  }
  return out;
}

/** Indices (ascending) of the slices of `plane` that contain `label`. One pass over the volume. */
export function slicesContainingLabel(data: Uint8Array, dims: Vec3, plane: SlicePlane, label: number): number[] {
  const [nx, ny, nz] = dims;
  const axis = PLANE_AXIS[plane];
  const hit = new Uint8Array(dims[axis]);
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) if (data[v] === label) hit[axis === 0 ? i : axis === 1 ? j : k] = 1;
    }
  }
  const out: number[] = [];
  hit.forEach((h, s) => h && out.push(s));
  return out;
}
