import { describe, expect, it } from 'vitest';
import { axialSliceAxis, measureLesions } from '../../main/core/analysis/index.js';
import { worldToIndex } from '../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../main/core/volume/types.js';
import { gridPoint, paintLabelMap } from './support/syntheticShapes.js';

/*
 * A coronal acquisition: i runs left, j runs feet-ward (−S), k runs posterior. Axial planes are then
 * the grid's j-slices, and RECIST must be measured there, not in the acquired (coronal) k-slices.
 */
const coronal: Geometry = {
  dims: [60, 70, 40],
  spacing: [0.8, 0.8, 2.0],
  origin: [-20, -10, 40],
  direction: [1, 0, 0, 0, 0, 1, 0, -1, 0],
};

/** A grid whose i axis runs cranio-caudally (S), j posterior, k right: axial planes are i-slices. */
const iAlongZ: Geometry = {
  dims: [40, 60, 70],
  spacing: [2.0, 0.8, 0.8],
  origin: [30, -20, -40],
  direction: [0, 0, -1, 0, 1, 0, 1, 0, 0],
};

describe.each([
  { name: 'a coronal series (axial = j-slices)', grid: coronal, axis: 1, centreIjk: [30, 35, 20] as Vec3 },
  { name: 'a series stored with i along S (axial = i-slices)', grid: iAlongZ, axis: 0, centreIjk: [20, 30, 35] as Vec3 },
])('RECIST in $name', ({ grid, axis, centreIjk }) => {
  it('picks the grid axis closest to S–I as the slice axis', () => {
    expect(axialSliceAxis(grid)).toBe(axis);
  });

  it('measures a cranio-caudally elongated lesion by its axial cross-section, while Feret sees its length', () => {
    const coronal = grid;
    // Semi-axes: 8 mm along x (L), 5 mm along y (P), 20 mm along z (S).
    const centre = gridPoint(coronal, centreIjk);
    const labelMap = paintLabelMap(coronal, (p) =>
      ((p[0] - centre[0]) / 8) ** 2 + ((p[1] - centre[1]) / 5) ** 2 + ((p[2] - centre[2]) / 20) ** 2 <= 1,
    );
    const [lesion] = measureLesions(labelMap);
    const recist = lesion!.recist!;
    expect(recist.sliceAxis).toBe(axis);
    // Every end point lies in one axial plane (constant z, constant j).
    const ends: Vec3[] = [...recist.longEndpointsLps, ...recist.shortEndpointsLps];
    for (const p of ends) {
      expect(p[2]).toBeCloseTo(ends[0]![2], 9);
      expect(worldToIndex(coronal, p)[axis]).toBeCloseTo(recist.sliceK, 9);
    }
    expect(Math.abs(recist.longMm - 16)).toBeLessThanOrEqual(1.6);
    expect(Math.abs(recist.shortMm - 10)).toBeLessThanOrEqual(2.0);
    // The long axis runs left–right (x), the short one antero-posterior (y).
    const [l0, l1] = recist.longEndpointsLps;
    expect(Math.abs(l1[0] - l0[0]) / recist.longMm).toBeGreaterThan(0.99);
    // Feret runs along S–I: within one voxel extent, along its own direction, of the 40 mm length.
    const [f0, f1] = lesion!.feretEndpointsLps;
    const u = [0, 1, 2].map((c) => (f1[c]! - f0[c]!) / lesion!.feretMm);
    const extent = [0, 1, 2].reduce((w, c) => w + Math.abs(u[0]! * grid.direction[c]! + u[1]! * grid.direction[3 + c]! + u[2]! * grid.direction[6 + c]!) * grid.spacing[c]!, 0);
    expect(Math.abs(u[2]!)).toBeGreaterThan(0.99);
    expect(Math.abs(lesion!.feretMm - 40)).toBeLessThanOrEqual(extent);
  });
});
