import { describe, expect, it } from 'vitest';
import { addSliceEdge, READER_EDGE_SHARE } from '../../../main/core/nodules/readerEdge.js';
import { IDENTITY_DIRECTION, type Geometry, type Vec3 } from '../../../main/core/volume/types.js';
import { paintVolume } from '../support/syntheticShapes.js';

/** LIDC-like voxels (0.7 mm pixels, 2.5 mm slices): −850 HU lung, a 40 HU ball of radius 5 mm, its edge a ramp over `edgeMm`. */
const grid: Geometry = { dims: [32, 32, 9], spacing: [0.7, 0.7, 2.5], origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION] };
const centre: Vec3 = [15.5 * 0.7, 15.5 * 0.7, 4 * 2.5];
const R = 5;
const radius = (p: Vec3) => Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]);
const ball = (edgeMm: number) =>
  paintVolume(grid, (p) => {
    const a = edgeMm > 0 ? Math.min(1, Math.max(0, (R - radius(p)) / edgeMm + 0.5)) : radius(p) <= R ? 1 : 0;
    return Math.round((1 - a) * -850 + a * 40);
  });
const span = { lungHu: -850, coreHu: 40 };
const [nx, ny, nz] = grid.dims;

/** Voxels whose centres lie within `r` mm of the centre, ascending. */
function within(r: number): Uint32Array {
  const out: number[] = [];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) if (radius([i * 0.7, j * 0.7, k * 2.5]) <= r) out.push(v);
  return Uint32Array.from(out);
}

describe('addSliceEdge', () => {
  it("adds the pixels touching the outline in its own slices that hold part of the nodule, as a reader's contour does, and no slice above or below", () => {
    const volume = ball(2);
    const outline = within(R);
    const inside = new Set(outline);
    const limit = span.lungHu + READER_EDGE_SHARE * (span.coreHu - span.lungHu);
    const expected: number[] = [];
    let offSlice = 0;
    for (let v = 0; v < volume.data.length; v++) {
      if (inside.has(v) || volume.data[v]! < limit) continue;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const inPlane = (i > 0 && inside.has(v - 1)) || (i < nx - 1 && inside.has(v + 1)) || (j > 0 && inside.has(v - nx)) || (j < ny - 1 && inside.has(v + nx));
      if (inPlane) expected.push(v);
      else if (inside.has(v - nx * ny) || inside.has(v + nx * ny)) offSlice++;
    }
    // The fixture has both: partial-volume pixels beside the outline, and partial-volume voxels only above or below it.
    expect(expected.length).toBeGreaterThan(50);
    expect(offSlice).toBeGreaterThan(0);
    const grown = addSliceEdge(volume, outline, span);
    expect([...grown]).toEqual([...new Set([...outline, ...expected])].sort((a, b) => a - b));
    // One pixel deep: the ramp goes on beyond what it added, and only a second call takes that in.
    expect(addSliceEdge(volume, grown, span).length).toBeGreaterThan(grown.length);
  });

  it('adds nothing around a hard-edged ball: the lung beside it holds no nodule', () => {
    const volume = ball(0);
    const outline = within(R);
    expect(addSliceEdge(volume, outline, span)).toBe(outline);
  });
});
