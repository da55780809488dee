import { indexMapping } from '../inference/resample.js';
import { indexToWorld, mappedBoxBounds, worldToIndex } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';

/**
 * One crop-grid component on the source grid: the component's probability (other crop voxels capped just
 * below `threshold`, so neighbouring components cannot leak in) is interpolated trilinearly at each source
 * voxel centre and thresholded. Returns the source voxels' linear indices (ascending) and their centroid
 * index; nothing source-sized is allocated, so a candidate search can try many seeds on a 512×512×600 CT.
 */
export function pasteComponent(
  source: Geometry,
  grid: Geometry,
  probability: Float32Array,
  labels: Int32Array,
  id: number,
  threshold: number,
): { voxels: Uint32Array; centroidIjk: Vec3 } {
  const [mx, my, mz] = grid.dims;
  const mxy = mx * my;
  const field = new Float32Array(probability.length);
  const lo: Vec3 = [mx, my, mz];
  const hi: Vec3 = [-1, -1, -1];
  for (let k = 0, o = 0; k < mz; k++)
    for (let j = 0; j < my; j++)
      for (let i = 0; i < mx; i++, o++) {
        if (labels[o] === id) {
          // Filled cavities carry low probability; keep them inside.
          field[o] = Math.max(probability[o]!, 1);
          lo[0] = Math.min(lo[0], i); lo[1] = Math.min(lo[1], j); lo[2] = Math.min(lo[2], k);
          hi[0] = Math.max(hi[0], i); hi[1] = Math.max(hi[1], j); hi[2] = Math.max(hi[2], k);
        } else field[o] = Math.min(probability[o]!, threshold - 1e-3);
      }
  if (hi[0] < 0) return { voxels: new Uint32Array(0), centroidIjk: [0, 0, 0] };
  // Source index box covering the component's crop box (one crop voxel of margin).
  const { lo: sLo, hi: sHi } = mappedBoxBounds([lo[0] - 1, lo[1] - 1, lo[2] - 1], [hi[0] + 1, hi[1] + 1, hi[2] + 1], (ijk) => worldToIndex(source, indexToWorld(grid, ijk)));
  const [sx, sy, sz] = source.dims;
  const i0 = Math.max(0, Math.floor(sLo[0])), i1 = Math.min(sx - 1, Math.ceil(sHi[0]));
  const j0 = Math.max(0, Math.floor(sLo[1])), j1 = Math.min(sy - 1, Math.ceil(sHi[1]));
  const k0 = Math.max(0, Math.floor(sLo[2])), k1 = Math.min(sz - 1, Math.ceil(sHi[2]));
  const { start, step } = indexMapping(grid, source);
  const found = new Uint32Array(Math.max(0, (i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1)));
  let voxels = 0;
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const x = start[0] + step[0][0] * i + step[1][0] * j + step[2][0] * k;
        const y = start[1] + step[0][1] * i + step[1][1] * j + step[2][1] * k;
        const z = start[2] + step[0][2] * i + step[1][2] * j + step[2][2] * k;
        if (x < 0 || y < 0 || z < 0 || x > mx - 1 || y > my - 1 || z > mz - 1) continue;
        const x0 = Math.min(Math.floor(x), mx - 2), y0 = Math.min(Math.floor(y), my - 2), z0 = Math.min(Math.floor(z), mz - 2);
        const fx = x - x0, fy = y - y0, fz = z - z0;
        const b = x0 + mx * y0 + mxy * z0;
        const c00 = field[b]! + fx * (field[b + 1]! - field[b]!);
        const c10 = field[b + mx]! + fx * (field[b + mx + 1]! - field[b + mx]!);
        const c01 = field[b + mxy]! + fx * (field[b + mxy + 1]! - field[b + mxy]!);
        const c11 = field[b + mxy + mx]! + fx * (field[b + mxy + mx + 1]! - field[b + mxy + mx]!);
        const c0 = c00 + fy * (c10 - c00);
        const c1 = c01 + fy * (c11 - c01);
        if (c0 + fz * (c1 - c0) > threshold) {
          found[voxels++] = i + sx * (j + sy * k);
        }
      }
  const pasted = found.slice(0, voxels);
  return { voxels: pasted, centroidIjk: centroidOfVoxels(pasted, source.dims) };
}

/** Mean index (i, j, k) of linear voxel indices in a grid of `dims`; [0, 0, 0] for none. */
export function centroidOfVoxels(voxels: Uint32Array, dims: Vec3): Vec3 {
  const [nx, ny] = dims;
  let ci = 0, cj = 0, ck = 0;
  for (const v of voxels) {
    ci += v % nx;
    cj += Math.floor(v / nx) % ny;
    ck += Math.floor(v / (nx * ny));
  }
  const n = voxels.length;
  return n ? [ci / n, cj / n, ck / n] : [0, 0, 0];
}
