import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import type { LabelMap } from '../../../main/core/volume/types.js';
import { emptyLabelMap, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([30, 24, 10]);
const [nx, ny] = grid.dims;
const at = (i: number, j: number, k: number) => i + nx * (j + ny * k);

/** Outline of the rectangle i0..i1 × j0..j1 on axial slice k, with value `label`. */
function drawRectangle(map: LabelMap, k: number, i0: number, i1: number, j0: number, j1: number, label: number): void {
  for (let i = i0; i <= i1; i++) map.data[at(i, j0, k)] = map.data[at(i, j1, k)] = label;
  for (let j = j0; j <= j1; j++) map.data[at(i0, j, k)] = map.data[at(i1, j, k)] = label;
}

describe('slice fill fills the enclosed background region from a click', () => {
  it('fills the inside of a closed outline on an axial slice, exactly, and only on that slice', () => {
    const map = emptyLabelMap(grid);
    drawRectangle(map, 4, 5, 20, 3, 15, 1);
    const editor = new LabelEditor(map);
    const result = editor.fillSlice([10, 9, 4], 'axial', 1);
    expect(result.changedVoxels).toBe(14 * 11); // interior (6..19) × (4..14)
    expect(result.bbox).toEqual({ min: [6, 4, 4], max: [19, 14, 4] });
    expect(indicesWhere(map.data, 1).length).toBe(16 * 13);
    expect(map.data[at(10, 9, 3)]).toBe(0);
    expect(map.data[at(10, 9, 5)]).toBe(0);
  });

  it('a diagonal (8-connected) outline still closes the region', () => {
    const map = emptyLabelMap(grid);
    // Diamond |i-12| + |j-10| = 6 on slice 2: only diagonal steps.
    for (let i = 6; i <= 18; i++) {
      const dj = 6 - Math.abs(i - 12);
      map.data[at(i, 10 + dj, 2)] = map.data[at(i, 10 - dj, 2)] = 1;
    }
    const editor = new LabelEditor(map);
    const result = editor.fillSlice([12, 10, 2], 'axial', 1);
    expect(result.notEnclosed).toBeFalsy();
    // Interior of |di| + |dj| < 6: 1 + 2·(1 + 3 + 5 + 7 + 9) = 61 voxels.
    expect(result.changedVoxels).toBe(61);
  });

  it('a region open to the slice border is refused and nothing changes', () => {
    const map = emptyLabelMap(grid);
    drawRectangle(map, 4, 5, 20, 3, 15, 1);
    map.data[at(5, 9, 4)] = 0; // a gap in the outline
    const before = map.data.slice();
    const editor = new LabelEditor(map);
    const result = editor.fillSlice([10, 9, 4], 'axial', 1);
    expect(result.notEnclosed).toBe(true);
    expect(result.changedVoxels).toBe(0);
    expect(map.data).toEqual(before);
    expect(editor.canUndo).toBe(false);
  });

  it('an outline of another label bounds the fill and is not overwritten; clicking on a label does nothing', () => {
    const map = emptyLabelMap(grid);
    drawRectangle(map, 6, 2, 12, 2, 12, 2);
    const editor = new LabelEditor(map);
    expect(editor.fillSlice([7, 7, 6], 'axial', 1).changedVoxels).toBe(81);
    expect(indicesWhere(map.data, 2).length).toBe(40);
    expect(editor.fillSlice([2, 7, 6], 'axial', 1).changedVoxels).toBe(0);
  });

  it('fills on coronal (constant j) and sagittal (constant i) slices too', () => {
    const map = emptyLabelMap(grid);
    // Coronal slice j = 8: outline in (i, k) of i 3..9, k 1..7.
    for (let i = 3; i <= 9; i++) map.data[at(i, 8, 1)] = map.data[at(i, 8, 7)] = 1;
    for (let k = 1; k <= 7; k++) map.data[at(3, 8, k)] = map.data[at(9, 8, k)] = 1;
    const editor = new LabelEditor(map);
    const coronal = editor.fillSlice([5, 8, 4], 'coronal', 1);
    expect(coronal.changedVoxels).toBe(5 * 5);
    expect(coronal.bbox).toEqual({ min: [4, 8, 2], max: [8, 8, 6] });
    // Sagittal slice i = 25: outline in (j, k) of j 2..6, k 2..6.
    for (let j = 2; j <= 6; j++) map.data[at(25, j, 2)] = map.data[at(25, j, 6)] = 3;
    for (let k = 2; k <= 6; k++) map.data[at(25, 2, k)] = map.data[at(25, 6, k)] = 3;
    const sagittal = editor.fillSlice([25, 4, 4], 'sagittal', 3);
    expect(sagittal.bbox).toEqual({ min: [25, 3, 3], max: [25, 5, 5] });
  });
});
