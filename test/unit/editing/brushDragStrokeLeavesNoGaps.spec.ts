import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { bruteForce, emptyLabelMap, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([50, 50, 16]);

function distanceToSegment(p: Vec3, a: Vec3, b: Vec3): number {
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const w = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const len2 = u[0]! ** 2 + u[1]! ** 2 + u[2]! ** 2;
  const t = len2 > 0 ? Math.min(1, Math.max(0, (w[0]! * u[0]! + w[1]! * u[1]! + w[2]! * u[2]!) / len2)) : 0;
  return Math.hypot(w[0]! - t * u[0]!, w[1]! - t * u[1]!, w[2]! - t * u[2]!);
}

describe('a drag step paints the capsule around the pointer path, in mm', () => {
  it('3-D: exactly the voxels within the radius of the segment (brute force)', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const from = indexToWorld(grid, [8.3, 10.7, 4.2]);
    const to = indexToWorld(grid, [38.6, 33.1, 11.4]);
    const result = editor.paintStroke(from, to, 3, { plane: '3d', mode: 'paint', label: 1 });
    const expected = bruteForce(grid, (_i, _j, _k, p) => distanceToSegment(p, from, to) <= 3);
    expect(indicesWhere(map.data, 1)).toEqual(expected);
    expect(result.changedVoxels).toBe(expected.length);
  });

  it('axial: the swept disc on the slice of the stroke start, with no gap between far-apart pointer events', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const from = indexToWorld(grid, [5.2, 25.1, 7]);
    const to = indexToWorld(grid, [45.4, 25.1, 7]);
    editor.paintStroke(from, to, 1.5, { plane: 'axial', mode: 'paint', label: 2 });
    const painted = indicesWhere(map.data, 2);
    expect(painted.every((v) => Math.floor(v / 2500) === 7)).toBe(true);
    // Every i from 5 to 45 on row j = 25 is painted: no gaps along the 28 mm path.
    for (let i = 5; i <= 45; i++) expect(map.data[i + 50 * (25 + 50 * 7)]).toBe(2);
    const expected = bruteForce(grid, (_i, _j, k, p) => k === 7 && distanceToSegment(p, from, to) <= 1.5);
    expect(painted).toEqual(expected);
  });

  it('a zero-length stroke is the same as a brush dab', () => {
    const a = emptyLabelMap(grid);
    const b = emptyLabelMap(grid);
    const c = indexToWorld(grid, [20.4, 21.9, 8.3]);
    new LabelEditor(a).paintStroke(c, c, 4, { plane: '3d', mode: 'paint', label: 1 });
    new LabelEditor(b).paintBrush(c, 4, { plane: '3d', mode: 'paint', label: 1 });
    expect(indicesWhere(a.data, 1)).toEqual(indicesWhere(b.data, 1));
    expect(worldToIndex(grid, c)[2]).toBeCloseTo(8.3, 9);
  });
});
