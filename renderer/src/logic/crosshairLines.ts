/** Where the other views' planes cut this view: one screen line each, through the crosshair. */
import type { Vec3 } from '../../../main/core/volume/types.js';
import { screenRight, SLICE_AXES, SLICE_CAMERAS, worldToScreen, type SliceAxis, type ViewFrame } from './orientation.js';
import { cross, dot, norm } from './vec3.js';

export interface ScreenLine {
  axis: SliceAxis;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function crosshairLines(frame: ViewFrame, own: SliceAxis, crosshair: Vec3): ScreenLine[] {
  const lines: ScreenLine[] = [];
  const center = worldToScreen(frame, crosshair);
  const right = screenRight(frame.camera);
  const reach = 4 * Math.hypot(frame.widthPx, frame.heightPx);
  for (const other of SLICE_AXES) {
    if (other === own) continue;
    const along = cross(SLICE_CAMERAS[own].directionOfProjection, SLICE_CAMERAS[other].directionOfProjection);
    if (norm(along) < 1e-6) continue;
    const dx = dot(along, right);
    const dy = -dot(along, frame.camera.viewUp);
    const length = Math.hypot(dx, dy) || 1;
    const ux = (dx / length) * reach;
    const uy = (dy / length) * reach;
    lines.push({ axis: other, x1: center.x - ux, y1: center.y - uy, x2: center.x + ux, y2: center.y + uy });
  }
  return lines;
}
