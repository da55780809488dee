import type { Vec3 } from '../volume/types.js';
import { BINOMIAL_FULL, isoSurface, smoothBinomial } from './surfaceArea.js';

/** Area of the sphere with this volume: the least area any shape of that volume can have. */
export function equivalentSphereArea(volumeMm3: number): number {
  return Math.cbrt(36 * Math.PI * volumeMm3 * volumeMm3);
}

/**
 * Surface area (mm²) of a binary mask (background border ≥ 2 voxels): marching tetrahedra on the
 * mask smoothed by a (¼, ½, ¼) kernel per axis. On the raw binary mask the triangulated staircase
 * overestimates a sphere by ~30 % (voxel faces by ~50 %). The smoothed surface at level ½ is accurate
 * for large shapes but shrinks small ones (a 4 mm-radius sphere in 2.5 mm slices loses 23 % of its
 * volume), so the level is chosen where the surface encloses the mask's own volume (voxel count ×
 * voxel volume). Measured on digitised spheres: +1 … +2 % with ~1 mm voxels, +3 … +5 % with 2.5 mm
 * slices for radii of 4 – 30 mm.
 */
export function marchingCubesSurfaceArea(local: Uint8Array, dims: Vec3, spacing: Vec3): number {
  let voxels = 0;
  for (let n = 0; n < local.length; n++) if (local[n]) voxels++;
  if (voxels === 0) return 0;
  const target = voxels * spacing[0] * spacing[1] * spacing[2];
  const smoothed = smoothBinomial(local, dims);
  const surfaceAt = (level: number) => isoSurface(smoothed.field, dims, spacing, level * BINOMIAL_FULL, smoothed);
  const atHalf = surfaceAt(0.5);
  if (Math.abs(atHalf.volumeMm3 - target) <= 0.005 * target) return atHalf.areaMm2;
  // Enclosed volume falls as the level rises: bisect towards the matching level.
  let lo = atHalf.volumeMm3 < target ? 0.05 : 0.5;
  let hi = atHalf.volumeMm3 < target ? 0.5 : 0.95;
  let best = atHalf;
  for (let step = 0; step < 9; step++) {
    const level = (lo + hi) / 2;
    const s = surfaceAt(level);
    if (Math.abs(s.volumeMm3 - target) < Math.abs(best.volumeMm3 - target)) best = s;
    if (s.volumeMm3 > target) lo = level;
    else hi = level;
  }
  return best.areaMm2;
}

/** marchingCubesSurfaceArea, never below the isoperimetric bound (so sphericity stays ≤ 1). */
export function lesionSurfaceArea(local: Uint8Array, dims: Vec3, spacing: Vec3, volumeMm3: number): number {
  return Math.max(marchingCubesSurfaceArea(local, dims, spacing), equivalentSphereArea(volumeMm3));
}

export function sphericityOf(volumeMm3: number, areaMm2: number): number {
  if (areaMm2 <= 0) return 0;
  return Math.min(1, equivalentSphereArea(volumeMm3) / areaMm2);
}
