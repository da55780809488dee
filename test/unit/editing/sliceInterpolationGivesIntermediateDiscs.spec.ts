import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { distance, emptyLabelMap, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([44, 44, 10]);
const [nx, ny] = grid.dims;

/** Voxels of `label` on axial slice k, with their in-plane distance (mm) from (ci, cj). */
function axialSlice(data: Uint8Array, k: number, label: number, ci: number, cj: number) {
  const hits: { i: number; j: number; r: number }[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (data[i + nx * (j + ny * k)] === label) hits.push({ i, j, r: Math.hypot((i - ci) * 0.7, (j - cj) * 0.7) });
    }
  }
  return hits;
}

describe('shape-based interpolation between two key slices', () => {
  it('discs of 3 mm and 9 mm six slices apart give discs of linearly growing radius in between', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const [ci, cj] = [21.3, 22.6];
    editor.paintBrush(indexToWorld(grid, [ci, cj, 1]), 3, { plane: 'axial', mode: 'paint', label: 1 });
    editor.paintBrush(indexToWorld(grid, [ci, cj, 7]), 9, { plane: 'axial', mode: 'paint', label: 1 });
    expect(editor.slicesWithLabel(1, 'axial')).toEqual([1, 7]);
    const result = editor.interpolateSlices(1, 'axial', 7, 1);
    expect(editor.slicesWithLabel(1, 'axial')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(result.bbox!.min[2]).toBe(2);
    expect(result.bbox!.max[2]).toBe(6);
    let previousArea = axialSlice(map.data, 1, 1, ci, cj).length;
    for (let k = 2; k <= 6; k++) {
      const expectedRadius = 3 + (6 * (k - 1)) / 6;
      const hits = axialSlice(map.data, k, 1, ci, cj);
      const equivalentRadius = Math.sqrt((hits.length * 0.49) / Math.PI);
      expect(Math.abs(equivalentRadius - expectedRadius)).toBeLessThan(0.5);
      // A disc: everything well inside is filled, nothing well outside.
      expect(Math.max(...hits.map((h) => h.r))).toBeLessThan(expectedRadius + 0.8);
      const inner = hits.filter((h) => h.r <= expectedRadius - 0.8).length;
      const innerExpected = axialSliceCount(ci, cj, expectedRadius - 0.8);
      expect(inner).toBe(innerExpected);
      expect(hits.length).toBeGreaterThan(previousArea);
      previousArea = hits.length;
    }
    expect(axialSlice(map.data, 7, 1, ci, cj).length).toBeGreaterThan(previousArea);
  });

  it('a disc that moves between key slices moves through the slices in between', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    editor.paintBrush(indexToWorld(grid, [12, 20, 2]), 4, { plane: 'axial', mode: 'paint', label: 2 });
    editor.paintBrush(indexToWorld(grid, [20, 20, 6]), 4, { plane: 'axial', mode: 'paint', label: 2 });
    editor.interpolateSlices(2, 'axial', 2, 6);
    const mid = axialSlice(map.data, 4, 2, 16, 20);
    const meanI = mid.reduce((s, h) => s + h.i, 0) / mid.length;
    expect(Math.abs(meanI - 16)).toBeLessThan(0.5);
    expect(mid.length).toBeGreaterThan(0.6 * axialSlice(map.data, 2, 2, 12, 20).length);
  });

  it('works on coronal slices with the 2.5 mm axis in plane (distances in mm, not voxels)', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const c0: Vec3 = indexToWorld(grid, [21.2, 5, 4.6]);
    const c1: Vec3 = indexToWorld(grid, [21.2, 15, 4.6]);
    editor.paintBrush(c0, 4, { plane: 'coronal', mode: 'paint', label: 1 });
    editor.paintBrush(c1, 10, { plane: 'coronal', mode: 'paint', label: 1 });
    editor.interpolateSlices(1, 'coronal', 5, 15);
    // Slice j = 10 is half-way: a 7 mm disc, i.e. ±10 voxels along i but only ±2.8 slices along k.
    const middle = indexToWorld(grid, [21.2, 10, 4.6]);
    let count = 0;
    let maxK = -1;
    let minK = 99;
    for (let k = 0; k < grid.dims[2]; k++) {
      for (let i = 0; i < nx; i++) {
        if (map.data[i + nx * (10 + ny * k)] !== 1) continue;
        count++;
        maxK = Math.max(maxK, k);
        minK = Math.min(minK, k);
        expect(distance(indexToWorld(grid, [i, 10, k]), middle)).toBeLessThan(7 + 1.3);
      }
    }
    expect(maxK - minK).toBeLessThanOrEqual(6);
    const equivalentRadius = Math.sqrt((count * 0.7 * 2.5) / Math.PI);
    expect(Math.abs(equivalentRadius - 7)).toBeLessThan(0.8);
  });

  it('does nothing when a key slice lacks the label or the key slices are adjacent', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    editor.paintBrush(indexToWorld(grid, [20, 20, 2]), 4, { plane: 'axial', mode: 'paint', label: 1 });
    editor.paintBrush(indexToWorld(grid, [20, 20, 3]), 4, { plane: 'axial', mode: 'paint', label: 1 });
    expect(editor.interpolateSlices(1, 'axial', 2, 8).changedVoxels).toBe(0);
    expect(editor.interpolateSlices(1, 'axial', 2, 3).changedVoxels).toBe(0);
    expect(() => editor.interpolateSlices(1, 'axial', 2, 10)).toThrow(/outside/);
  });
});

function axialSliceCount(ci: number, cj: number, radius: number): number {
  let n = 0;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (Math.hypot((i - ci) * 0.7, (j - cj) * 0.7) <= radius) n++;
  return n;
}
