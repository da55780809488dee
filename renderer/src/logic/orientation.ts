/**
 * Radiological slice cameras in LPS and the maths that follows from them: orientation letters,
 * screen ↔ world, which voxel axis a view steps through. Pure, no DOM, no vtk.
 */
import { indexToWorld, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';
import { add, cross, dot, scale, sub } from './vec3.js';

export type SliceAxis = 'axial' | 'coronal' | 'sagittal';
export const SLICE_AXES: readonly SliceAxis[] = ['axial', 'coronal', 'sagittal'];

export interface SliceCamera {
  /** Where the camera looks (from the eye into the patient). */
  directionOfProjection: Vec3;
  viewUp: Vec3;
}

/**
 * Radiological convention: axial seen from the feet with anterior up (patient's right on screen left),
 * coronal seen from the front with head up, sagittal seen from the patient's left with head up (anterior left).
 */
export const SLICE_CAMERAS: Record<SliceAxis, SliceCamera> = {
  axial: { directionOfProjection: [0, 0, 1], viewUp: [0, -1, 0] },
  coronal: { directionOfProjection: [0, 1, 0], viewUp: [0, 0, 1] },
  sagittal: { directionOfProjection: [-1, 0, 0], viewUp: [0, 0, 1] },
};

/** Screen right in world: forward × up (a right-handed camera). */
export function screenRight(camera: SliceCamera): Vec3 {
  return cross(camera.directionOfProjection, camera.viewUp);
}

const LETTERS: [positive: string, negative: string][] = [
  ['L', 'R'],
  ['P', 'A'],
  ['S', 'I'],
];

/** The LPS letter(s) a world direction points to, strongest first; components under ~15° off are dropped. */
export function orientationLetters(v: Vec3): string {
  const parts = [0, 1, 2]
    .map((axis) => ({ axis, size: Math.abs(v[axis]!) }))
    .filter((p) => p.size > 0.26)
    .sort((a, b) => b.size - a.size);
  return parts.map(({ axis }) => LETTERS[axis]![v[axis]! > 0 ? 0 : 1]).join('');
}

export interface EdgeLetters {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

export function edgeLetters(camera: SliceCamera): EdgeLetters {
  const right = screenRight(camera);
  const up = camera.viewUp;
  return {
    left: orientationLetters(scale(right, -1)),
    right: orientationLetters(right),
    top: orientationLetters(up),
    bottom: orientationLetters(scale(up, -1)),
  };
}

/** A parallel-projection view: what sits at its centre, how many mm its height spans, its size in CSS px. */
export interface ViewFrame {
  camera: SliceCamera;
  focalPoint: Vec3;
  /** Half the view height in mm (vtk's parallelScale). */
  parallelScale: number;
  widthPx: number;
  heightPx: number;
}

export function mmPerPixel(frame: ViewFrame): number {
  return (2 * frame.parallelScale) / Math.max(1, frame.heightPx);
}

/** World point under a CSS pixel (origin top-left), lying in the plane through the focal point. */
export function screenToWorld(frame: ViewFrame, x: number, y: number): Vec3 {
  const s = mmPerPixel(frame);
  const right = screenRight(frame.camera);
  return add(add(frame.focalPoint, scale(right, (x - frame.widthPx / 2) * s)), scale(frame.camera.viewUp, (frame.heightPx / 2 - y) * s));
}

export function worldToScreen(frame: ViewFrame, p: Vec3): { x: number; y: number } {
  const s = mmPerPixel(frame);
  const d = sub(p, frame.focalPoint);
  return {
    x: frame.widthPx / 2 + dot(d, screenRight(frame.camera)) / s,
    y: frame.heightPx / 2 - dot(d, frame.camera.viewUp) / s,
  };
}

/** The voxel axis (0 = i, 1 = j, 2 = k) most nearly along a view's normal: the one its slices step through. */
export function sliceVoxelAxis(g: Geometry, normal: Vec3): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  let bestDot = -1;
  for (const c of [0, 1, 2] as const) {
    const column: Vec3 = [g.direction[c]!, g.direction[3 + c]!, g.direction[6 + c]!];
    const d = Math.abs(dot(column, normal));
    if (d > bestDot) {
      bestDot = d;
      best = c;
    }
  }
  return best;
}

/** 0-based voxel index of the slice through `point` along the view's stepping axis, and how many there are. */
export function sliceIndex(g: Geometry, point: Vec3, normal: Vec3): { index: number; count: number } {
  const axis = sliceVoxelAxis(g, normal);
  const ijk = worldToIndex(g, point);
  const count = g.dims[axis];
  return { index: Math.min(count - 1, Math.max(0, Math.round(ijk[axis]))), count };
}

/** Snap a point to the nearest voxel centre inside the volume. */
export function snapToVoxel(g: Geometry, point: Vec3): Vec3 {
  const ijk = worldToIndex(g, point);
  const snapped = ijk.map((v, c) => Math.min(g.dims[c]! - 1, Math.max(0, Math.round(v)))) as Vec3;
  return indexToWorld(g, snapped);
}

/** Move the point `delta` slices along the voxel axis of this view, staying inside the volume. */
export function stepSlice(g: Geometry, point: Vec3, normal: Vec3, delta: number): Vec3 {
  const axis = sliceVoxelAxis(g, normal);
  const ijk = worldToIndex(g, point);
  ijk[axis] = Math.min(g.dims[axis] - 1, Math.max(0, Math.round(ijk[axis]) + delta));
  return indexToWorld(g, ijk);
}

/** Put the point on a given slice (0-based) of the view's voxel axis. */
export function goToSlice(g: Geometry, point: Vec3, normal: Vec3, index: number): Vec3 {
  const axis = sliceVoxelAxis(g, normal);
  const ijk = worldToIndex(g, point);
  ijk[axis] = Math.min(g.dims[axis] - 1, Math.max(0, Math.round(index)));
  return indexToWorld(g, ijk);
}

export function volumeCenter(g: Geometry): Vec3 {
  return indexToWorld(g, [(g.dims[0] - 1) / 2, (g.dims[1] - 1) / 2, (g.dims[2] - 1) / 2]);
}

/** Half-extent of the volume seen along the camera's right and up axes, in mm (corners projected). */
export function visibleHalfExtent(g: Geometry, camera: SliceCamera): { halfWidth: number; halfHeight: number } {
  const right = screenRight(camera);
  const center = volumeCenter(g);
  let halfWidth = 0;
  let halfHeight = 0;
  for (const i of [-0.5, g.dims[0] - 0.5])
    for (const j of [-0.5, g.dims[1] - 0.5])
      for (const k of [-0.5, g.dims[2] - 0.5]) {
        const d = sub(indexToWorld(g, [i, j, k]), center);
        halfWidth = Math.max(halfWidth, Math.abs(dot(d, right)));
        halfHeight = Math.max(halfHeight, Math.abs(dot(d, camera.viewUp)));
      }
  return { halfWidth, halfHeight };
}

/** parallelScale that fits the whole volume section into a view of this aspect ratio, with a small margin. */
export function fitParallelScale(g: Geometry, camera: SliceCamera, widthPx: number, heightPx: number): number {
  const { halfWidth, halfHeight } = visibleHalfExtent(g, camera);
  const aspect = Math.max(1e-3, widthPx / Math.max(1, heightPx));
  return 1.05 * Math.max(halfHeight, halfWidth / aspect);
}

/** A "nice" scale-bar length (1, 2, 5 × 10ⁿ mm) no longer than `maxMm`. */
export function niceLength(maxMm: number): number {
  if (!(maxMm > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(maxMm));
  for (const m of [5, 2, 1]) if (m * power <= maxMm) return m * power;
  return power;
}
