import type { LabelMap } from '../volume/types.js';
import { growthBetween, type DateLike, type GrowthSummary, type LesionTimepoint } from './growth.js';
import { measureLesions } from './measure.js';
import type { LesionStats } from './types.js';

/** A lesion's measurements at one scan date, ready for growthBetween. */
export function lesionTimepoint(lesion: Pick<LesionStats, 'volumeMl' | 'recist'>, date: DateLike): LesionTimepoint {
  const point: LesionTimepoint = { volumeMl: lesion.volumeMl, date };
  if (lesion.recist) point.recistLongMm = lesion.recist.longMm;
  return point;
}

export interface LesionMaskAtDate {
  labelMap: LabelMap;
  date: DateLike;
  /** The lesion's label value (default: every non-zero voxel is the lesion). */
  label?: number;
}

/** Volume of all voxels of the lesion and the RECIST long axis of its largest component. */
function timepointOfMask(m: LesionMaskAtDate): LesionTimepoint {
  const parts = measureLesions(m.labelMap, undefined, m.label === undefined ? {} : { labels: [m.label] });
  if (parts.length === 0) throw new RangeError(`The mask dated ${String(m.date)} holds no lesion voxels.`);
  const volumeMl = parts.reduce((sum, p) => sum + p.volumeMl, 0);
  const largest = parts.reduce((a, b) => (b.voxelCount > a.voxelCount ? b : a));
  return { ...lesionTimepoint(largest, m.date), volumeMl };
}

/**
 * Growth of one lesion between two masks (each in its own scan's grid, so the two need not share
 * geometry): volume change, volume doubling time and RECIST long-axis change.
 */
export function growthBetweenMasks(before: LesionMaskAtDate, after: LesionMaskAtDate, stableVolumePercent?: number): GrowthSummary {
  return growthBetween(timepointOfMask(before), timepointOfMask(after), stableVolumePercent);
}
