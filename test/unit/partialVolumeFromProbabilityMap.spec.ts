import { describe, expect, it } from 'vitest';
import { analyzeLabelMap, measureLesions } from '../../main/core/analysis/index.js';
import { indexToWorld } from '../../main/core/volume/geometry.js';
import type { Vec3 } from '../../main/core/volume/types.js';
import { gridPoint, obliqueGeometry } from './support/syntheticShapes.js';

/*
 * A 3 mm-radius nodule in 0.7 × 0.9 × 2.5 mm voxels: the probability of each voxel is the fraction of
 * it inside the sphere (5 × 5 × 5 sub-samples), the mask is p ≥ ½. Counting mask voxels is off by
 * several per cent at this size; Σ p over the lesion and its rim recovers the true volume.
 */
describe('partial-volume-aware volume', () => {
  const g = obliqueGeometry([24, 20, 8]);
  const R = 3;
  const centre = gridPoint(g, [11.7, 9.6, 3.8]);
  const n = g.dims[0] * g.dims[1] * g.dims[2];
  const probability = new Float32Array(n);
  const mask = new Uint8Array(n);
  const S = 5;
  for (let k = 0; k < g.dims[2]; k++) for (let j = 0; j < g.dims[1]; j++) for (let i = 0; i < g.dims[0]; i++) {
    let inside = 0;
    for (let c = 0; c < S; c++) for (let b = 0; b < S; b++) for (let a = 0; a < S; a++) {
      const p: Vec3 = indexToWorld(g, [i - 0.5 + (a + 0.5) / S, j - 0.5 + (b + 0.5) / S, k - 0.5 + (c + 0.5) / S]);
      if (Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= R) inside++;
    }
    const idx = i + g.dims[0] * (j + g.dims[1] * k);
    probability[idx] = inside / S ** 3;
    mask[idx] = probability[idx]! >= 0.5 ? 1 : 0;
  }
  const labelMap = { ...g, data: mask, labels: [{ value: 1, name: 'nodule', color: [255, 255, 0] as [number, number, number] }] };
  const trueMl = ((4 / 3) * Math.PI * R ** 3) / 1000;

  it('is within 2 % of the true volume and closer to it than the voxel count', () => {
    const [lesion] = measureLesions(labelMap, undefined, { probability });
    const partial = lesion!.volumePartialMl!;
    expect(Math.abs(partial - trueMl) / trueMl).toBeLessThan(0.02);
    expect(Math.abs(partial - trueMl)).toBeLessThan(Math.abs(lesion!.volumeMl - trueMl));
  });

  it('is absent without a probability map, and summed per label too', () => {
    expect(measureLesions(labelMap)[0]!.volumePartialMl).toBeUndefined();
    const { labels } = analyzeLabelMap(labelMap, undefined, { probability });
    expect(Math.abs(labels[0]!.volumePartialMl! - trueMl) / trueMl).toBeLessThan(0.02);
  });

  it('refuses a probability map on another grid', () => {
    expect(() => measureLesions(labelMap, undefined, { probability: new Float32Array(10) })).toThrow(/grid/);
  });
});
