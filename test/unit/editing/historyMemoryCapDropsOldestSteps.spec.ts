import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { emptyLabelMap, firstDifference, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([40, 40, 16]);

describe('undo history is memory-bounded', () => {
  it('stores changed voxels sparsely: a brush step costs bytes per changed voxel, not the volume', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const r = editor.paintBrush(indexToWorld(grid, [20, 20, 8]), 4, { plane: '3d', mode: 'paint', label: 1 });
    expect(editor.historyBytes).toBeLessThan(r.changedVoxels * 8 + 1024);
    expect(editor.historyBytes).toBeLessThan(map.data.length / 10);
  });

  it('drops the oldest steps beyond the cap; the newest stay undoable with exact bytes', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, null, { maxHistoryBytes: 6_000 });
    const states = [map.data.slice()];
    for (let n = 0; n < 12; n++) {
      editor.paintBrush(indexToWorld(grid, [6 + 2.5 * n, 20, 8]), 3.5, { plane: '3d', mode: 'paint', label: 1 + (n % 3) });
      states.push(map.data.slice());
      expect(editor.historyBytes).toBeLessThanOrEqual(6_000);
    }
    let undone = 0;
    while (editor.undo()) {
      undone++;
      expect(firstDifference(map.data, states[12 - undone]!)).toBe(-1);
    }
    expect(undone).toBeGreaterThan(2);
    expect(undone).toBeLessThan(12);
    // The oldest edits could not be undone: the first brush's voxels are still painted.
    expect(firstDifference(map.data, states[0]!)).toBeGreaterThanOrEqual(0);
    expect(firstDifference(map.data, states[12 - undone]!)).toBe(-1);
  });

  it('lowering the cap later drops steps at once; a step larger than the cap is not kept', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    for (let n = 0; n < 5; n++) editor.paintBrush(indexToWorld(grid, [8 + 6 * n, 20, 8]), 3, { plane: '3d', mode: 'paint', label: 1 });
    const big = editor.historyBytes;
    editor.setHistoryLimit(big / 2);
    expect(editor.historyBytes).toBeLessThanOrEqual(big / 2);
    expect(editor.canUndo).toBe(true);
    editor.setHistoryLimit(100);
    editor.paintBrush(indexToWorld(grid, [20, 20, 8]), 8, { plane: '3d', mode: 'paint', label: 2 });
    expect(editor.canUndo).toBe(false);
    expect(editor.isDirty).toBe(true);
  });
});
