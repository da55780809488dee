import { describe, expect, it } from 'vitest';
import { componentShape, findBlobs, symmetricEigenvalues } from '../../../main/core/nodules/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { distance } from './noduleFixtures.js';

/** 96 mm cube of lung (−850 HU) at 1 mm with a 10 mm ball and a 5 mm vessel crossing the whole cube along x. */
function lungWithBallAndVessel(): Volume {
  const n = 96;
  const data = new Int16Array(n ** 3);
  for (let k = 0, o = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++, o++) {
        const ball = (i - 30) ** 2 + (j - 30) ** 2 + (k - 48) ** 2 <= 25;
        const vessel = (j - 66) ** 2 + (k - 48) ** 2 <= 2.5 ** 2;
        data[o] = ball || vessel ? 40 : -850;
      }
  return {
    dims: [n, n, n], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, pixelType: 'int16',
    meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] },
  };
}

describe('multi-scale blob filter', () => {
  it('finds the ball at its centre and scale, and nothing along the vessel', () => {
    const volume = lungWithBallAndVessel();
    const blobs = findBlobs(volume, new Uint8Array(volume.data.length).fill(1));
    const ball: Vec3 = [30, 30, 48];
    expect(distance(blobs[0]!.centerLps, ball)).toBeLessThanOrEqual(2);
    // A ball of radius r responds most at σ ≈ r / √3 ≈ 2.9 mm.
    expect(blobs[0]!.sigmaMm).toBeGreaterThanOrEqual(2.5);
    expect(blobs[0]!.sigmaMm).toBeLessThanOrEqual(3.5);
    expect(blobs[0]!.blobness).toBeGreaterThan(0.8);
    const onVessel = blobs.filter((b) => Math.hypot(b.centerLps[1] - 66, b.centerLps[2] - 48) < 4);
    expect(onVessel).toEqual([]);
  });

  it('computes eigenvalues of a symmetric matrix in descending order', () => {
    expect(symmetricEigenvalues(2, 3, 5, 0, 0, 0)).toEqual([5, 3, 2]);
    const [a, b, c] = symmetricEigenvalues(2, 2, 1, 1, 0, 0); // [[2,1,0],[1,2,0],[0,0,1]] → 3, 1, 1
    expect(a).toBeCloseTo(3, 9);
    expect(b).toBeCloseTo(1, 9);
    expect(c).toBeCloseTo(1, 9);
  });

  it('tells a tube (elongation ≫ 3, vessel-like) from a ball (≈ 1)', () => {
    const dims: Vec3 = [40, 40, 40];
    const labels = new Int32Array(40 ** 3);
    for (let k = 0, o = 0; k < 40; k++)
      for (let j = 0; j < 40; j++)
        for (let i = 0; i < 40; i++, o++) {
          if ((i - 20) ** 2 + (j - 20) ** 2 + (k - 20) ** 2 <= 36) labels[o] = 1;
          if ((j - 5) ** 2 + (k - 5) ** 2 <= 4) labels[o] = 2;
        }
    const ball = componentShape(labels, 1, dims, [1, 1, 1]);
    const tube = componentShape(labels, 2, dims, [1, 1, 1]);
    expect(ball.elongation).toBeLessThan(1.1);
    expect(ball.borderFraction).toBe(0);
    expect(tube.elongation).toBeGreaterThan(5);
    expect(tube.borderFraction).toBeGreaterThan(0.03); // the default refusal threshold
  });
});
