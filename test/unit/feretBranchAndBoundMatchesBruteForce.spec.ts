import { describe, expect, it } from 'vitest';
import { longestVoxelChord } from '../../main/core/analysis/index.js';
import type { Vec3 } from '../../main/core/volume/types.js';

/** Largest voxel-corner distance over all pairs: √Σ(|Δ_c| + s_c)². */
function bruteForce(pts: Float64Array, s: Vec3): number {
  let best = 0;
  const n = pts.length / 3;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const dx = Math.abs(pts[3 * b]! - pts[3 * a]!) + s[0];
      const dy = Math.abs(pts[3 * b + 1]! - pts[3 * a + 1]!) + s[1];
      const dz = Math.abs(pts[3 * b + 2]! - pts[3 * a + 2]!) + s[2];
      best = Math.max(best, Math.sqrt(dx * dx + dy * dy + dz * dz));
    }
  }
  return best;
}

describe('longest voxel chord (Feret search)', () => {
  let seed = 99;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const spacing: Vec3 = [0.7, 0.9, 2.5];

  it('is exact on a round cloud large enough for the branch-and-bound path', () => {
    // Voxel centres near a sphere's surface: every point is nearly as far from the centre as any other.
    const pts: number[] = [];
    while (pts.length < 3 * 3500) {
      const v = [random() - 0.5, random() - 0.5, random() - 0.5];
      const r = Math.hypot(v[0]!, v[1]!, v[2]!);
      if (r < 1e-3) continue;
      const R = 40 + random();
      pts.push(Math.round((v[0]! / r) * R / 0.7) * 0.7, Math.round((v[1]! / r) * R / 0.9) * 0.9, Math.round((v[2]! / r) * R / 2.5) * 2.5);
    }
    const cloud = Float64Array.from(pts);
    const chord = longestVoxelChord(cloud, spacing);
    expect(chord.length).toBeCloseTo(bruteForce(cloud, spacing), 9);
    expect(chord.a).not.toBe(chord.b);
  });

  it('is exact on an elongated cloud and on a single point', () => {
    const pts: number[] = [];
    for (let m = 0; m < 2500; m++) pts.push(random() * 120, random() * 20, Math.round(random() * 8) * 2.5);
    const cloud = Float64Array.from(pts);
    expect(longestVoxelChord(cloud, spacing).length).toBeCloseTo(bruteForce(cloud, spacing), 9);
    expect(longestVoxelChord(Float64Array.from([1, 2, 3]), spacing).length).toBeCloseTo(Math.hypot(0.7, 0.9, 2.5), 12);
  });
});
