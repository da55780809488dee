import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { PLANE_AXIS } from '../../../main/core/editing/planes.js';
import type { SlicePlane } from '../../../main/core/editing/types.js';
import { indexToWorld, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';
import { boxOf, bruteForce, distance, emptyLabelMap, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([40, 44, 14]);
// A point well inside the grid, off any voxel centre, so no voxel sits exactly on the sphere.
const center = indexToWorld(grid, [19.37, 21.81, 6.42]);

/** Brute force: project the centre onto the slice plane in world space, then compare distances. */
function discOnSlice(g: Geometry, c: Vec3, radius: number, plane: SlicePlane): number[] {
  const axis = PLANE_AXIS[plane];
  const slice = Math.round(worldToIndex(g, c)[axis]);
  const normal: Vec3 = [g.direction[axis]!, g.direction[3 + axis]!, g.direction[6 + axis]!];
  const onPlane = indexToWorld(g, [0, 0, 0].map((_, a) => (a === axis ? slice : 0)) as Vec3);
  const h = (c[0] - onPlane[0]) * normal[0] + (c[1] - onPlane[1]) * normal[1] + (c[2] - onPlane[2]) * normal[2];
  const projected: Vec3 = [c[0] - h * normal[0], c[1] - h * normal[1], c[2] - h * normal[2]];
  return bruteForce(g, (i, j, k, p) => [i, j, k][axis] === slice && distance(p, projected) <= radius);
}

describe('brush paints exactly the voxels whose centres lie within the radius in mm', () => {
  it('3-D brush of 5 mm on a 0.7×0.7×2.5 grid rotated 30° equals the brute-force sphere', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const result = editor.paintBrush(center, 5, { plane: '3d', mode: 'paint', label: 1 });
    const expected = bruteForce(grid, (_i, _j, _k, p) => distance(p, center) <= 5);
    // A sphere of 5 mm holds about 4/3·π·125 / (0.7·0.7·2.5) ≈ 427 voxels; the grid is anisotropic,
    // so a voxel-radius brush would be far off this.
    expect(expected.length).toBeGreaterThan(380);
    expect(expected.length).toBeLessThan(480);
    expect(indicesWhere(map.data, 1)).toEqual(expected);
    expect(result.changedVoxels).toBe(expected.length);
    expect(result.deltaByLabel).toEqual({ 0: -expected.length, 1: expected.length });
    expect(result.bbox).toEqual(boxOf(expected, grid.dims));
    // In k the sphere spans only ±2 slices (5 mm / 2.5 mm), in i and j about ±7 voxels.
    expect(result.bbox!.max[2] - result.bbox!.min[2]).toBeLessThanOrEqual(4);
    expect(result.bbox!.max[0] - result.bbox!.min[0]).toBeGreaterThanOrEqual(13);
  });

  for (const plane of ['axial', 'coronal', 'sagittal'] as const) {
    it(`2-D ${plane} brush paints the disc on the slice nearest the centre`, () => {
      const map = emptyLabelMap(grid);
      const editor = new LabelEditor(map);
      const result = editor.paintBrush(center, 4, { plane, mode: 'paint', label: 2 });
      const expected = discOnSlice(grid, center, 4, plane);
      expect(expected.length).toBeGreaterThan(5);
      expect(indicesWhere(map.data, 2)).toEqual(expected);
      expect(result.bbox).toEqual(boxOf(expected, grid.dims));
      const axis = PLANE_AXIS[plane];
      expect(result.bbox!.min[axis]).toBe(result.bbox!.max[axis]);
    });
  }

  it('a brush reaching past the grid edge paints only the part inside, and one outside paints nothing', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    const corner = indexToWorld(grid, [0.2, 1.3, 0.4]);
    editor.paintBrush(corner, 6, { plane: '3d', mode: 'paint', label: 1 });
    expect(indicesWhere(map.data, 1)).toEqual(bruteForce(grid, (_i, _j, _k, p) => distance(p, corner) <= 6));
    const far = indexToWorld(grid, [-30, 10, 5]);
    expect(editor.paintBrush(far, 6, { plane: '3d', mode: 'paint', label: 1 }).changedVoxels).toBe(0);
    const belowGrid = indexToWorld(grid, [10, 10, -3]);
    expect(editor.paintBrush(belowGrid, 6, { plane: 'axial', mode: 'paint', label: 1 }).changedVoxels).toBe(0);
  });

  it('the eraser removes the sphere of the active label and nothing else', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map);
    editor.paintBrush(center, 7, { plane: '3d', mode: 'paint', label: 1 });
    const before = indicesWhere(map.data, 1);
    const result = editor.paintBrush(center, 3, { plane: '3d', mode: 'erase', label: 1 });
    const hole = new Set(bruteForce(grid, (_i, _j, _k, p) => distance(p, center) <= 3));
    expect(indicesWhere(map.data, 1)).toEqual(before.filter((v) => !hole.has(v)));
    expect(result.deltaByLabel).toEqual({ 0: hole.size, 1: -hole.size });
    // Erasing where nothing is painted changes nothing.
    expect(editor.paintBrush(center, 2, { plane: '3d', mode: 'erase', label: 1 }).changedVoxels).toBe(0);
  });
});
