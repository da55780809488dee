/**
 * Where a lesion's RECIST axes fall on a slice view: the long axis and the perpendicular short axis as
 * screen segments, drawn only in the view that steps through the measured slices and only on the
 * measured slice. Same world → screen mapping as the crosshair (orientation.worldToScreen). Pure.
 */
import type { RecistMeasurement } from '../../../main/core/analysis/types.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';
import { formatLengthMm } from './lengthText.js';
import { sliceIndex, sliceVoxelAxis, worldToScreen, type ViewFrame } from './orientation.js';

/** Pixels between an axis end and its length label. */
const LABEL_GAP_PX = 10;

export interface ScreenSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lengthMm: number;
  /** Where the length label goes (just past one end, outside the lesion) and how it is anchored. */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end'; text: string };
}

export interface RecistOverlay {
  long: ScreenSegment;
  short: ScreenSegment;
}

/** The segment p–q on screen, its label past the end picked by `labelEnd` (which of the two ends wins). */
function segment(frame: ViewFrame, [p, q]: [Vec3, Vec3], lengthMm: number, labelEnd: (a: { x: number; y: number }, b: { x: number; y: number }) => boolean): ScreenSegment {
  const a = worldToScreen(frame, p);
  const b = worldToScreen(frame, q);
  const [from, end] = labelEnd(a, b) ? [b, a] : [a, b];
  const length = Math.hypot(end.x - from.x, end.y - from.y) || 1;
  const ux = (end.x - from.x) / length;
  const uy = (end.y - from.y) / length;
  const anchor = ux > 0.35 ? 'start' : ux < -0.35 ? 'end' : 'middle';
  // Text hangs from its baseline: below an end that points down, it needs a line's height more.
  const x = end.x + ux * LABEL_GAP_PX;
  const y = end.y + uy * LABEL_GAP_PX + (uy > 0.35 ? 8 : uy < -0.35 ? 0 : 4);
  return { x1: a.x, y1: a.y, x2: b.x, y2: b.y, lengthMm, label: { x, y, anchor, text: `${formatLengthMm(lengthMm)} mm` } };
}

/**
 * The RECIST axes on a view through `crosshair`, or null when the view does not show the measured
 * slice: it slices along another voxel axis, or the crosshair is on another slice. The end points
 * are projected along the view normal (for an oblique series the view plane is tilted against the
 * acquired slice by the gantry/obliquity angle).
 */
export function recistAxesOnScreen(frame: ViewFrame, geometry: Geometry, crosshair: Vec3, recist: RecistMeasurement): RecistOverlay | null {
  const normal = frame.camera.directionOfProjection;
  if (sliceVoxelAxis(geometry, normal) !== recist.sliceAxis) return null;
  if (sliceIndex(geometry, crosshair, normal).index !== recist.sliceK) return null;
  return {
    // The long axis is labelled at its right end, the short axis at its upper end.
    long: segment(frame, recist.longEndpointsLps, recist.longMm, (a, b) => a.x > b.x),
    short: segment(frame, recist.shortEndpointsLps, recist.shortMm, (a, b) => a.y < b.y),
  };
}
