import { describe, expect, it } from 'vitest';
import { candidateShares, newSeeds, SEED_LUNG_ML, seedBudgetScale } from '../../../main/core/nodules/candidates.js';
import type { BlobSeed } from '../../../main/core/nodules/blobs.js';

describe('candidateShares', () => {
  it('gives the shares of the candidate voxels already taken and inside the lungs', () => {
    const voxels = Uint32Array.from([1, 2, 4, 5]);
    const taken = Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 1]);
    const lungs = Uint8Array.from([1, 1, 1, 1, 0, 0, 1, 1]);
    const r = candidateShares(voxels, taken, lungs);
    expect(r.takenFraction).toBe(0.25);
    // Half inside: a juxtapleural nodule keeps it; a hilar vessel answered from the lung's edge has less.
    expect(r.lungFraction).toBe(0.5);
  });

  it('gives zero shares for an empty answer instead of dividing by zero', () => {
    const r = candidateShares(new Uint32Array(0), new Uint8Array(4), new Uint8Array(4));
    expect(r.takenFraction).toBe(0);
    expect(r.lungFraction).toBe(0);
  });
});

describe('newSeeds (the ground-glass pass)', () => {
  const seed = (x: number, score: number): BlobSeed => ({ centerLps: [x, 0, 0], response: score, sigmaMm: 2.5, blobness: 1, score });
  it('adds the best seeds that are farther than the distance from every seed already chosen and from each other', () => {
    const have = [seed(0, 9)];
    const extra = [seed(3, 8), seed(10, 7), seed(12, 6), seed(20, 5), seed(30, 4)];
    expect(newSeeds(extra, have, 2, 4).map((s) => s.centerLps[0])).toEqual([10, 20]);
    expect(newSeeds(extra, have, 0, 4)).toEqual([]);
  });
});

describe('seedBudgetScale', () => {
  it('keeps the default seed counts up to SEED_LUNG_ML of lung and grows them in proportion beyond', () => {
    expect(seedBudgetScale(0)).toBe(1);
    expect(seedBudgetScale(SEED_LUNG_ML)).toBe(1);
    expect(seedBudgetScale(2 * SEED_LUNG_ML)).toBe(2);
  });
});
