import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';

function huAt(v: Volume, lps: Vec3): number {
  const [i, j, k] = worldToIndex(v, lps).map(Math.round) as Vec3;
  return v.data[i + v.dims[0] * (j + v.dims[1] * k)]!;
}

describe('the built-in demo study', () => {
  const demo = makeDemoPhantom();

  it('is a 1 × 1 × 2.5 mm LPS CT in int16 HU', () => {
    expect(demo.spacing).toEqual([1, 1, 2.5]);
    expect(demo.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(demo.pixelType).toBe('int16');
    expect(demo.meta.modality).toBe('CT');
    expect(demo.data.length).toBe(demo.dims[0] * demo.dims[1] * demo.dims[2]);
  });

  it('has air, fat, liver, lung and nodules at realistic HU', () => {
    expect(huAt(demo, [-127, -127, 100])).toBe(-1000);
    expect(huAt(demo, [-50, 5, 110])).toBeGreaterThan(20); // liver, patient's right
    expect(huAt(demo, [-50, 5, 110])).toBeLessThan(110);
    expect(huAt(demo, [-55, 20, 230])).toBeLessThan(-700); // right lung
    for (const nodule of DEMO_NODULES) {
      expect(huAt(demo, nodule.centerLps)).toBeGreaterThan(0);
      const outside: Vec3 = [nodule.centerLps[0], nodule.centerLps[1] + nodule.diameterMm, nodule.centerLps[2]];
      expect(huAt(demo, outside)).toBeLessThan(-700);
    }
  });

  it('is the same on every call (deterministic noise)', () => {
    const again = makeDemoPhantom().data;
    let differing = 0;
    for (let i = 0; i < again.length; i++) if (again[i] !== demo.data[i]) differing++;
    expect(differing).toBe(0);
  });
});
