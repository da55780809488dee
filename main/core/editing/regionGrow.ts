import type { PixelArray, Vec3 } from '../volume/types.js';

export interface GrowRequest {
  image: PixelArray;
  dims: Vec3;
  spacing: Vec3;
  seed: Vec3;
  lo: number;
  hi: number;
  maxVoxels: number;
  /** Whether the region may include voxel v (e.g. not another label). */
  passable: (v: number) => boolean;
  maxRadiusMm?: number;
  /** Zeroed Uint8Array of the volume's size, returned zeroed; allocated when absent. */
  scratch?: Uint8Array;
}

export interface GrownRegion {
  voxels: Uint32Array;
  /** Growth was cut by maxVoxels or maxRadiusMm: more connected voxels were in range. */
  limitReached: boolean;
}

/**
 * 6-connected region growing from a seed voxel over image values in [lo, hi] (inclusive), in
 * breadth-first order, so a region cut at maxVoxels is the part nearest the seed.
 */
export function growRegion(req: GrowRequest): GrownRegion {
  const { image, dims, spacing, lo, hi, passable } = req;
  const [nx, ny, nz] = dims;
  const [si, sj, sk] = req.seed.map(Math.round) as Vec3;
  const empty = { voxels: new Uint32Array(0), limitReached: false };
  if (si < 0 || sj < 0 || sk < 0 || si >= nx || sj >= ny || sk >= nz || req.maxVoxels < 1) return empty;
  const seed = si + nx * (sj + ny * sk);
  const inRange = (v: number) => {
    const x = image[v]!;
    return x >= lo && x <= hi && passable(v);
  };
  if (!inRange(seed)) return empty;

  const r2 = req.maxRadiusMm === undefined ? Infinity : req.maxRadiusMm * req.maxRadiusMm;
  const [dx, dy, dz] = spacing;
  const visited = req.scratch ?? new Uint8Array(nx * ny * nz);
  let queue = new Uint32Array(Math.min(req.maxVoxels, 65536));
  let head = 0;
  let tail = 0;
  let limitReached = false;
  queue[tail++] = seed;
  visited[seed] = 1;
  const strideJ = nx;
  const strideK = nx * ny;

  const consider = (v: number, i: number, j: number, k: number): boolean => {
    if (visited[v] || !inRange(v)) return true;
    const a = (i - si) * dx;
    const b = (j - sj) * dy;
    const c = (k - sk) * dz;
    if (a * a + b * b + c * c > r2) {
      limitReached = true;
      return true;
    }
    if (tail >= req.maxVoxels) {
      limitReached = true;
      return false;
    }
    if (tail === queue.length) {
      const bigger = new Uint32Array(Math.min(req.maxVoxels, queue.length * 2));
      bigger.set(queue);
      queue = bigger;
    }
    visited[v] = 1;
    queue[tail++] = v;
    return true;
  };

  grow: while (head < tail) {
    const v = queue[head++]!;
    const i = v % nx;
    const t = (v - i) / nx;
    const j = t % ny;
    const k = (t - j) / ny;
    if (i > 0 && !consider(v - 1, i - 1, j, k)) break grow;
    if (i < nx - 1 && !consider(v + 1, i + 1, j, k)) break grow;
    if (j > 0 && !consider(v - strideJ, i, j - 1, k)) break grow;
    if (j < ny - 1 && !consider(v + strideJ, i, j + 1, k)) break grow;
    if (k > 0 && !consider(v - strideK, i, j, k - 1)) break grow;
    if (k < nz - 1 && !consider(v + strideK, i, j, k + 1)) break grow;
  }
  const voxels = queue.slice(0, tail);
  for (let n = 0; n < tail; n++) visited[voxels[n]!] = 0;
  return { voxels, limitReached };
}
