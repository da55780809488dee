import { describe, expect, it } from 'vitest';
import { LabelEditor, planLabelImport } from '../../../main/core/editing/index.js';
import { emptyLabelMap, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([16, 16, 6]);
const n = 16 * 16 * 6;

describe('a mask loaded from a file joins the editor as one undoable step', () => {
  it('a taken value moves to the lowest free one; the same value and name is the same label', () => {
    const existing = [
      { value: 1, name: 'Liver', color: [1, 1, 1] as [number, number, number] },
      { value: 2, name: 'Spleen', color: [2, 2, 2] as [number, number, number] },
    ];
    const incoming = [
      { value: 1, name: 'liver (file)', color: [9, 9, 9] as [number, number, number] },
      { value: 2, name: 'Spleen', color: [2, 2, 2] as [number, number, number] },
      { value: 7, name: 'Lesion', color: [7, 7, 7] as [number, number, number] },
    ];
    const data = Uint8Array.from([0, 1, 2, 7, 1]);
    const plan = planLabelImport(existing, incoming, data);
    expect(plan.labels.map((l) => [l.value, l.name])).toEqual([[3, 'liver (file)'], [7, 'Lesion']]);
    expect([...plan.data]).toEqual([0, 3, 2, 7, 3]);
    const untouched = planLabelImport([], incoming, data);
    expect(untouched.data).toBe(data);
  });

  it('labels and voxels arrive together and one undo removes both, exactly', () => {
    const map = emptyLabelMap(grid, [1]);
    const editor = new LabelEditor(map);
    for (let i = 0; i < 40; i++) map.data[i] = 1;
    const before = map.data.slice();
    const mask = new Uint8Array(n);
    for (let i = 20; i < 300; i++) mask[i] = 1;
    const plan = planLabelImport(editor.labels, [{ value: 1, name: 'liver', color: [200, 100, 50] }], mask);
    const result = editor.importLabels('file:liver.nii.gz', plan.labels, plan.data);
    expect(result.labelsChanged).toBe(true);
    expect(editor.labels.map((l) => l.name)).toEqual(['label 1', 'liver']);
    // Painting never overwrites another label: voxels 20–39 stay label 1.
    expect(map.data[25]).toBe(1);
    expect(map.data[100]).toBe(2);
    expect(editor.provenanceSummary().models).toContain('file:liver.nii.gz');
    editor.undo();
    expect(Buffer.compare(Buffer.from(map.data), Buffer.from(before))).toBe(0);
    expect(editor.labels.map((l) => l.name)).toEqual(['label 1']);
    expect(editor.canUndo).toBe(false);
    editor.redo();
    expect(map.data[100]).toBe(2);
    expect(editor.labels).toHaveLength(2);
  });
});
