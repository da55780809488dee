import { describe, expect, it } from 'vitest';
import { labelComponents, measureLesions, analyzeLabelMap } from '../../main/core/analysis/index.js';
import { indexToWorld } from '../../main/core/volume/geometry.js';
import type { Vec3 } from '../../main/core/volume/types.js';
import { emptyLabelMap, obliqueGeometry } from './support/syntheticShapes.js';

const dims: Vec3 = [12, 10, 8];
const at = (i: number, j: number, k: number) => i + dims[0] * (j + dims[1] * k);

function cube(mask: Uint8Array, lo: Vec3, hi: Vec3, value = 1): void {
  for (let k = lo[2]; k <= hi[2]; k++) for (let j = lo[1]; j <= hi[1]; j++) for (let i = lo[0]; i <= hi[0]; i++) mask[at(i, j, k)] = value;
}

/** Reference: breadth-first flood fill over explicit neighbour offsets. */
function floodFillCount(mask: Uint8Array, d: Vec3, connectivity: 6 | 26): { count: number; labels: Int32Array } {
  const labels = new Int32Array(mask.length);
  const offsets: Vec3[] = [];
  for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
    const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
    if (n === 0 || (connectivity === 6 && n > 1)) continue;
    offsets.push([di, dj, dk]);
  }
  let count = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    labels[start] = ++count;
    const queue = [start];
    while (queue.length) {
      const v = queue.pop()!;
      const i = v % d[0];
      const j = Math.floor(v / d[0]) % d[1];
      const k = Math.floor(v / (d[0] * d[1]));
      for (const [di, dj, dk] of offsets) {
        const a = i + di, b = j + dj, c = k + dk;
        if (a < 0 || b < 0 || c < 0 || a >= d[0] || b >= d[1] || c >= d[2]) continue;
        const n = a + d[0] * (b + d[1] * c);
        if (mask[n] === mask[v] && !labels[n]) {
          labels[n] = count;
          queue.push(n);
        }
      }
    }
  }
  return { count, labels };
}

describe('connected components', () => {
  it('two cubes touching only at a corner are one lesion with 26-connectivity and two with 6', () => {
    const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
    cube(mask, [1, 1, 1], [3, 3, 3]);
    cube(mask, [4, 4, 4], [6, 6, 6]);
    const c26 = labelComponents(mask, dims, { connectivity: 26 });
    const c6 = labelComponents(mask, dims, { connectivity: 6 });
    expect(c26.count).toBe(1);
    expect(c26.sizes).toEqual([54]);
    expect(c6.count).toBe(2);
    expect(c6.sizes).toEqual([27, 27]);
    expect(c6.labels[at(3, 3, 3)]).toBe(1);
    expect(c6.labels[at(4, 4, 4)]).toBe(2);
    expect(c6.labels[at(0, 0, 0)]).toBe(0);
  });

  it('cubes sharing an edge join under 26 but not 6; sharing a face join under both', () => {
    const edge = new Uint8Array(dims[0] * dims[1] * dims[2]);
    cube(edge, [1, 1, 1], [3, 3, 3]);
    cube(edge, [4, 4, 1], [6, 6, 3]);
    expect(labelComponents(edge, dims, { connectivity: 26 }).count).toBe(1);
    expect(labelComponents(edge, dims, { connectivity: 6 }).count).toBe(2);
    const face = new Uint8Array(dims[0] * dims[1] * dims[2]);
    cube(face, [1, 1, 1], [3, 3, 3]);
    cube(face, [4, 1, 1], [6, 3, 3]);
    expect(labelComponents(face, dims, { connectivity: 6 }).count).toBe(1);
  });

  it('a U shape whose arms meet only in a later slice is one component (runs merged after the fact)', () => {
    const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
    cube(mask, [1, 1, 0], [2, 8, 5]);
    cube(mask, [8, 1, 0], [9, 8, 5]);
    cube(mask, [1, 1, 6], [9, 2, 6]);
    const { count, sizes, labels } = labelComponents(mask, dims, { connectivity: 6 });
    expect(count).toBe(1);
    expect(sizes[0]).toBe(2 * (2 * 8 * 6) + 9 * 2);
    expect(labels[at(9, 8, 0)]).toBe(1);
  });

  it('agrees with a flood fill on a random mask, for both connectivities', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const d: Vec3 = [23, 17, 11];
    const mask = new Uint8Array(d[0] * d[1] * d[2]).map(() => (random() < 0.3 ? 1 : 0));
    for (const connectivity of [6, 26] as const) {
      const ours = labelComponents(mask, d, { connectivity });
      const ref = floodFillCount(mask, d, connectivity);
      expect(ours.count).toBe(ref.count);
      // Same partition: a one-to-one map between our ids and the reference ids.
      const map = new Map<number, number>();
      for (let v = 0; v < mask.length; v++) {
        if (!mask[v]) continue;
        const prev = map.get(ours.labels[v]!);
        if (prev === undefined) map.set(ours.labels[v]!, ref.labels[v]!);
        else expect(prev).toBe(ref.labels[v]);
      }
      expect(new Set(map.values()).size).toBe(ref.count);
      expect(ours.sizes.reduce((a, b) => a + b, 0)).toBe(mask.reduce((a, b) => a + b, 0));
    }
  });

  it('never joins voxels of different labels, and can restrict to one label', () => {
    const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
    cube(mask, [1, 1, 1], [3, 3, 3], 1);
    cube(mask, [4, 1, 1], [6, 3, 3], 2);
    expect(labelComponents(mask, dims).count).toBe(2);
    const only2 = labelComponents(mask, dims, { label: 2 });
    expect(only2.count).toBe(1);
    expect(only2.labels[at(2, 2, 2)]).toBe(0);
    expect(only2.labels[at(5, 2, 2)]).toBe(1);
  });
});

