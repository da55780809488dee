import { describe, expect, it } from 'vitest';
import { findBlobs, findSmallBlobs } from '../../../main/core/nodules/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { distance } from './noduleFixtures.js';

/**
 * Lung (−850 HU) at 0.8 × 0.8 × 1.25 mm, 4 mm balls (40 HU) at heights on and around the 40 mm slab boundaries of the
 * small-nodule pass, and a 3 mm vessel running through the whole volume along x.
 */
function lungWithSmallBallsAndAVessel(ballsMm: Vec3[]): Volume {
  const dims: Vec3 = [110, 110, 80];
  const spacing: Vec3 = [0.8, 0.8, 1.25];
  const data = new Int16Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, o = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, o++) {
        const p: Vec3 = [i * spacing[0], j * spacing[1], k * spacing[2]];
        const ball = ballsMm.some((b) => distance(b, p) <= 2);
        const vessel = Math.hypot(p[1] - 70, p[2] - 50) <= 1.5;
        data[o] = ball || vessel ? 40 : -850;
      }
  return {
    dims, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, pixelType: 'int16',
    meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] },
  };
}

describe('small-nodule blob pass', () => {
  it('finds each 4 mm ball once, at its centre, on either side of its slab boundaries, and nothing on the vessel', () => {
    // The lung fills the whole volume, so the pass's box starts at z = 0 and its 40 mm slabs meet at z = 40 and 80 mm.
    const balls: Vec3[] = [[20, 20, 12], [40, 20, 38.5], [60, 20, 40], [20, 40, 41.5], [40, 40, 79], [60, 40, 90]];
    const volume = lungWithSmallBallsAndAVessel(balls);
    const lung = new Uint8Array(volume.data.length).fill(1);
    const blobs = findSmallBlobs(volume, lung);
    for (const b of balls) {
      const near = blobs.filter((s) => distance(s.centerLps, b) <= 3);
      expect(near, `ball at ${b.join(', ')}`).toHaveLength(1);
      expect(near[0]!.sigmaMm).toBe(1);
    }
    expect(blobs.filter((s) => Math.hypot(s.centerLps[1] - 70, s.centerLps[2] - 50) < 3)).toEqual([]);
    // The 2 mm filter sees them too, but at its smallest scale, as one or two voxels.
    expect(findBlobs(volume, lung).filter((s) => balls.some((b) => distance(s.centerLps, b) <= 3)).length).toBeLessThanOrEqual(balls.length);
  });
});
