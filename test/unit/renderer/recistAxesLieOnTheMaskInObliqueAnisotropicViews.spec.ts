import { describe, expect, it } from 'vitest';
import { measureLesions } from '../../../main/core/analysis/index.js';
import { worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Geometry, LabelMap, Mat3, Vec3 } from '../../../main/core/volume/types.js';
import { formatLengthMm } from '../../../renderer/src/logic/lengthText.js';
import { mmPerPixel, screenToWorld, SLICE_CAMERAS, stepSlice, type SliceAxis, type ViewFrame } from '../../../renderer/src/logic/orientation.js';
import { recistAxesOnScreen, type ScreenSegment } from '../../../renderer/src/logic/recistAxes.js';

const deg = Math.PI / 180;
/** Rz(20°)·Rx(12°), row-major: columns are the i, j, k axes in LPS (k tilted 12° like a gantry tilt). */
function tiltedDirection(): Mat3 {
  const [cz, sz, cx, sx] = [Math.cos(20 * deg), Math.sin(20 * deg), Math.cos(12 * deg), Math.sin(12 * deg)];
  return [cz, -sz * cx, sz * sx, sz, cz * cx, -cz * sx, 0, sx, cx];
}

const CENTRE = [28, 24] as const;
/** An elliptic cylinder over slices 5–11 (8 × 5 mm semi-axes), a little longer on slice 8, where RECIST measures. */
function lesionMap(g: Geometry): LabelMap {
  const [nx, ny, nz] = g.dims;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 5; k <= 11; k++) {
    const a = k === 8 ? 8.8 : 8;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const u = ((i - CENTRE[0]) * g.spacing[0]) / a;
        const v = ((j - CENTRE[1]) * g.spacing[1]) / 5;
        if (u * u + v * v <= 1) data[i + nx * (j + ny * k)] = 1;
      }
    }
  }
  return { ...g, data, labels: [{ value: 1, name: 'Lesion', color: [255, 0, 0] }] };
}

function frameFor(axis: SliceAxis, focalPoint: Vec3): ViewFrame {
  return { camera: SLICE_CAMERAS[axis], focalPoint, parallelScale: 20, widthPx: 400, heightPx: 400 };
}

const midpoint = ([a, b]: [Vec3, Vec3]): Vec3 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];

/** The label under a screen point of the view, as the reslice draws it (nearest voxel of the view plane's point). */
function labelUnder(map: LabelMap, frame: ViewFrame, x: number, y: number): number {
  const [i, j, k] = worldToIndex(map, screenToWorld(frame, x, y)).map(Math.round) as Vec3;
  const [nx, ny, nz] = map.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
  return map.data[i + nx * (j + ny * k)]!;
}

/** Labels under the segment from 15 % to 85 % of its length, and 1.5 mm past either end. */
function sampleSegment(map: LabelMap, frame: ViewFrame, s: ScreenSegment) {
  const inside: number[] = [];
  for (let t = 0.15; t <= 0.851; t += 0.05) inside.push(labelUnder(map, frame, s.x1 + t * (s.x2 - s.x1), s.y1 + t * (s.y2 - s.y1)));
  const px = Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
  const past = 1.5 / mmPerPixel(frame) / px;
  const beyond = [-past, 1 + past].map((t) => labelUnder(map, frame, s.x1 + t * (s.x2 - s.x1), s.y1 + t * (s.y2 - s.y1)));
  return { inside, beyond, lengthPx: px };
}

