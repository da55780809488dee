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

/** Neighbours already visited in raster order (x fastest): 3 for 6-connectivity, 13 for 26. */
function previousNeighbours(connectivity: 6 | 26): Vec3[] {
  const offs: Vec3[] = [];
  for (let dz = -1; dz <= 0; dz++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const n = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (n === 0 || (connectivity === 6 && n > 1)) continue;
        if (dz === 0 && (dy > 0 || (dy === 0 && dx >= 0))) continue;
        offs.push([dx, dy, dz]);
      }
  return offs;
}

/** Connected components of `mask` (non-zero voxels): two raster passes with union-find. */
export function connectedComponents(mask: Uint8Array, dims: Vec3, connectivity: 6 | 26): Components {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const ids = new Int32Array(mask.length);
  const parent = new Int32Array(Math.ceil(mask.length / 2) + 2);
  const find = (l: number): number => {
    let root = l;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[l] !== root) {
      const next = parent[l]!;
      parent[l] = root;
      l = next;
    }
    return root;
  };
  const offs = previousNeighbours(connectivity);
  const delta = offs.map(([dx, dy, dz]) => dx + nx * dy + nxy * dz);
  let next = 1;
  for (let z = 0, v = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, v++) {
        if (!mask[v]) continue;
        let label = 0;
        for (let o = 0; o < offs.length; o++) {
          const [dx, dy, dz] = offs[o]!;
          if ((dx < 0 && x === 0) || (dx > 0 && x === nx - 1) || (dy < 0 && y === 0) || (dy > 0 && y === ny - 1) || (dz < 0 && z === 0)) continue;
          const l = ids[v + delta[o]!]!;
          if (!l) continue;
          const root = find(l);
          if (!label) label = root;
          else if (root !== label) {
            const [a, b] = root < label ? [root, label] : [label, root];
            parent[b] = a;
            label = a;
          }
        }
        if (!label) {
          label = next++;
          parent[label] = label;
        }
        ids[v] = label;
      }
  const compact = new Int32Array(next);
  const sizes = [0];
  const touchesBorder = [false];
  for (let l = 1; l < next; l++) {
    const root = find(l);
    if (root === l) {
      compact[l] = sizes.length;
      sizes.push(0);
      touchesBorder.push(false);
    } else compact[l] = compact[root]!;
  }
  for (let z = 0, v = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, v++) {
        if (!ids[v]) continue;
        const id = compact[ids[v]!]!;
        ids[v] = id;
        sizes[id]!++;
        if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1) touchesBorder[id] = true;
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
