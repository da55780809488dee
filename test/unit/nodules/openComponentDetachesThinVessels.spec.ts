import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../../main/core/analysis/connectedComponents.js';
import { openComponent } from '../../../main/core/nodules/detach.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';

const grid: Geometry = { dims: [48, 48, 40], spacing: [1, 1, 1.25], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
const centre: Vec3 = [20, 24, 25];

/** Component 1 on the grid: a ball of `radius` mm at `centre` and/or a 2 mm-thick tube along x through y = 24, z = 25. */
function labels(ball: number, tube: boolean): Int32Array {
  const [nx, ny, nz] = grid.dims;
  const out = new Int32Array(nx * ny * nz);
  for (let k = 0, o = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, o++) {
        const p = [i, j, k * 1.25];
        const inBall = Math.hypot(p[0]! - centre[0], p[1]! - centre[1], p[2]! - centre[2]) <= ball;
        const inTube = tube && i >= 20 && Math.hypot(p[1]! - 24, p[2]! - 25) <= 1;
        if (inBall || inTube) out[o] = 1;
      }
  return out;
}

const count = (m: ArrayLike<number>) => {
  let n = 0;
  for (let v = 0; v < m.length; v++) if (m[v]) n++;
  return n;
};
/** Share of `ball`'s voxels that are in `opened` (a digital ball loses a few single-voxel bumps to any opening). */
const kept = (ball: Int32Array, opened: Uint8Array) => count(ball.map((v, i) => (v && opened[i] ? 1 : 0))) / count(ball);

describe('openComponent (the second look at a refused component)', () => {
  it('cuts a 2 mm vessel off an 8 mm nodule and keeps the nodule whole', () => {
    const ball = labels(4, false);
    const opened = openComponent(labels(4, true), 1, grid, 3);
    const pieces = labelComponents(opened, grid.dims, { connectivity: 26 });
    expect(pieces.count).toBe(1);
    // The ball survives but for surface bumps, and at most a ring of vessel stub (< 15 % of the ball) comes with it.
    expect(kept(ball, opened)).toBeGreaterThan(0.98);
    expect(count(opened) - count(ball)).toBeLessThan(0.15 * count(ball));
  });

  it('leaves nothing of a vessel alone', () => {
    expect(count(openComponent(labels(0, true), 1, grid, 3))).toBe(0);
  });

  it('keeps a nodule without vessels as it is', () => {
    const ball = labels(5, false);
    const opened = openComponent(ball, 1, grid, 3);
    expect(kept(ball, opened)).toBeGreaterThan(0.98);
    expect(count(opened)).toBeLessThanOrEqual(count(ball));
  });
});
