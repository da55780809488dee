const MS_PER_DAY = 86_400_000;

export type DateLike = Date | string;

function toTime(d: DateLike, name: string): number {
  const t = d instanceof Date ? d.getTime() : Date.parse(d);
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid date: ${String(d)}`);
  return t;
}

/** Days from date1 to date2 (positive when date2 is later). DICOM dates (YYYYMMDD) are accepted. */
export function daysBetween(date1: DateLike, date2: DateLike): number {
  const norm = (d: DateLike) => (typeof d === 'string' && /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d);
  return (toTime(norm(date2), 'date2') - toTime(norm(date1), 'date1')) / MS_PER_DAY;
}

/**
 * Volume doubling time in days, VDT = Δt · ln 2 / ln(V2 / V1) (Schwartz), assuming exponential growth.
 * Returns Infinity when the volume did not change, and a negative number when the lesion shrank
 * (its magnitude is then the halving time). Throws on non-positive volumes or when date2 is not after
 * date1, because no doubling time can be stated then.
 */
export function volumeDoublingTime(v1Ml: number, date1: DateLike, v2Ml: number, date2: DateLike): number {
  if (!(v1Ml > 0) || !(v2Ml > 0) || !Number.isFinite(v1Ml) || !Number.isFinite(v2Ml)) {
    throw new RangeError(`Volumes must be positive and finite (got ${v1Ml} mL and ${v2Ml} mL).`);
  }
  const days = daysBetween(date1, date2);
  if (!(days > 0)) throw new RangeError(`The second scan must be later than the first (interval ${days} days).`);
  if (v1Ml === v2Ml) return Infinity;
  return (days * Math.LN2) / Math.log(v2Ml / v1Ml);
}

export interface LesionTimepoint {
  volumeMl: number;
  date: DateLike;
  /** RECIST long-axis diameter at this timepoint, if measured. */
  recistLongMm?: number;
}

export type GrowthTrend = 'growing' | 'stable' | 'shrinking';

export interface GrowthSummary {
  intervalDays: number;
  volumeChangeMl: number;
  volumeChangePercent: number;
  /** Days; Infinity if unchanged, negative if shrinking (see volumeDoublingTime). */
  doublingTimeDays: number;
  /** Relative change of the RECIST long axis, when both timepoints have one. */
  recistLongChangePercent?: number;
  /** 'stable' when the volume changed by less than `stableVolumePercent` (default 25 %, about the
   *  reproducibility of nodule volumetry). */
  trend: GrowthTrend;
}

/** Growth of one lesion between two scans. */
export function growthBetween(before: LesionTimepoint, after: LesionTimepoint, stableVolumePercent = 25): GrowthSummary {
  const doublingTimeDays = volumeDoublingTime(before.volumeMl, before.date, after.volumeMl, after.date);
  const volumeChangeMl = after.volumeMl - before.volumeMl;
  const volumeChangePercent = (100 * volumeChangeMl) / before.volumeMl;
  const summary: GrowthSummary = {
    intervalDays: daysBetween(before.date, after.date),
    volumeChangeMl,
    volumeChangePercent,
    doublingTimeDays,
    trend: Math.abs(volumeChangePercent) < stableVolumePercent ? 'stable' : volumeChangeMl > 0 ? 'growing' : 'shrinking',
  };
  if (before.recistLongMm !== undefined && after.recistLongMm !== undefined && before.recistLongMm > 0) {
    summary.recistLongChangePercent = (100 * (after.recistLongMm - before.recistLongMm)) / before.recistLongMm;
  }
  return summary;
}
