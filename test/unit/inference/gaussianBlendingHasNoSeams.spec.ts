import { describe, expect, it } from 'vitest';
import { createPatchPredictor } from '../../../main/core/inference/patchRunner.js';
import { slidingWindowScores } from '../../../main/core/inference/segment.js';
import { openModelSession } from '../../../main/core/inference/session.js';
import { axisWeightSum, gaussianProfile, planWindows, windowStarts } from '../../../main/core/inference/slidingWindow.js';
import { modelFilePath } from '../../../main/core/inference/registry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { TEST_MODELS_DIR, testModel } from './support.js';

describe('sliding windows with Gaussian importance blending', () => {
  it('places windows flush with both borders, sharing about the requested overlap', () => {
    expect(windowStarts(100, 32, 0.5)).toEqual([0, 14, 27, 41, 54, 68]);
    expect(windowStarts(32, 32, 0.5)).toEqual([0]);
    expect(windowStarts(20, 32, 0.5)).toEqual([0]);
    const starts = windowStarts(101, 24, 0.5);
    expect(starts.at(-1)).toBe(101 - 24);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(12);
  });

  it('uses sigma = patch/8: weights fall to exp(−8) at the patch edge', () => {
    const g = gaussianProfile(64);
    expect(Math.max(...g)).toBeCloseTo(Math.exp(-(0.5 ** 2) / (2 * 8 * 8)), 6);
    expect(g[0]).toBeCloseTo(Math.exp(-(31.5 ** 2) / 128), 6);
    expect(axisWeightSum(100, windowStarts(100, 64, 0.5), g).every((w) => w > 0)).toBe(true);
  });

  it('blends a constant-output model back to that constant everywhere, patch borders included', async () => {
    const manifest = await testModel('constant-probabilities');
    const { session } = await openModelSession(modelFilePath(manifest, TEST_MODELS_DIR), 'cpu');
    const predictor = createPatchPredictor(session, manifest, { modality: 'CT' });
    // Grid sizes not multiples of the [24, 40, 32] patch, and one axis smaller than the patch (padding).
    const dims: Vec3 = [77, 95, 20];
    const plan = planWindows(dims, manifest.patchSize, manifest.overlap);
    expect(plan.boxes.length).toBe(4 * 4 * 1);
    const image = new Float32Array(dims[0] * dims[1] * dims[2]).map((_, i) => Math.sin(i));
    const probs = await slidingWindowScores(image, plan, 2, "probability", predictor, 0);
    let worst = 0;
    for (const p of probs) worst = Math.max(worst, Math.abs(p - 0.7));
    expect(worst).toBeLessThan(1e-5);
  });

  it('would show seams without the importance normalisation (the check above is sensitive)', () => {
    const plan = planWindows([77, 95, 20], [24, 40, 32], 0.5);
    const [wx] = plan.weightSums;
    // Unnormalised sums vary by orders of magnitude between window centres and overlaps.
    expect(Math.max(...wx) / Math.min(...wx)).toBeGreaterThan(10);
  });
});
