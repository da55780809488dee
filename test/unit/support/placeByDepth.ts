import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { seededRandom } from '../editing/editingFixtures.js';
import { distance } from '../nodules/noduleFixtures.js';
import { ballVoxels } from './syntheticNodules.js';

export const PLACES = ['deep', 'juxtapleural'] as const;
export type Place = (typeof PLACES)[number];

/**
 * A seeded place for a ball of radius `r`: deep (≥ r + 4 mm inside the lung) or juxtapleural (its centre 0.4 r inside the
 * lung border, so the ball meets the chest wall), ≥ r + 3 mm from the slab's ends and 40 mm + r from every point of
 * `avoid`. `depth2`: squared distance (mm²) of each voxel to the outside of the lung.
 */
export function placeAtDepth(volume: Volume, lung: Uint8Array, depth2: Float64Array, where: Place, r: number, avoid: Vec3[], seed: number): Vec3 | null {
  const random = seededRandom(seed);
  const [nx, ny, nz] = volume.dims;
  for (let t = 0; t < 200_000; t++) {
    const o = Math.floor(random() * lung.length);
    if (!lung[o]) continue;
    const d = Math.sqrt(depth2[o]!);
    if (where === 'deep' ? d < r + 4 : Math.abs(d - 0.4 * r) > 0.7) continue;
    const k = Math.floor(o / (nx * ny));
    if (k * volume.spacing[2] < r + 3 || (nz - 1 - k) * volume.spacing[2] < r + 3) continue;
    const p = indexToWorld(volume, [o % nx, Math.floor((o % (nx * ny)) / nx), k]);
    if (!avoid.some((a) => distance(a, p) < 40 + r)) return p;
  }
  return null;
}

/** The ball ∩ lung voxels (the truth: LIDC readers and the training labels both stop at the pleura) and their centroid. */
export function ballInLung(volume: Volume, lung: Uint8Array, centre: Vec3, r: number): { voxels: Uint32Array; centroid: Vec3 } {
  const voxels = ballVoxels(volume, centre, r).filter((v) => lung[v]);
  const sum: Vec3 = [0, 0, 0];
  const [nx, ny] = volume.dims;
  for (const o of voxels) {
    const p = indexToWorld(volume, [o % nx, Math.floor((o % (nx * ny)) / nx), Math.floor(o / (nx * ny))]);
    for (let a = 0; a < 3; a++) sum[a] = sum[a]! + p[a]!;
  }
  return { voxels, centroid: sum.map((s) => s / voxels.length) as Vec3 };
}