describe('degenerate lesions in an oblique grid', () => {
  const g = obliqueGeometry([12, 10, 8]);

  it('refuses an image on a different grid from the mask', () => {
    const map = emptyLabelMap(g);
    map.data[at(5, 4, 3)] = 1;
    const other = { ...emptyLabelMap({ ...g, spacing: [0.7, 0.9, 3.0] }), pixelType: 'uint8' as const, meta: { modality: 'CT' as const, sourceKind: 'demo' as const, windowPresets: [], warnings: [] } };
    expect(() => measureLesions(map, other)).toThrow(/not in the image grid/);
  });

  it('an empty mask has no lesions and no label summaries', () => {
    const empty = emptyLabelMap(g);
    expect(labelComponents(empty.data, g.dims)).toEqual({ labels: new Int32Array(empty.data.length), count: 0, sizes: [] });
    expect(measureLesions(empty)).toEqual([]);
    expect(analyzeLabelMap(empty)).toEqual({ lesions: [], labels: [] });
  });

  it('a one-voxel lesion has the volume of one voxel, its centre as centroid and one-voxel diameters', () => {
    const map = emptyLabelMap(g);
    map.data[at(5, 4, 3)] = 3;
    map.labels = [{ value: 3, name: 'nodule', color: [0, 255, 0] }];
    const [one, ...rest] = measureLesions(map);
    expect(rest).toHaveLength(0);
    expect(one!.label).toBe(3);
    expect(one!.labelName).toBe('nodule');
    expect(one!.voxelCount).toBe(1);
    expect(one!.volumeMl).toBeCloseTo((0.7 * 0.9 * 2.5) / 1000, 12);
    const centre = indexToWorld(g, [5, 4, 3]);
    one!.centroidLps.forEach((v, c) => expect(v).toBeCloseTo(centre[c]!, 9));
    expect(one!.bboxIjk).toEqual({ min: [5, 4, 3], max: [5, 4, 3] });
    // Diameters of a single voxel box: its in-plane diagonal and its 3-D diagonal, corner to corner.
    expect(one!.recist!.longMm).toBeCloseTo(Math.hypot(0.7, 0.9), 9);
    expect(one!.recist!.sliceK).toBe(3);
    expect(one!.recist!.shortMm).toBeGreaterThan(0);
    expect(one!.recist!.shortMm).toBeLessThanOrEqual(one!.recist!.longMm);
    expect(one!.feretMm).toBeCloseTo(Math.hypot(0.7, 0.9, 2.5), 9);
    expect(one!.surfaceAreaMm2).toBeGreaterThan(0);
    expect(one!.sphericity).toBeGreaterThan(0);
    expect(one!.sphericity).toBeLessThanOrEqual(1);
    expect(Number.isFinite(one!.meanDiameterMm)).toBe(true);
  });

  it('measures each component of a label separately, largest first, and drops those below minVoxels', () => {
    const map = emptyLabelMap(g);
    map.data[at(1, 1, 1)] = 1;
    for (let i = 4; i < 9; i++) map.data[at(i, 5, 5)] = 1;
    const lesions = measureLesions(map);
    expect(lesions.map((l) => [l.id, l.voxelCount])).toEqual([[1, 5], [2, 1]]);
    expect(measureLesions(map, undefined, { minVoxels: 2 }).map((l) => l.voxelCount)).toEqual([5]);
    const { labels } = analyzeLabelMap(map);
    expect(labels).toHaveLength(1);
    expect(labels[0]!.componentCount).toBe(2);
    expect(labels[0]!.voxelCount).toBe(6);
    // A 5-voxel row along i is a 3.5 × 0.9 mm rectangle in its slice: its longest diameter is the diagonal.
    expect(lesions[0]!.recist!.longMm).toBeCloseTo(Math.hypot(3.5, 0.9), 9);
  });
});
