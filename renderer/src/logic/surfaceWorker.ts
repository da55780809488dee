/// <reference lib="webworker" />
/**
 * Label surfaces off the main thread: marching cubes and smoothing of a liver-sized mask take about a
 * second, which would freeze painting and the slice views.
 */
import type { Geometry } from '../../../main/core/volume/types.js';
import { buildLabelSurface, type LabelSurfaceMesh } from './labelSurface.js';

export interface SurfaceRequest {
  id: number;
  geometry: Geometry;
  /** A copy of the label map (handed over, not shared: the editor keeps changing its own). */
  data: Uint8Array;
  labels: number[];
}

export type SurfaceReply =
  | { id: number; surfaces: LabelSurfaceMesh[]; emptyLabels: number[]; ms: number }
  | { id: number; error: string };

self.onmessage = (event: MessageEvent<SurfaceRequest>) => {
  const { id, geometry, data, labels } = event.data;
  const post = (reply: SurfaceReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(reply, transfer);
  try {
    const start = performance.now();
    const surfaces: LabelSurfaceMesh[] = [];
    const emptyLabels: number[] = [];
    for (const label of labels) {
      const mesh = buildLabelSurface(geometry, data, label);
      if (mesh) surfaces.push(mesh);
      else emptyLabels.push(label);
    }
    const transfer = surfaces.flatMap((s) => [s.points.buffer, s.polys.buffer, s.normals.buffer]);
    post({ id, surfaces, emptyLabels, ms: performance.now() - start }, transfer);
  } catch (err) {
    post({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
