import type { Vec3 } from '../volume/types.js';
import { isoSurfaceArea, smoothBinary } from './surfaceArea.js';

/** Area of the sphere with this volume: the least area any shape of that volume can have. */
export function equivalentSphereArea(volumeMm3: number): number {
  return Math.cbrt(36 * Math.PI * volumeMm3 * volumeMm3);
}

/**
 * Surface area of a lesion's local mask (background border ≥ 2 voxels): marching tetrahedra on the
 * mask smoothed by a (¼, ½, ¼) kernel per axis, at iso-level ½. On a raw binary mask the triangulated
 * staircase overestimates a sphere by ~27 % (voxel faces by ~50 %); after this light smoothing the
 * error is ~3 %. Smoothing shrinks lesions of a few voxels, so the result is never allowed below the
 * isoperimetric bound (the area of the sphere of equal volume).
 */
export function lesionSurfaceArea(local: Uint8Array, dims: Vec3, spacing: Vec3, volumeMm3: number): number {
  const field = smoothBinary(local, dims, 0.25);
  return Math.max(isoSurfaceArea(field, dims, spacing, 0.5), equivalentSphereArea(volumeMm3));
}

export function sphericityOf(volumeMm3: number, areaMm2: number): number {
  if (areaMm2 <= 0) return 0;
  return Math.min(1, equivalentSphereArea(volumeMm3) / areaMm2);
}
