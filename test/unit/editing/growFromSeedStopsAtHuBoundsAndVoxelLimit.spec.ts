import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { bruteForce, distance, emptyLabelMap, imageOn, indicesWhere, obliqueGrid } from './editingFixtures.js';

const grid = obliqueGrid([40, 40, 14]);
const lesionCentre = indexToWorld(grid, [18.3, 20.6, 6.2]);
const blobCentre = indexToWorld(grid, [33, 33, 6]);
// A 60 HU "lesion" of radius 7 mm in 0 HU tissue, and a separate 60 HU blob that does not touch it.
const image = imageOn(grid, (i, j, k) => {
  const p = indexToWorld(grid, [i, j, k]);
  return distance(p, lesionCentre) <= 7 || distance(p, blobCentre) <= 3 ? 60 : 0;
});
const lesion = bruteForce(grid, (_i, _j, _k, p) => distance(p, lesionCentre) <= 7);
const seed: [number, number, number] = [18, 21, 6];

describe('grow from click: 6-connected region growing within an HU range, bounded', () => {
  it('grows exactly over the connected in-range region and not into a disconnected one', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, image);
    const result = editor.growFromSeed(seed, [40, 100], 1, 1_000_000);
    // The sphere's voxels are 6-connected (it is convex and spans many voxels each way).
    expect(indicesWhere(map.data, 1)).toEqual(lesion);
    expect(result.changedVoxels).toBe(lesion.length);
    expect(result.limitReached).toBe(false);
    expect(result.deltaByLabel[1]).toBe(lesion.length);
  });

  it('stops at maxVoxels and says so; a bound the region fits in exactly is not a limit', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, image);
    const cut = editor.growFromSeed(seed, [40, 100], 1, 100);
    expect(cut.changedVoxels).toBe(100);
    expect(cut.limitReached).toBe(true);
    // Breadth-first: the 100 voxels are the ones nearest the seed, all inside the lesion.
    const lesionSet = new Set(lesion);
    expect(indicesWhere(map.data, 1).every((v) => lesionSet.has(v))).toBe(true);
    editor.undo();
    const exact = editor.growFromSeed(seed, [40, 100], 1, lesion.length);
    expect(exact.changedVoxels).toBe(lesion.length);
    expect(exact.limitReached).toBe(false);
  });

  it('stops at maxRadiusMm from the seed and flags it', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, image);
    const result = editor.growFromSeed(seed, [40, 100], 1, 1_000_000, { maxRadiusMm: 3 });
    expect(result.limitReached).toBe(true);
    const seedWorld = indexToWorld(grid, seed);
    for (const v of indicesWhere(map.data, 1)) {
      const p = indexToWorld(grid, [v % 40, Math.floor(v / 40) % 40, Math.floor(v / 1600)]);
      expect(distance(p, seedWorld)).toBeLessThanOrEqual(3 + 1e-9);
    }
  });

  it('other labels block the growth and keep their voxels; a seed outside the range grows nothing', () => {
    const map = emptyLabelMap(grid);
    const editor = new LabelEditor(map, image);
    // A wall of label 2 across the lesion at k = 6.
    editor.paintBrush(lesionCentre, 20, { plane: 'axial', mode: 'paint', label: 2 });
    const wall = indicesWhere(map.data, 2);
    editor.growFromSeed([18, 21, 8], [40, 100], 1, 1_000_000);
    expect(indicesWhere(map.data, 2)).toEqual(wall);
    const grown = indicesWhere(map.data, 1);
    expect(grown.length).toBeGreaterThan(0);
    expect(grown.every((v) => Math.floor(v / 1600) > 6)).toBe(true);
    expect(editor.growFromSeed([2, 2, 2], [40, 100], 3, 1000).changedVoxels).toBe(0);
  });
});
