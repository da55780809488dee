import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { emptyLabelMap, firstDifference, imageOn, obliqueGrid, seededRandom } from './editingFixtures.js';

const grid = obliqueGrid([32, 30, 12]);
const image = imageOn(grid, (i, j, k) => ((i * 37 + j * 11 + k * 5) % 200) - 100);

/** One random edit of any kind; returns its name for failure messages. */
function randomEdit(editor: LabelEditor, random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const ijk: Vec3 = [Math.floor(random() * 32), Math.floor(random() * 30), Math.floor(random() * 12)];
  const label = pick([1, 2, 3]);
  switch (pick(['brush', 'brush', 'erase', 'threshold', 'fill', 'grow', 'interpolate', 'model'] as const)) {
    case 'brush':
      editor.paintBrush(indexToWorld(grid, ijk), 1 + random() * 6, {
        plane: pick(['axial', 'coronal', 'sagittal', '3d'] as const),
        mode: 'paint',
        label,
        overwrite: random() < 0.3,
      });
      return 'brush';
    case 'erase':
      editor.paintBrush(indexToWorld(grid, ijk), 1 + random() * 6, { plane: '3d', mode: 'erase', label, overwrite: random() < 0.5 });
      return 'erase';
    case 'threshold':
      editor.paintBrush(indexToWorld(grid, ijk), 5, { plane: '3d', mode: 'paint', label, hu: [-50, 30] });
      return 'threshold';
    case 'fill':
      editor.fillSlice(ijk, pick(['axial', 'coronal', 'sagittal'] as const), label);
      return 'fill';
    case 'grow':
      editor.growFromSeed(ijk, [-100, 20], label, 1 + Math.floor(random() * 3000));
      return 'grow';
    case 'interpolate':
      editor.interpolateSlices(label, 'axial', Math.floor(random() * 4), 6 + Math.floor(random() * 6));
      return 'interpolate';
    case 'model': {
      const out = new Uint8Array(32 * 30 * 12);
      const c = ijk;
      for (let k = 0; k < 12; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 32; i++) {
        if (Math.abs(i - c[0]) + Math.abs(j - c[1]) + Math.abs(k - c[2]) < 6) out[i + 32 * (j + 30 * k)] = label;
      }
      editor.applyModelLabels(pick(['liver-u2net', 'nodule-unetpp']), out, { overwrite: random() < 0.5 });
      return 'model';
    }
  }
}

describe('undo/redo restore the exact bytes of the label map and its provenance', () => {
  it('after random sequences of every kind of edit, undo walks back through every state and redo forward', () => {
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      const map = emptyLabelMap(grid);
      const editor = new LabelEditor(map, image);
      const labelStates = [map.data.slice()];
      const sourceStates = [editor.source.slice()];
      const names: string[] = [];
      for (let n = 0; n < 40; n++) {
        names.push(randomEdit(editor, random));
        // Edits that changed nothing leave no step; keep states aligned with the history.
        if (firstDifference(labelStates.at(-1)!, map.data) >= 0 || firstDifference(sourceStates.at(-1)!, editor.source) >= 0) {
          labelStates.push(map.data.slice());
          sourceStates.push(editor.source.slice());
        }
      }
      expect(labelStates.length).toBeGreaterThan(15);
      for (let s = labelStates.length - 2; s >= 0; s--) {
        const before = map.data.slice();
        const result = editor.undo();
        expect(result, `undo to state ${s} (seed ${seed}, edits ${names.join(',')})`).not.toBeNull();
        expect(firstDifference(map.data, labelStates[s]!)).toBe(-1);
        expect(firstDifference(editor.source, sourceStates[s]!)).toBe(-1);
        // The reported deltas are the real count changes.
        for (const [label, delta] of Object.entries(result!.deltaByLabel)) {
          const count = (a: Uint8Array) => {
            let m = 0;
            for (const x of a) if (x === Number(label)) m++;
            return m;
          };
          expect(count(map.data) - count(before)).toBe(delta);
        }
      }
      expect(editor.canUndo).toBe(false);
      expect(editor.undo()).toBeNull();
      for (let s = 1; s < labelStates.length; s++) {
        editor.redo();
        expect(firstDifference(map.data, labelStates[s]!)).toBe(-1);
        expect(firstDifference(editor.source, sourceStates[s]!)).toBe(-1);
      }
      expect(editor.canRedo).toBe(false);
    }
  });

  it('a new edit after undo discards the redo branch', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const c = indexToWorld(grid, [10, 10, 5]);
    editor.paintBrush(c, 4, { plane: '3d', mode: 'paint', label: 1 });
    editor.paintBrush(c, 6, { plane: '3d', mode: 'paint', label: 1 });
    editor.undo();
    expect(editor.canRedo).toBe(true);
    editor.paintBrush(c, 3, { plane: '3d', mode: 'erase', label: 1 });
    expect(editor.canRedo).toBe(false);
  });

  it('a brush stroke (many dabs) is one undo step whose result is the net change', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    editor.beginStroke();
    let painted = 0;
    for (let i = 5; i < 25; i++) painted += editor.paintBrush(indexToWorld(grid, [i, 15, 6]), 2, { plane: 'axial', mode: 'paint', label: 2 }).changedVoxels;
    const stroke = editor.endStroke();
    expect(stroke.deltaByLabel[2]).toBe(painted);
    expect(editor.isDirty).toBe(true);
    const undone = editor.undo();
    expect(undone!.deltaByLabel[2]).toBe(-painted);
    expect(map.data.every((x) => x === 0)).toBe(true);
    expect(editor.canUndo).toBe(false);
  });

  it('isDirty follows the saved state through undo and redo', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const c = indexToWorld(grid, [10, 10, 5]);
    expect(editor.isDirty).toBe(false);
    editor.paintBrush(c, 4, { plane: '3d', mode: 'paint', label: 1 });
    expect(editor.isDirty).toBe(true);
    editor.markSaved();
    expect(editor.isDirty).toBe(false);
    editor.paintBrush(c, 6, { plane: '3d', mode: 'paint', label: 2 });
    expect(editor.isDirty).toBe(true);
    editor.undo();
    expect(editor.isDirty).toBe(false);
    editor.undo();
    expect(editor.isDirty).toBe(true);
    editor.redo();
    expect(editor.isDirty).toBe(false);
    // An edit that changes nothing does not dirty the map.
    editor.paintBrush(c, 4, { plane: '3d', mode: 'paint', label: 1 });
    expect(editor.isDirty).toBe(false);
    // Undo to before the save, then edit: the saved state is unreachable, so it stays dirty.
    editor.undo();
    editor.paintBrush(c, 2, { plane: '3d', mode: 'paint', label: 3 });
    expect(editor.isDirty).toBe(true);
    editor.undo();
    expect(editor.isDirty).toBe(true);
  });
});
