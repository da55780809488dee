import { describe, expect, it } from 'vitest';
import { daysBetween, growthBetween, growthBetweenMasks, volumeDoublingTime } from '../../main/core/analysis/index.js';
import type { Geometry } from '../../main/core/volume/types.js';
import { emptyLabelMap, gridPoint, obliqueGeometry, paintLabelMap, rotatedDirection } from './support/syntheticShapes.js';

describe('volume doubling time', () => {
  it('is the interval when the volume doubled exactly', () => {
    expect(volumeDoublingTime(0.5, '2024-01-01', 1.0, '2024-04-10')).toBeCloseTo(100, 9);
  });

  it('follows VDT = Δt·ln2 / ln(V2/V1) (a 400-day VDT for a nodule growing 1.2× in 105 days is borderline-indolent)', () => {
    const vdt = volumeDoublingTime(1.0, new Date('2023-03-01T00:00:00Z'), 1.2, new Date('2023-06-14T00:00:00Z'));
    expect(vdt).toBeCloseTo((105 * Math.LN2) / Math.log(1.2), 9);
    expect(vdt).toBeGreaterThan(399);
    expect(vdt).toBeLessThan(400);
  });

  it('is Infinity for an unchanged volume and negative (the halving time) for a shrinking lesion', () => {
    expect(volumeDoublingTime(2, '2024-01-01', 2, '2024-02-01')).toBe(Infinity);
    expect(volumeDoublingTime(2, '2024-01-01', 1, '2024-03-01')).toBeCloseTo(-60, 9);
  });

  it('refuses non-positive volumes and a second scan that is not later', () => {
    expect(() => volumeDoublingTime(0, '2024-01-01', 1, '2024-02-01')).toThrow(RangeError);
    expect(() => volumeDoublingTime(1, '2024-01-01', -1, '2024-02-01')).toThrow(RangeError);
    expect(() => volumeDoublingTime(1, '2024-02-01', 2, '2024-02-01')).toThrow(/later/);
    expect(() => volumeDoublingTime(1, '2024-03-01', 2, '2024-02-01')).toThrow(/later/);
    expect(() => volumeDoublingTime(1, 'not a date', 2, '2024-02-01')).toThrow(/valid date/);
  });

  it('reads DICOM dates (YYYYMMDD)', () => {
    expect(daysBetween('20240101', '20240301')).toBe(60);
  });
});

describe('growth between two scans of one lesion', () => {
  it('summarises change, doubling time, RECIST change and trend', () => {
    const g = growthBetween({ volumeMl: 0.64, date: '20230105', recistLongMm: 14 }, { volumeMl: 1.28, date: '20230405', recistLongMm: 17.5 });
    expect(g.intervalDays).toBe(90);
    expect(g.volumeChangeMl).toBeCloseTo(0.64, 12);
    expect(g.volumeChangePercent).toBeCloseTo(100, 9);
    expect(g.doublingTimeDays).toBeCloseTo(90, 9);
    expect(g.recistLongChangePercent).toBeCloseTo(25, 9);
    expect(g.trend).toBe('growing');
  });

  it('calls changes below the volumetry noise (25 % by default) stable', () => {
    expect(growthBetween({ volumeMl: 1, date: '2024-01-01' }, { volumeMl: 1.1, date: '2024-07-01' }).trend).toBe('stable');
    expect(growthBetween({ volumeMl: 1, date: '2024-01-01' }, { volumeMl: 0.5, date: '2024-07-01' }).trend).toBe('shrinking');
    expect(growthBetween({ volumeMl: 1, date: '2024-01-01' }, { volumeMl: 1.1, date: '2024-07-01' }, 5).trend).toBe('growing');
  });
});

describe('growth between two masks of the same lesion', () => {
  it('doubles the volume of a sphere between scans in different oblique grids: VDT equals the interval', () => {
    // Radius × 2^(1/3) doubles the volume; the second scan has another spacing and orientation.
    const g1 = obliqueGeometry([60, 50, 20]);
    const g2: Geometry = { ...obliqueGeometry([70, 60, 24]), spacing: [0.6, 0.6, 2.0], direction: rotatedDirection(-15, 5) };
    const R1 = 9;
    const R2 = R1 * Math.cbrt(2);
    const c1 = gridPoint(g1, [30.2, 25.4, 10.1]);
    const c2 = gridPoint(g2, [35.3, 29.8, 12.2]);
    const before = paintLabelMap(g1, (p) => Math.hypot(p[0] - c1[0], p[1] - c1[1], p[2] - c1[2]) <= R1);
    const after = paintLabelMap(g2, (p) => Math.hypot(p[0] - c2[0], p[1] - c2[1], p[2] - c2[2]) <= R2);
    const growth = growthBetweenMasks({ labelMap: before, date: '2025-01-10' }, { labelMap: after, date: '2025-04-20' });
    expect(growth.intervalDays).toBe(100);
    expect(growth.volumeChangePercent).toBeGreaterThan(90);
    expect(growth.volumeChangePercent).toBeLessThan(110);
    expect(Math.abs(growth.doublingTimeDays - 100)).toBeLessThan(10);
    expect(growth.recistLongChangePercent).toBeGreaterThan(15);
    expect(growth.trend).toBe('growing');
  });

  it('refuses an empty mask', () => {
    const g = obliqueGeometry([10, 10, 4]);
    const one = paintLabelMap(g, () => true);
    expect(() => growthBetweenMasks({ labelMap: emptyLabelMap(g), date: '2025-01-01' }, { labelMap: one, date: '2025-02-01' })).toThrow(/no lesion/);
  });
});