describe('RECIST axes drawn on a slice view', () => {
  const oblique: Geometry = { dims: [56, 48, 16], spacing: [0.7, 0.8, 2.5], origin: [-31.2, 12.5, -140.4], direction: tiltedDirection() };
  const map = lesionMap(oblique);
  const [lesion] = measureLesions(map, undefined, { connectivity: 26 });
  const recist = lesion!.recist!;

  it('measures the test lesion where it was built: slice 8, about 17.6 × 10 mm', () => {
    expect(recist.sliceAxis).toBe(2);
    expect(recist.sliceK).toBe(8);
    expect(recist.longMm).toBeGreaterThan(17);
    expect(recist.longMm).toBeLessThan(19);
    expect(recist.shortMm).toBeGreaterThan(9.5);
    expect(recist.shortMm).toBeLessThan(11.5);
  });

  it('lies on the mask voxels the view shows, ends at its edges, and the axes cross at right angles (oblique, anisotropic)', () => {
    const target = midpoint(recist.longEndpointsLps);
    const frame = frameFor('axial', target);
    const overlay = recistAxesOnScreen(frame, oblique, target, recist)!;
    expect(overlay).not.toBeNull();
    for (const s of [overlay.long, overlay.short]) {
      const { inside, beyond } = sampleSegment(map, frame, s);
      expect(inside.every((v) => v === 1)).toBe(true);
      expect(beyond).toEqual([0, 0]);
    }
    // Each end, read back through the view's screen → world mapping, is the measured end point moved along the view normal only.
    const n = frame.camera.directionOfProjection;
    const ends: Array<[Vec3, number, number]> = [
      [recist.longEndpointsLps[0], overlay.long.x1, overlay.long.y1], [recist.longEndpointsLps[1], overlay.long.x2, overlay.long.y2],
      [recist.shortEndpointsLps[0], overlay.short.x1, overlay.short.y1], [recist.shortEndpointsLps[1], overlay.short.x2, overlay.short.y2],
    ];
    for (const [p, x, y] of ends) {
      const back = screenToWorld(frame, x, y);
      const offset = (p[0] - back[0]) * n[0] + (p[1] - back[1]) * n[1] + (p[2] - back[2]) * n[2];
      for (let c = 0; c < 3; c++) expect(back[c]! + offset * n[c]!).toBeCloseTo(p[c]!, 9);
    }
    expect(overlay.long.lengthMm).toBe(recist.longMm);
    expect(overlay.long.label.text).toBe(`${formatLengthMm(recist.longMm)} mm`);
    expect(overlay.short.label.text).toBe(`${formatLengthMm(recist.shortMm)} mm`);
    // Seen along the view normal the tilted slice is foreshortened by at most cos 12°.
    const longPx = Math.hypot(overlay.long.x2 - overlay.long.x1, overlay.long.y2 - overlay.long.y1);
    expect(longPx * mmPerPixel(frame)).toBeLessThanOrEqual(recist.longMm + 1e-9);
    expect(longPx * mmPerPixel(frame)).toBeGreaterThan(recist.longMm * Math.cos(12 * deg) - 1e-9);
    const [l, s] = [overlay.long, overlay.short];
    const cos = ((l.x2 - l.x1) * (s.x2 - s.x1) + (l.y2 - l.y1) * (s.y2 - s.y1)) / (Math.hypot(l.x2 - l.x1, l.y2 - l.y1) * Math.hypot(s.x2 - s.x1, s.y2 - s.y1));
    expect(Math.abs(cos)).toBeLessThan(0.1);
    // Labels sit outside the lesion: past the right end of the long axis and the upper end of the short axis.
    expect(l.label.x).toBeGreaterThan(Math.max(l.x1, l.x2));
    expect(s.label.y).toBeLessThan(Math.min(s.y1, s.y2));
  });

  it('keeps millimetres exact on screen in an axis-aligned anisotropic grid, after panning', () => {
    const straight: Geometry = { ...oblique, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const aligned = lesionMap(straight);
    const r = measureLesions(aligned, undefined, { connectivity: 26 })[0]!.recist!;
    const target = midpoint(r.longEndpointsLps);
    const frame = frameFor('axial', [target[0] + 7.3, target[1] - 3.1, target[2]]);
    const overlay = recistAxesOnScreen(frame, straight, target, r)!;
    for (const [s, mm] of [[overlay.long, r.longMm], [overlay.short, r.shortMm]] as const) {
      expect(Math.hypot(s.x2 - s.x1, s.y2 - s.y1) * mmPerPixel(frame)).toBeCloseTo(mm, 9);
      const { inside, beyond } = sampleSegment(aligned, frame, s);
      expect(inside.every((v) => v === 1)).toBe(true);
      expect(beyond).toEqual([0, 0]);
    }
  });

  it('is hidden on the neighbouring slices and in the views that cut across the measured slices', () => {
    const target = midpoint(recist.longEndpointsLps);
    for (const delta of [-1, 1]) {
      const elsewhere = stepSlice(oblique, target, SLICE_CAMERAS.axial.directionOfProjection, delta);
      expect(recistAxesOnScreen(frameFor('axial', elsewhere), oblique, elsewhere, recist)).toBeNull();
    }
    expect(recistAxesOnScreen(frameFor('coronal', target), oblique, target, recist)).toBeNull();
    expect(recistAxesOnScreen(frameFor('sagittal', target), oblique, target, recist)).toBeNull();
  });
});
