import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { bruteForce, distance, emptyLabelMap, imageOn, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([36, 36, 12]);
// HU varies along i: -1000 (air) at i = 0 up to +750 at i = 35.
const image = imageOn(grid, (i) => -1000 + 50 * i);
const center = indexToWorld(grid, [17.4, 18.2, 5.6]);

describe('threshold-limited paint touches only voxels whose HU lies in the range', () => {
  it('3-D brush with hu [-100, 150] paints the sphere ∩ {-100 ≤ HU ≤ 150}', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, image);
    const result = editor.paintBrush(center, 8, { plane: '3d', mode: 'paint', label: 1, hu: [-100, 150] });
    const expected = bruteForce(grid, (_i, _j, _k, p) => distance(p, center) <= 8).filter((v) => {
      const hu = image.data[v]!;
      return hu >= -100 && hu <= 150;
    });
    expect(expected.length).toBeGreaterThan(50);
    expect(indicesWhere(map.data, 1)).toEqual(expected);
    // HU -100..150 is i = 18..23 exactly.
    expect(result.bbox!.min[0]).toBe(18);
    expect(result.bbox!.max[0]).toBe(23);
  });

  it('threshold erase removes only the in-range part of the label', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, image);
    editor.paintBrush(center, 6, { plane: 'axial', mode: 'paint', label: 1 });
    const painted = indicesWhere(map.data, 1);
    editor.paintBrush(center, 6, { plane: 'axial', mode: 'erase', label: 1, hu: [0, 10_000] });
    expect(indicesWhere(map.data, 1)).toEqual(painted.filter((v) => image.data[v]! < 0));
  });

  it('threshold paint without an image is an error, not a silent unthresholded paint', () => {
    const editor = new LabelEditor(emptyLabelMap(grid));
    expect(() => editor.paintBrush(center, 3, { plane: '3d', mode: 'paint', label: 1, hu: [0, 100] })).toThrow(/image/);
  });
});
