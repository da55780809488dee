import { describe, expect, it } from 'vitest';
import { daysBetween, growthBetween, volumeDoublingTime } from '../../main/core/analysis/index.js';

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
