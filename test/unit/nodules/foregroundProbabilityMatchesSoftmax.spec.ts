import { describe, expect, it } from 'vitest';
import { foregroundProbability } from '../../../main/core/nodules/modelCrop.js';
import { seededRandom } from '../editing/editingFixtures.js';

/** 1 − softmax(background), written out: the reference the two-class shortcut must match. */
function reference(raw: Float32Array, classes: number, voxels: number): number[] {
  return Array.from({ length: voxels }, (_, v) => {
    const logits = Array.from({ length: classes }, (_, c) => raw[c * voxels + v]!);
    const max = Math.max(...logits);
    const sum = logits.reduce((s, l) => s + Math.exp(l - max), 0);
    return 1 - Math.exp(logits[0]! - max) / sum;
  });
}

describe('foregroundProbability', () => {
  it('gives 1 − softmax(background) for two classes, also for logits far apart, and for three', () => {
    const random = seededRandom(5);
    for (const classes of [2, 3]) {
      const voxels = 500;
      const raw = Float32Array.from({ length: classes * voxels }, () => (random() - 0.5) * 40);
      raw.set([400, -400], 0); // 800 apart, beyond where exp overflows: 0 and 1 exactly, not NaN
      raw[voxels] = -400;
      raw[voxels + 1] = 400;
      const got = foregroundProbability(raw, classes, voxels, 'logits');
      const want = reference(raw, classes, voxels);
      for (let v = 0; v < voxels; v++) expect(got[v]).toBeCloseTo(want[v]!, 6);
      expect(got[0]).toBe(0);
      expect(got[1]).toBe(1);
    }
  });
});
