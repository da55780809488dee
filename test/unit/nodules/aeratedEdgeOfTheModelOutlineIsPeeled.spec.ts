import { describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { cropGrid } from '../../../main/core/inference/segment.js';
import { peelAeratedEdge } from '../../../main/core/nodules/aeratedEdge.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3, Volume } from '../../../main/core/volume/types.js';
import { seededRandom } from '../editing/editingFixtures.js';
import { noduleManifest } from './noduleFixtures.js';

/**
 * Noisy −850 HU lung on the demo phantom's grid (1 × 1 × 2.5 mm) holding a 40 HU ball of `diameterMm`, its edge a
 * step or blurred over `edgeMm` (a linear ramp across the edge), with an air cavity of `cavityMm` inside.
 */
function lungWithBall(diameterMm: number, edgeMm: number, cavityMm = 0): { volume: Volume; centre: Vec3 } {
  const phantom = makeDemoPhantom();
  const [nx, ny, nz] = phantom.dims;
  const random = seededRandom(7);
  const data = new Int16Array(phantom.data.length);
  const c = [nx / 2, ny / 2, nz / 2].map(Math.floor) as Vec3;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        const r = Math.hypot(i - c[0], j - c[1], (k - c[2]) * phantom.spacing[2]);
        const a = edgeMm > 0 ? Math.min(1, Math.max(0, (diameterMm / 2 - r) / edgeMm + 0.5)) : r <= diameterMm / 2 ? 1 : 0;
        const hu = r < cavityMm / 2 ? -950 : (1 - a) * -850 + a * 40;
        data[v] = Math.round(hu + 24 * (random() - 0.5));
      }
  return { volume: { ...phantom, data }, centre: indexToWorld(phantom, c) };
}

/** A model-like outline on the crop grid: a ball of `diameterMm` around `centre`, as label 1. */
function outline(grid: Geometry, centre: Vec3, diameterMm: number): Int32Array {
  const labels = new Int32Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  for (let k = 0, v = 0; k < grid.dims[2]; k++)
    for (let j = 0; j < grid.dims[1]; j++)
      for (let i = 0; i < grid.dims[0]; i++, v++) {
        const p = indexToWorld(grid, [i, j, k]);
        if (Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= diameterMm / 2) labels[v] = 1;
      }
  return labels;
}

const count = (labels: Int32Array) => labels.reduce((n, l) => n + (l === 1 ? 1 : 0), 0);
const diameterOf = (labels: Int32Array) => Math.cbrt((6 * count(labels)) / Math.PI); // 1 mm crop voxels

describe('peelAeratedEdge', () => {
  const manifest = noduleManifest();

  it('peels the plain lung the model drew around a hard-edged 12 mm ball, to within a slice of it', () => {
    const { volume, centre } = lungWithBall(12, 0);
    const grid = cropGrid(manifest, centre);
    const labels = outline(grid, centre, 15);
    expect(peelAeratedEdge(volume, grid, labels, 1).peeled.length).toBeGreaterThan(0);
    // Measured 13.4 mm: the crop reads the 2.5 mm slices trilinearly, so the ball's ends in z carry interpolated density.
    expect(Math.abs(diameterOf(labels) - 12)).toBeLessThan(2.5);
    expect(diameterOf(labels)).toBeLessThan(14);
  });

  it('keeps the partial-volume margin of a blurred edge, and a cavity inside', () => {
    const blurred = lungWithBall(12, 3);
    const grid = cropGrid(manifest, blurred.centre);
    const labels = outline(grid, blurred.centre, 14);
    peelAeratedEdge(blurred.volume, grid, labels, 1);
    // The ramp reaches 20 % of the span 0.9 mm outside the 12 mm edge: a 13.8 mm ball stays.
    expect(diameterOf(labels)).toBeGreaterThan(13.2);

    const cavitated = lungWithBall(16, 0, 8);
    const cavityGrid = cropGrid(manifest, cavitated.centre);
    const filled = outline(cavityGrid, cavitated.centre, 16);
    const before = count(filled);
    peelAeratedEdge(cavitated.volume, cavityGrid, filled, 1);
    expect(count(filled)).toBeGreaterThan(0.9 * before);
  });

  it('peels nothing where it would take most of the outline, or where the outline is no denser than the lung', () => {
    const small = lungWithBall(4, 0);
    const grid = cropGrid(manifest, small.centre);
    const labels = outline(grid, small.centre, 12);
    expect(peelAeratedEdge(small.volume, grid, labels, 1)).toEqual({ peeled: [], span: null });
    expect(count(labels)).toBe(count(outline(grid, small.centre, 12)));
    const lungOnly = lungWithBall(0, 0);
    expect(peelAeratedEdge(lungOnly.volume, grid, outline(grid, small.centre, 12), 1)).toEqual({ peeled: [], span: null });
  });
});
