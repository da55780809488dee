import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { emptyLabelMap, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([24, 24, 8]);

describe('label table: add, rename, recolour, delete, active label — each undoable', () => {
  it('adds labels at the lowest free value with a palette colour and makes the new one active', () => {
    const editor = new LabelEditor(emptyLabelMap(grid, [1, 3]));
    expect(editor.activeLabel).toBe(1);
    const added = editor.addLabel('nodule');
    expect(added.value).toBe(2);
    expect(editor.activeLabel).toBe(2);
    expect(editor.labels.map((l) => l.value)).toEqual([1, 2, 3]);
    expect(added.color.every((c) => c >= 0 && c <= 255)).toBe(true);
    expect(() => editor.addLabel('dup', [1, 2, 3], 3)).toThrow(/exists/);
    expect(() => editor.setActiveLabel(9)).toThrow();
    editor.undo();
    expect(editor.labels.map((l) => l.value)).toEqual([1, 3]);
    expect(editor.activeLabel).toBe(1);
  });

  it('rename and recolour change the table and undo back', () => {
    const map = emptyLabelMap(grid, [1]);
    const editor = new LabelEditor(map);
    expect(editor.renameLabel(1, 'liver').labelsChanged).toBe(true);
    editor.recolorLabel(1, [200, 120, 40]);
    expect(map.labels[0]).toEqual({ value: 1, name: 'liver', color: [200, 120, 40] });
    expect(() => editor.recolorLabel(1, [300, 0, 0])).toThrow(/0–255/);
    editor.undo();
    expect(map.labels[0]!.color).toEqual([60, 0, 0]);
    editor.undo();
    expect(map.labels[0]!.name).toBe('label 1');
    editor.redo();
    expect(map.labels[0]!.name).toBe('liver');
  });

  it('delete removes the label and its voxels in one step; undo brings both back', () => {
    const map = emptyLabelMap(grid, [1, 2]);
    const editor = new LabelEditor(map);
    editor.paintBrush(indexToWorld(grid, [12, 12, 4]), 4, { plane: '3d', mode: 'paint', label: 2 });
    const voxels = indicesWhere(map.data, 2);
    const result = editor.deleteLabel(2);
    expect(result.deltaByLabel).toEqual({ 0: voxels.length, 2: -voxels.length });
    expect(map.labels.map((l) => l.value)).toEqual([1]);
    expect(indicesWhere(map.data, 2)).toEqual([]);
    const undone = editor.undo()!;
    expect(undone.labelsChanged).toBe(true);
    expect(indicesWhere(map.data, 2)).toEqual(voxels);
    expect(map.labels.map((l) => l.value)).toEqual([1, 2]);
  });
});
