import type { SliceLayout } from './planes.js';

export interface SliceFillRegion {
  /** Linear volume indices of the region (empty when the seed is not background). */
  voxels: Uint32Array;
  /** False when the region reaches the slice border, i.e. it is not closed by a contour. */
  enclosed: boolean;
}

/**
 * The 4-connected background (value 0) region of one slice that contains the seed (u, v).
 * 4-connectivity means a contour drawn with diagonal steps still closes the region.
 */
export function backgroundRegionOnSlice(
  data: Uint8Array,
  layout: SliceLayout,
  seedU: number,
  seedV: number,
): SliceFillRegion {
  const { width, height, offset, strideU, strideV } = layout;
  const at = (u: number, v: number) => offset + u * strideU + v * strideV;
  if (seedU < 0 || seedV < 0 || seedU >= width || seedV >= height || data[at(seedU, seedV)] !== 0) {
    return { voxels: new Uint32Array(0), enclosed: true };
  }
  const seen = new Uint8Array(width * height);
  const queue = new Int32Array(width * height);
  let head = 0;
  let tail = 0;
  let enclosed = true;
  queue[tail++] = seedU + width * seedV;
  seen[seedU + width * seedV] = 1;
  while (head < tail) {
    const p = queue[head++]!;
    const u = p % width;
    const v = (p - u) / width;
    if (u === 0 || v === 0 || u === width - 1 || v === height - 1) enclosed = false;
    const tryPush = (nu: number, nv: number) => {
      if (nu < 0 || nv < 0 || nu >= width || nv >= height) return;
      const q = nu + width * nv;
      if (seen[q] || data[at(nu, nv)] !== 0) return;
      seen[q] = 1;
      queue[tail++] = q;
    };
    tryPush(u - 1, v);
    tryPush(u + 1, v);
    tryPush(u, v - 1);
    tryPush(u, v + 1);
  }
  const voxels = new Uint32Array(tail);
  for (let n = 0; n < tail; n++) {
    const p = queue[n]!;
    const u = p % width;
    voxels[n] = at(u, (p - u) / width);
  }
  return { voxels, enclosed };
}
