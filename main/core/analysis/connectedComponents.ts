import type { Vec3 } from '../volume/types.js';
import { extractRuns, type RunTable } from './runs.js';
import type { Connectivity } from './types.js';

export interface ComponentLabels {
  /** Component id per voxel: 0 background, 1…count in scan order (i fastest, then j, then k). */
  labels: Int32Array;
  count: number;
  /** sizes[c − 1] = voxel count of component c. */
  sizes: number[];
}

export interface RunComponents {
  runs: RunTable;
  /** Component id (1-based, scan order) of each run. */
  componentOfRun: Int32Array;
  count: number;
  sizes: number[];
}

function find(parent: Int32Array, a: number): number {
  let root = a;
  while (parent[root] !== root) root = parent[root]!;
  while (parent[a] !== root) {
    const next = parent[a]!;
    parent[a] = root;
    a = next;
  }
  return root;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return;
  // The smaller index stays root, so ids come out in scan order.
  if (ra < rb) parent[rb] = ra;
  else parent[ra] = rb;
}

/**
 * Union-find over runs: a run joins the runs it touches in already-visited neighbouring rows.
 * 6-connectivity: rows (j−1, k) and (j, k−1) with overlapping i. 26-connectivity: rows (j−1, k),
 * (j−1…j+1, k−1), with i ranges allowed to touch diagonally (overlap widened by one voxel).
 * Runs of different label values never join.
 */
export function componentsOfRuns(runs: RunTable, connectivity: Connectivity = 26): RunComponents {
  const [, ny, nz] = runs.dims;
  const parent = new Int32Array(runs.count);
  for (let r = 0; r < runs.count; r++) parent[r] = r;
  const slack = connectivity === 26 ? 1 : 0;
  const neighbourRows: Array<[number, number]> =
    connectivity === 26 ? [[-1, 0], [-1, -1], [0, -1], [1, -1]] : [[-1, 0], [0, -1]];
  const { i0, i1, value, rowStart } = runs;

  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = j + ny * k;
      const aStart = rowStart[row]!;
      const aEnd = rowStart[row + 1]!;
      if (aStart === aEnd) continue;
      for (const [dj, dk] of neighbourRows) {
        const nj = j + dj;
        const nk = k + dk;
        if (nj < 0 || nj >= ny || nk < 0) continue;
        const nrow = nj + ny * nk;
        let b = rowStart[nrow]!;
        const bEnd = rowStart[nrow + 1]!;
        if (b === bEnd) continue;
        for (let a = aStart; a < aEnd; a++) {
          const lo = i0[a]! - slack;
          const hi = i1[a]! + slack;
          while (b < bEnd && i1[b]! < lo) b++;
          for (let c = b; c < bEnd && i0[c]! <= hi; c++) {
            if (value[c] === value[a]) union(parent, a, c);
          }
        }
      }
    }
  }

  const componentOfRun = new Int32Array(runs.count);
  const idOfRoot = new Int32Array(runs.count);
  const sizes: number[] = [];
  for (let r = 0; r < runs.count; r++) {
    const root = find(parent, r);
    let id = idOfRoot[root]!;
    if (id === 0) {
      sizes.push(0);
      id = sizes.length;
      idOfRoot[root] = id;
    }
    componentOfRun[r] = id;
    sizes[id - 1]! += i1[r]! - i0[r]! + 1;
  }
  return { runs, componentOfRun, count: sizes.length, sizes };
}

/**
 * Connected components of a mask (iterative, no recursion). With `label`, only voxels of that value
 * are foreground; without, every non-zero value is, and components never span two values.
 */
export function labelComponents(
  mask: Uint8Array,
  dims: Vec3,
  opts: { connectivity?: Connectivity; label?: number } = {},
): ComponentLabels {
  const runs = extractRuns(mask, dims, opts.label);
  const { componentOfRun, count, sizes } = componentsOfRuns(runs, opts.connectivity ?? 26);
  const labels = new Int32Array(mask.length);
  const nx = dims[0];
  for (let r = 0; r < runs.count; r++) {
    const base = runs.row[r]! * nx;
    labels.fill(componentOfRun[r]!, base + runs.i0[r]!, base + runs.i1[r]! + 1);
  }
  return { labels, count, sizes };
}
