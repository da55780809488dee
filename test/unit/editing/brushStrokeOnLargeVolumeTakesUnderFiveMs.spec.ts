import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';
import { emptyLabelMap, imageOn } from './editingFixtures.js';

const grid: Geometry = {
  dims: [512, 512, 300],
  spacing: [0.7, 0.7, 1.0],
  origin: [-179, -179, -300],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('a 3-D brush dab of 10 mm on a 512×512×300 volume touches only its bounding box', () => {
  it('paint, threshold paint and undo each take well under 5 ms', () => {
    const map = emptyLabelMap(grid);
    const image = imageOn(grid, () => 40);
    const editor = new LabelEditor(map, image);
    const dab = (n: number): Vec3 => indexToWorld(grid, [100 + 13 * (n % 25), 120 + 11 * (n % 23), 40 + 7 * (n % 31)]);
    for (let n = 0; n < 10; n++) {
      editor.paintBrush(dab(n), 10, { plane: '3d', mode: 'paint', label: 1 });
      editor.undo();
    }
    const paint: number[] = [];
    const threshold: number[] = [];
    const undo: number[] = [];
    const dragStep: number[] = [];
    let voxels = 0;
    for (let n = 10; n < 40; n++) {
      let t = performance.now();
      const r = editor.paintBrush(dab(n), 10, { plane: '3d', mode: 'paint', label: 1 });
      paint.push(performance.now() - t);
      voxels = r.changedVoxels;
      t = performance.now();
      editor.undo();
      undo.push(performance.now() - t);
      t = performance.now();
      editor.paintBrush(dab(n), 10, { plane: '3d', mode: 'paint', label: 2, hu: [-100, 200] });
      threshold.push(performance.now() - t);
      t = performance.now();
      editor.undo();
      undo.push(performance.now() - t);
      // A drag step: the capsule from this dab to a point 6 mm away.
      const p = dab(n);
      t = performance.now();
      editor.paintStroke(p, [p[0] + 4, p[1] + 3, p[2] + 3.3], 10, { plane: '3d', mode: 'paint', label: 3 });
      dragStep.push(performance.now() - t);
      editor.undo();
    }
    // Every dab was undone: nothing of any label is left anywhere in the volume.
    expect(editor.provenanceSummary().labels.every((l) => l.voxels === 0)).toBe(true);
    // 4/3·π·10³ / (0.7·0.7·1) ≈ 8,550 voxels per dab.
    expect(voxels).toBeGreaterThan(8000);
    expect(voxels).toBeLessThan(9000);
    console.log(
      `10 mm 3-D brush on 512×512×300 (${voxels} voxels): paint median ${median(paint).toFixed(2)} ms, ` +
        `threshold paint ${median(threshold).toFixed(2)} ms, undo ${median(undo).toFixed(2)} ms, ` +
        `6 mm drag step ${median(dragStep).toFixed(2)} ms`,
    );
    expect(median(paint)).toBeLessThan(5);
    expect(median(threshold)).toBeLessThan(5);
    expect(median(undo)).toBeLessThan(5);
    expect(median(dragStep)).toBeLessThan(5);
  });
});
