import { describe, expect, it } from 'vitest';
import { measureLesions } from '../../../main/core/analysis/index.js';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { emptyLabelMap, firstDifference, imageOn, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([48, 36, 14]);
const image = imageOn(grid, () => 40);

/** Two separate label-1 balls (a small and a large one) and a label-2 ball touching the large one. */
function threeLesions() {
  const map = emptyLabelMap(grid);
  const editor = new LabelEditor(map, image);
  editor.paintBrush(indexToWorld(grid, [10, 18, 7]), 4, { plane: '3d', mode: 'paint', label: 1 });
  editor.paintBrush(indexToWorld(grid, [28, 18, 7]), 6, { plane: '3d', mode: 'paint', label: 1 });
  editor.paintBrush(indexToWorld(grid, [38, 18, 7]), 5, { plane: '3d', mode: 'paint', label: 2 });
  editor.markSaved();
  return { map, editor };
}

describe('deleting one lesion of the lesion table', () => {
  it('erases exactly the voxels of that 26-connected component, and undo/redo restore the bytes', () => {
    const { map, editor } = threeLesions();
    const lesions = measureLesions(map, image, { connectivity: 26 });
    expect(lesions.map((l) => l.label)).toEqual([1, 1, 2]);
    const [large, small, other] = lesions as [(typeof lesions)[0], (typeof lesions)[0], (typeof lesions)[0]];
    expect(large.voxelCount).toBeGreaterThan(small.voxelCount);
    // The anchor is a voxel of the lesion itself.
    const [nx, ny] = grid.dims;
    expect(map.data[large.anchorIjk[0] + nx * (large.anchorIjk[1] + ny * large.anchorIjk[2])]).toBe(1);

    const before = map.data.slice();
    const result = editor.eraseComponent(large.anchorIjk);
    expect(result.changedVoxels).toBe(large.voxelCount);
    expect(result.deltaByLabel).toEqual({ 0: large.voxelCount, 1: -large.voxelCount });
    expect(indicesWhere(map.data, 1).length).toBe(small.voxelCount);
    expect(indicesWhere(map.data, 2).length).toBe(other.voxelCount);
    const after = measureLesions(map, image, { connectivity: 26 });
    expect(after.map((l) => [l.label, l.voxelCount, l.anchorIjk])).toEqual([[1, small.voxelCount, small.anchorIjk], [2, other.voxelCount, other.anchorIjk]]);
    expect(editor.isDirty).toBe(true);

    const undone = editor.undo()!;
    expect(undone.changedVoxels).toBe(large.voxelCount);
    expect(firstDifference(map.data, before)).toBe(-1);
    expect(editor.isDirty).toBe(false);
    // The same lesion comes back with the same key, so a name given to it comes back too.
    expect(measureLesions(map, image, { connectivity: 26 })[0]!.anchorIjk).toEqual(large.anchorIjk);
    editor.redo();
    expect(indicesWhere(map.data, 1).length).toBe(small.voxelCount);
  });

  it('refuses to delete a lesion of a locked label, and does nothing on background', () => {
    const { map, editor } = threeLesions();
    const [large] = measureLesions(map, image, { connectivity: 26 });
    const before = map.data.slice();
    editor.lockLabel(1, true);
    expect(editor.eraseComponent(large!.anchorIjk)).toMatchObject({ changedVoxels: 0, lockedLabel: true });
    expect(editor.eraseComponent([0, 0, 0]).changedVoxels).toBe(0);
    expect(firstDifference(map.data, before)).toBe(-1);
    expect(editor.isDirty).toBe(false); // no step was recorded
  });
});
