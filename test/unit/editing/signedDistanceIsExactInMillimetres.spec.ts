import { describe, expect, it } from 'vitest';
import { signedDistance, squaredDistanceToMask } from '../../../main/core/editing/index.js';
import { seededRandom } from './editingFixtures.js';

function bruteSquaredDistance(mask: Uint8Array, w: number, h: number, su: number, sv: number): Float64Array {
  const out = new Float64Array(w * h).fill(Infinity);
  for (let p = 0; p < w * h; p++) {
    for (let q = 0; q < w * h; q++) {
      if (!mask[q]) continue;
      const du = ((p % w) - (q % w)) * su;
      const dv = (Math.floor(p / w) - Math.floor(q / w)) * sv;
      out[p] = Math.min(out[p]!, du * du + dv * dv);
    }
  }
  return out;
}

describe('distance transforms used by slice interpolation are exact Euclidean distances in mm', () => {
  it('matches brute force on random sparse masks with 0.7 × 2.5 mm pixels', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const [w, h] = [5 + Math.floor(random() * 20), 5 + Math.floor(random() * 20)];
      const density = [0.02, 0.1, 0.5][trial % 3]!;
      const mask = Uint8Array.from({ length: w * h }, () => (random() < density ? 1 : 0));
      const fast = squaredDistanceToMask(mask, w, h, 0.7, 2.5);
      const slow = bruteSquaredDistance(mask, w, h, 0.7, 2.5);
      for (let p = 0; p < w * h; p++) {
        if (slow[p] === Infinity) expect(fast[p]).toBe(Infinity);
        else expect(fast[p]).toBeCloseTo(slow[p]!, 9);
      }
    }
  });

  it('is negative inside, positive outside, with magnitudes in mm along each axis', () => {
    // A 5-pixel-wide vertical band in a 15 × 9 grid: u = 5..9 inside.
    const [w, h] = [15, 9];
    const mask = Uint8Array.from({ length: w * h }, (_, p) => (p % w >= 5 && p % w <= 9 ? 1 : 0));
    const sd = signedDistance(mask, w, h, 0.7, 2.5);
    expect(sd[7 + w * 4]).toBeCloseTo(-3 * 0.7, 12); // centre of the band: 3 pixels to the nearest outside
    expect(sd[5 + w * 4]).toBeCloseTo(-0.7, 12);
    expect(sd[4 + w * 4]).toBeCloseTo(0.7, 12);
    expect(sd[0 + w * 4]).toBeCloseTo(5 * 0.7, 12);
  });
});
