import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { emptyLabelMap, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([16, 16, 6]);

describe('an accepted nodule candidate becomes its own label', () => {
  it('adds the label and its voxels as one undoable step, leaves other labels alone, and records the model', () => {
    const map = emptyLabelMap(grid, [1]);
    map.data[10] = 1; // a hand-painted voxel inside the candidate
    const editor = new LabelEditor(map);
    const voxels = Uint32Array.from([10, 11, 12, 300]);
    const { label, result } = editor.addModelLabel('nodule-unetpp', 'Nodule candidate 1', [255, 200, 40], voxels);
    expect(label).toEqual({ value: 2, name: 'Nodule candidate 1', color: [255, 200, 40] });
    expect(editor.activeLabel).toBe(2);
    expect(result).toMatchObject({ changedVoxels: 3, labelsChanged: true, deltaByLabel: { 2: 3 } });
    expect([map.data[10], map.data[11], map.data[12], map.data[300]]).toEqual([1, 2, 2, 2]);
    const provenance = editor.provenanceSummary();
    expect(JSON.stringify(provenance)).toContain('nodule-unetpp');

    editor.undo(); // one step takes back both the voxels and the label
    expect(editor.labels.map((l) => l.value)).toEqual([1]);
    expect([map.data[10], map.data[11], map.data[12], map.data[300]]).toEqual([1, 0, 0, 0]);
    expect(editor.canUndo).toBe(false);
    editor.redo();
    expect(editor.labels.map((l) => l.name)).toEqual(['label 1', 'Nodule candidate 1']);
    expect([map.data[11], map.data[12], map.data[300]]).toEqual([2, 2, 2]);
  });
});
