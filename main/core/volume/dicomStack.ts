import type { Mat3, Vec3 } from './types.js';
import type { DicomSlice } from './dicomClassify.js';
import { VolumeReadError } from './errors.js';

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const norm = (a: Vec3) => Math.hypot(a[0], a[1], a[2]);
const unit = (a: Vec3): Vec3 => {
  const n = norm(a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};

/** A series' slices in stacking order with the grid they make and what is wrong with it. */
export interface SliceStack {
  slices: DicomSlice[];
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Mat3;
  /** Largest angle (degrees) between the slice normal and the line through the slice positions. */
  gantryTiltDeg: number;
  /** Slice gaps that differ from the typical gap (probable missing slices). */
  unevenGaps: { afterIndex: number; gapMm: number }[];
  warnings: string[];
}

/** Key that splits one Series Instance UID into parts that can form one grid (and echoes/time points apart). */
export function geometryKey(s: DicomSlice): string {
  const r = (x: number) => (Math.round(x * 1e3) / 1e3).toFixed(3);
  const iop = s.orientation ? s.orientation.map(r).join(',') : 'no-iop';
  const ps = s.pixelSpacing ? s.pixelSpacing.map(r).join(',') : 'no-ps';
  const multi = s.frames > 1 ? `|frames:${s.file}` : '';
  return `${s.rows}x${s.columns}|${iop}|${ps}|${s.samplesPerPixel}|${s.bitsAllocated}|${s.repeatKey}${multi}`;
}

/**
 * Sorts slices by position along the slice normal (row × column direction), never by file name or instance
 * number, and derives the LPS grid as ITK does: origin at the first slice, k increasing along the normal.
 */
export function stackSlices(input: DicomSlice[]): SliceStack {
  const first = input[0];
  if (!first) throw new VolumeReadError('empty-folder', 'The series has no image slices.');
  const warnings: string[] = [];
  const iop = first.orientation ?? [1, 0, 0, 0, 1, 0];
  if (!first.orientation) warnings.push('The slices have no ImageOrientationPatient; an axial orientation was assumed.');
  const rowDir = unit([iop[0], iop[1], iop[2]]);
  const colDir = unit([iop[3], iop[4], iop[5]]);
  const normal = unit(cross(rowDir, colDir));
  const [rowSpacing, colSpacing] = first.pixelSpacing ?? [1, 1];
  if (!first.pixelSpacing) warnings.push('The slices have no PixelSpacing; 1 mm was assumed.');

  const withPos = input.map((s, i) => ({ s, p: s.position, d: s.position ? dot(s.position, normal) : i }));
  if (input.length > 1 && withPos.some((w) => !w.p)) {
    throw new VolumeReadError('inconsistent-geometry', 'Some slices of the series have no ImagePositionPatient, so they cannot be stacked safely.');
  }
  withPos.sort((a, b) => a.d - b.d);
  const slices = withPos.map((w) => w.s);
  for (let k = 1; k < withPos.length; k++) {
    if (Math.abs(withPos[k]!.d - withPos[k - 1]!.d) < 1e-3) {
      throw new VolumeReadError(
        'inconsistent-geometry',
        `Two slices of the series lie at the same position (${withPos[k]!.d.toFixed(2)} mm along the normal): ${withPos[k - 1]!.s.file} and ${withPos[k]!.s.file}. The series may mix several acquisitions.`,
      );
    }
  }

  const n = slices.length;
  let sliceSpacing = first.sliceThickness && first.sliceThickness > 0 ? first.sliceThickness : 1;
  const unevenGaps: SliceStack['unevenGaps'] = [];
  let gantryTiltDeg = 0;
  if (n > 1) {
    const firstPos = withPos[0]!.p!;
    const lastPos = withPos[n - 1]!.p!;
    sliceSpacing = (withPos[n - 1]!.d - withPos[0]!.d) / (n - 1);
    const gaps = withPos.slice(1).map((w, k) => w.d - withPos[k]!.d);
    const sorted = [...gaps].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    gaps.forEach((g, k) => {
      if (Math.abs(g - median) > Math.max(0.01, 0.05 * median)) unevenGaps.push({ afterIndex: k, gapMm: g });
    });
    if (unevenGaps.length) {
      const list = unevenGaps.slice(0, 5).map((u) => `${u.gapMm.toFixed(2)} mm after slice ${u.afterIndex}`).join(', ');
      warnings.push(
        `Uneven slice spacing (usual gap ${median.toFixed(2)} mm; ${list}${unevenGaps.length > 5 ? ', …' : ''}): slices may be missing. The volume uses the mean gap ${sliceSpacing.toFixed(3)} mm, so distances across the gaps are approximate.`,
      );
    }
    const along = sub(lastPos, firstPos);
    const len = norm(along);
    if (len > 0) gantryTiltDeg = (Math.acos(Math.min(1, Math.abs(dot(along, normal)) / len)) * 180) / Math.PI;
    const headerTilt = Math.abs(first.gantryTilt);
    if (gantryTiltDeg > 0.1 || headerTilt > 0.1) {
      const shift = len * Math.sin((gantryTiltDeg * Math.PI) / 180);
      warnings.push(
        `Gantry tilt of ${Math.max(gantryTiltDeg, headerTilt).toFixed(1)}°: the slices are sheared, not stacked along their normal. They were stacked along the normal as ITK does, so positions drift by up to ${shift.toFixed(1)} mm across the volume; measure with care or resample with a tilt correction.`,
      );
    }
  }
  const origin = withPos[0]!.p ?? ([0, 0, 0] as Vec3);
  return {
    slices,
    dims: [first.columns, first.rows, n],
    spacing: [colSpacing, rowSpacing, sliceSpacing],
    origin: [...origin] as Vec3,
    direction: [rowDir[0], colDir[0], normal[0], rowDir[1], colDir[1], normal[1], rowDir[2], colDir[2], normal[2]].map((x) => x + 0) as Mat3,
    gantryTiltDeg,
    unevenGaps,
    warnings,
  };
}
