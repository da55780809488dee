import { indexToWorld, mappedBoxBounds, worldToIndex } from '../volume/geometry.js';
import { IDENTITY_DIRECTION, type Geometry, type PixelArray, type Vec3 } from '../volume/types.js';

/**
 * The model's canonical frame: an axis-aligned LPS grid (direction identity) at `spacingMm` whose
 * voxel centres cover the world bounding box of the source's voxel centres. Same rule as the
 * training code (tools/training/data.py `lps_grid`), so the network sees what it was trained on.
 */
export function canonicalGrid(src: Geometry, spacingMm: Vec3): Geometry {
  const { lo, hi } = mappedBoxBounds([0, 0, 0], [src.dims[0] - 1, src.dims[1] - 1, src.dims[2] - 1], (ijk) => indexToWorld(src, ijk));
  const dims = [0, 1, 2].map((d) => Math.floor((hi[d]! - lo[d]!) / spacingMm[d]! + 1e-3) + 1) as Vec3;
  return { dims, spacing: [...spacingMm], origin: lo, direction: [...IDENTITY_DIRECTION] };
}

/** Continuous source index of target voxel (0,0,0) and its increments along the target's i, j, k. */
export function indexMapping(src: Geometry, target: Geometry): { start: Vec3; step: [Vec3, Vec3, Vec3] } {
  const start = worldToIndex(src, indexToWorld(target, [0, 0, 0]));
  const along = (axis: number): Vec3 => {
    const e: Vec3 = [0, 0, 0];
    e[axis] = 1;
    const p = worldToIndex(src, indexToWorld(target, e));
    return [p[0] - start[0], p[1] - start[1], p[2] - start[2]];
  };
  return { start, step: [along(0), along(1), along(2)] };
}

/**
 * What a point beyond the image reads as: a value, or `'reflect'` (the image mirrored about its edge voxels, so a
 * crop that leaves a thin slab sees the lung go on instead of a wall of padding).
 */
export type OutsideValue = number | 'reflect';

/** A continuous voxel index mirrored about the centres of voxels 0 and n − 1 into [0, n − 1]. */
export function reflectIndex(x: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const t = ((x % period) + period) % period;
  return t > n - 1 ? period - t : t;
}

/**
 * Trilinear samples of `data` (in grid `src`) at every voxel of `target`. Neighbours outside the source count as
 * `outside` (scipy `map_coordinates(order=1, mode='constant')`), so borders blend; with `'reflect'` points beyond
 * the source are read from its mirror image (`mode='mirror'`).
 */
export function resampleTrilinear(data: PixelArray | Float32Array, src: Geometry, target: Geometry, outside: OutsideValue): Float32Array {
  const [nx, ny, nz] = src.dims;
  const [tx, ty, tz] = target.dims;
  const out = new Float32Array(tx * ty * tz);
  const { start, step } = indexMapping(src, target);
  const sxy = nx * ny;
  const reflect = outside === 'reflect';
  const fill = reflect ? 0 : outside;
  // With reflection every sample lies in [0, n − 1]; a neighbour at n carries weight 0 and is clamped.
  const at = (x: number, y: number, z: number): number =>
    reflect
      ? data[Math.min(x, nx - 1) + nx * Math.min(y, ny - 1) + sxy * Math.min(z, nz - 1)]!
      : x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? fill : data[x + nx * y + sxy * z]!;
  let o = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      let x = start[0] + step[1][0] * j + step[2][0] * k;
      let y = start[1] + step[1][1] * j + step[2][1] * k;
      let z = start[2] + step[1][2] * j + step[2][2] * k;
      for (let i = 0; i < tx; i++, o++, x += step[0][0], y += step[0][1], z += step[0][2]) {
        let px = x;
        let py = y;
        let pz = z;
        if (reflect) {
          if (px < 0 || px > nx - 1) px = reflectIndex(px, nx);
          if (py < 0 || py > ny - 1) py = reflectIndex(py, ny);
          if (pz < 0 || pz > nz - 1) pz = reflectIndex(pz, nz);
        } else if (x <= -1 || y <= -1 || z <= -1 || x >= nx || y >= ny || z >= nz) {
          out[o] = fill;
          continue;
        }
        const x0 = Math.floor(px);
        const y0 = Math.floor(py);
        const z0 = Math.floor(pz);
        const fx = px - x0;
        const fy = py - y0;
        const fz = pz - z0;
        if (x0 >= 0 && y0 >= 0 && z0 >= 0 && x0 + 1 < nx && y0 + 1 < ny && z0 + 1 < nz) {
          const b = x0 + nx * y0 + sxy * z0;
          const c00 = data[b]! + fx * (data[b + 1]! - data[b]!);
          const c10 = data[b + nx]! + fx * (data[b + nx + 1]! - data[b + nx]!);
          const c01 = data[b + sxy]! + fx * (data[b + sxy + 1]! - data[b + sxy]!);
          const c11 = data[b + sxy + nx]! + fx * (data[b + sxy + nx + 1]! - data[b + sxy + nx]!);
          const c0 = c00 + fy * (c10 - c00);
          const c1 = c01 + fy * (c11 - c01);
          out[o] = c0 + fz * (c1 - c0);
        } else {
          const c00 = at(x0, y0, z0) * (1 - fx) + at(x0 + 1, y0, z0) * fx;
          const c10 = at(x0, y0 + 1, z0) * (1 - fx) + at(x0 + 1, y0 + 1, z0) * fx;
          const c01 = at(x0, y0, z0 + 1) * (1 - fx) + at(x0 + 1, y0, z0 + 1) * fx;
          const c11 = at(x0, y0 + 1, z0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1, z0 + 1) * fx;
          const c0 = c00 * (1 - fy) + c10 * fy;
          const c1 = c01 * (1 - fy) + c11 * fy;
          out[o] = c0 * (1 - fz) + c1 * fz;
        }
      }
    }
  }
  return out;
}

export function minMax(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
