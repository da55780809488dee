import type { Vec3 } from '../volume/types.js';

/**
 * Binary dilation by a box of half-widths `r` (voxels per axis), separable, O(n) per axis:
 * each pass marks voxels within r of a set voxel along one line (distance to the last/next set voxel).
 */
export function dilateBox(mask: Uint8Array, dims: Vec3, r: Vec3): Uint8Array {
  let cur = mask;
  for (let axis = 0; axis < 3; axis++) {
    if (r[axis]! <= 0) continue;
    cur = dilateLine(cur, dims, axis, r[axis]!);
  }
  return cur === mask ? mask.slice() : cur;
}

export function erodeBox(mask: Uint8Array, dims: Vec3, r: Vec3): Uint8Array {
  const inv = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) inv[v] = mask[v] ? 0 : 1;
  const d = dilateBox(inv, dims, r);
  for (let v = 0; v < d.length; v++) d[v] = d[v] ? 0 : 1;
  return d;
}

/** Closing that treats outside the grid as background for the dilation and as foreground for the erosion. */
export function closeBox(mask: Uint8Array, dims: Vec3, r: Vec3): Uint8Array {
  return erodeBox(dilateBox(mask, dims, r), dims, r);
}

function dilateLine(src: Uint8Array, dims: Vec3, axis: number, r: number): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(src.length);
  const len = dims[axis]!;
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const lines: number[] = [];
  const [ua, ub] = axis === 0 ? [ny, nz] : axis === 1 ? [nx, nz] : [nx, ny];
  for (let b = 0; b < ub; b++)
    for (let a = 0; a < ua; a++) lines.push(axis === 0 ? nx * (a + ny * b) : axis === 1 ? a + nx * ny * b : a + nx * b);
  for (const base of lines) {
    let last = -Infinity;
    for (let t = 0; t < len; t++) {
      const o = base + t * stride;
      if (src[o]) last = t;
      if (t - last <= r) out[o] = 1;
    }
    last = Infinity;
    for (let t = len - 1; t >= 0; t--) {
      const o = base + t * stride;
      if (src[o]) last = t;
      if (last - t <= r) out[o] = 1;
    }
  }
  return out;
}

/**
 * Fills background regions of each k-slice that are not 4-connected to the slice's edge and hold at
 * most `maxHoleVoxels` pixels (so the mediastinum between two bridged lungs is not filled).
 */
export function fillHolesPerSlice(mask: Uint8Array, dims: Vec3, maxHoleVoxels = Infinity): void {
  const [nx, ny, nz] = dims;
  const seen = new Uint8Array(nx * ny);
  const stack = new Int32Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    const base = k * nx * ny;
    seen.fill(0);
    let top = 0;
    const push = (p: number) => {
      if (!seen[p] && !mask[base + p]) {
        seen[p] = 1;
        stack[top++] = p;
      }
    };
    for (let i = 0; i < nx; i++) {
      push(i);
      push(i + nx * (ny - 1));
    }
    for (let j = 0; j < ny; j++) {
      push(nx * j);
      push(nx - 1 + nx * j);
    }
    while (top > 0) {
      const p = stack[--top]!;
      const i = p % nx;
      const j = (p - i) / nx;
      if (i > 0) push(p - 1);
      if (i < nx - 1) push(p + 1);
      if (j > 0) push(p - nx);
      if (j < ny - 1) push(p + nx);
    }
    if (maxHoleVoxels === Infinity) {
      for (let p = 0; p < nx * ny; p++) if (!seen[p]) mask[base + p] = 1;
      continue;
    }
    // Each enclosed hole on its own: flood it, then fill it only if it is small.
    for (let p0 = 0; p0 < nx * ny; p0++) {
      if (seen[p0] || mask[base + p0]) continue;
      const members: number[] = [];
      top = 0;
      seen[p0] = 1;
      stack[top++] = p0;
      while (top > 0) {
        const p = stack[--top]!;
        members.push(p);
        const i = p % nx;
        const j = (p - i) / nx;
        if (i > 0) push(p - 1);
        if (i < nx - 1) push(p + 1);
        if (j > 0) push(p - nx);
        if (j < ny - 1) push(p + nx);
      }
      if (members.length <= maxHoleVoxels) for (const p of members) mask[base + p] = 1;
    }
  }
}

/**
 * Per k-slice, per 4-connected 2-D component: closing by a box of half-widths r (in-plane) and filling
 * of holes up to `maxHoleVoxels`, each outline on its own so that separate outlines never merge.
 */
export function closeEachSliceComponent(mask: Uint8Array, dims: Vec3, r: Vec3, maxHoleVoxels: number): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = mask.slice();
  const seen = new Uint8Array(nx * ny);
  const stack = new Int32Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    const base = k * nx * ny;
    seen.fill(0);
    for (let p0 = 0; p0 < nx * ny; p0++) {
      if (seen[p0] || !mask[base + p0]) continue;
      const members: number[] = [];
      let top = 0;
      seen[p0] = 1;
      stack[top++] = p0;
      let i0 = nx, i1 = -1, j0 = ny, j1 = -1;
      while (top > 0) {
        const p = stack[--top]!;
        members.push(p);
        const i = p % nx;
        const j = (p - i) / nx;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        const nb = [i > 0 ? p - 1 : -1, i < nx - 1 ? p + 1 : -1, j > 0 ? p - nx : -1, j < ny - 1 ? p + nx : -1];
        for (const q of nb)
          if (q >= 0 && !seen[q] && mask[base + q]) {
            seen[q] = 1;
            stack[top++] = q;
          }
      }
      if (members.length < 20) continue;
      // Sub-image with a margin of r + 1 so the closing does not touch its edges.
      const bi0 = i0 - r[0]! - 1, bj0 = j0 - r[1]! - 1;
      const w = i1 - i0 + 1 + 2 * (r[0]! + 1);
      const h = j1 - j0 + 1 + 2 * (r[1]! + 1);
      const sub = new Uint8Array(w * h);
      for (const p of members) {
        const i = p % nx;
        const j = (p - i) / nx;
        sub[i - bi0 + w * (j - bj0)] = 1;
      }
      const sd: Vec3 = [w, h, 1];
      const closed = erodeBox(dilateBox(sub, sd, [r[0]!, r[1]!, 0]), sd, [r[0]!, r[1]!, 0]);
      fillHolesPerSlice(closed, sd, maxHoleVoxels);
      for (let y = 0; y < h; y++) {
        const j = y + bj0;
        if (j < 0 || j >= ny) continue;
        for (let x = 0; x < w; x++) {
          const i = x + bi0;
          if (i >= 0 && i < nx && closed[x + w * y]) out[base + i + nx * j] = 1;
        }
      }
    }
  }
  return out;
}
