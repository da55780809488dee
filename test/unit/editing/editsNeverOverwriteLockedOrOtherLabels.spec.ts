import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { emptyLabelMap, firstDifference, imageOn, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([36, 36, 12]);
const image = imageOn(grid, () => 50);
const left = indexToWorld(grid, [13, 18, 6]);
const right = indexToWorld(grid, [23, 18, 6]);

/** Label 1 sphere on the left and label 2 sphere on the right, overlapping in the middle. */
function twoLesions() {
  const map = emptyLabelMap(grid);
  const editor = new LabelEditor(map, image);
  editor.paintBrush(left, 6, { plane: '3d', mode: 'paint', label: 1 });
  editor.paintBrush(right, 6, { plane: '3d', mode: 'paint', label: 2 });
  return { map, editor, one: indicesWhere(map.data, 1), two: indicesWhere(map.data, 2) };
}

describe('edits never bleed into other labels, and locked labels never change', () => {
  it('by default paint writes only background or its own label, and erase removes only its own label', () => {
    const { map, editor, two } = twoLesions();
    const result = editor.paintBrush(right, 9, { plane: '3d', mode: 'paint', label: 1 });
    expect(indicesWhere(map.data, 2)).toEqual(two);
    expect(result.deltaByLabel[2]).toBeUndefined();
    editor.paintBrush(right, 20, { plane: '3d', mode: 'erase', label: 1 });
    expect(indicesWhere(map.data, 2)).toEqual(two);
    expect(indicesWhere(map.data, 1)).toEqual([]);
  });

  it('overwrite replaces other labels when asked, and reports what it took from them', () => {
    const { map, editor, two } = twoLesions();
    const result = editor.paintBrush(right, 3, { plane: '3d', mode: 'paint', label: 1, overwrite: true });
    expect(result.deltaByLabel[2]).toBeLessThan(0);
    expect(indicesWhere(map.data, 2).length).toBe(two.length + result.deltaByLabel[2]!);
  });

  it('a locked label survives overwrite paint, overwrite erase, fill, grow, interpolation and model output', () => {
    const { map, editor, two } = twoLesions();
    editor.lockLabel(2, true);
    expect(editor.isLocked(2)).toBe(true);
    editor.paintBrush(right, 10, { plane: '3d', mode: 'paint', label: 1, overwrite: true });
    editor.paintBrush(right, 10, { plane: 'axial', mode: 'erase', label: 1, overwrite: true });
    editor.paintBrush(right, 10, { plane: '3d', mode: 'paint', label: 3, overwrite: true });
    editor.growFromSeed([30, 30, 6], [0, 100], 3, 1_000_000);
    editor.interpolateSlices(3, 'axial', 0, 11, { overwrite: true });
    editor.applyModelLabels('liver', new Uint8Array(map.data.length).fill(1), { overwrite: true });
    expect(indicesWhere(map.data, 2)).toEqual(two);
  });

  it('edits with a locked label are refused; deleting it is refused; unlocking allows them again', () => {
    const { map, editor, two } = twoLesions();
    editor.lockLabel(2, true);
    const before = map.data.slice();
    expect(editor.paintBrush(left, 4, { plane: '3d', mode: 'erase', label: 2 }).lockedLabel).toBe(true);
    expect(editor.paintBrush(left, 4, { plane: '3d', mode: 'paint', label: 2 }).lockedLabel).toBe(true);
    expect(editor.deleteLabel(2).lockedLabel).toBe(true);
    expect(firstDifference(map.data, before)).toBe(-1);
    editor.lockLabel(2, false);
    const result = editor.paintBrush(right, 3, { plane: '3d', mode: 'erase', label: 2 });
    expect(result.deltaByLabel[2]).toBeLessThan(0);
    expect(indicesWhere(map.data, 2).length).toBeLessThan(two.length);
  });
});
