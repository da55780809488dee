import type { Vec3 } from '../volume/types.js';
import type { PostprocessSpec } from './manifest.js';

export interface Components {
  /** Component id per voxel, 0 outside the mask, 1…count inside. */
  ids: Int32Array;
  /** Voxel count per id (index 0 unused). */
  sizes: number[];
  /** Whether each component touches the grid's border. */
  touchesBorder: boolean[];
}

function neighbourOffsets(connectivity: 6 | 26): Vec3[] {
  const offs: Vec3[] = [];
  for (let dz = -1; dz <= 1; dz++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const n = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (n === 0 || (connectivity === 6 && n > 1)) continue;
        offs.push([dx, dy, dz]);
      }
  return offs;
}

/** Connected components of `mask` (non-zero voxels) with 6- or 26-connectivity. */
export function connectedComponents(mask: Uint8Array, dims: Vec3, connectivity: 6 | 26): Components {
  const [nx, ny, nz] = dims;
  const ids = new Int32Array(mask.length);
  const queue = new Int32Array(mask.length);
  const offs = neighbourOffsets(connectivity);
  const sizes = [0];
  const touchesBorder = [false];
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || ids[seed]) continue;
    const id = sizes.length;
    let head = 0;
    let tail = 0;
    let border = false;
    queue[tail++] = seed;
    ids[seed] = id;
    while (head < tail) {
      const v = queue[head++]!;
      const x = v % nx;
      const y = Math.floor(v / nx) % ny;
      const z = Math.floor(v / (nx * ny));
      if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1) border = true;
      for (const [dx, dy, dz] of offs) {
        const X = x + dx;
        const Y = y + dy;
        const Z = z + dz;
        if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) continue;
        const u = X + nx * (Y + ny * Z);
        if (mask[u] && !ids[u]) {
          ids[u] = id;
          queue[tail++] = u;
        }
      }
    }
    sizes.push(tail);
    touchesBorder.push(border);
  }
  return { ids, sizes, touchesBorder };
}

/**
 * Per label value: drop components under `minComponentMl`, keep only the largest (26-connected
 * foreground), fill holes (background components, 6-connected, that do not reach the border).
 * Modifies `labels` in place; returns how many voxels changed.
 */
export function postprocessLabels(labels: Uint8Array, dims: Vec3, voxelMl: number, spec: PostprocessSpec): number {
  if (!spec.largestComponent && !spec.fillHoles && spec.minComponentMl <= 0) return 0;
  const present = new Set<number>();
  for (let v = 0; v < labels.length; v++) if (labels[v]) present.add(labels[v]!);
  let changed = 0;
  const mask = new Uint8Array(labels.length);
  for (const value of [...present].sort((a, b) => a - b)) {
    for (let v = 0; v < labels.length; v++) mask[v] = labels[v] === value ? 1 : 0;
    if (spec.largestComponent || spec.minComponentMl > 0) {
      const { ids, sizes } = connectedComponents(mask, dims, 26);
      let largest = 1;
      for (let id = 2; id < sizes.length; id++) if (sizes[id]! > sizes[largest]!) largest = id;
      const keep = sizes.map((size, id) => id > 0 && size * voxelMl >= spec.minComponentMl && (!spec.largestComponent || id === largest));
      for (let v = 0; v < labels.length; v++) {
        if (ids[v] && !keep[ids[v]!]) {
          labels[v] = 0;
          mask[v] = 0;
          changed++;
        }
      }
    }
    if (spec.fillHoles) {
      for (let v = 0; v < mask.length; v++) mask[v] = mask[v] ? 0 : 1;
      const { ids, touchesBorder } = connectedComponents(mask, dims, 6);
      for (let v = 0; v < labels.length; v++) {
        if (ids[v] && !touchesBorder[ids[v]!] && labels[v] === 0) {
          labels[v] = value;
          changed++;
        }
      }
    }
  }
  return changed;
}
