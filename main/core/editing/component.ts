import type { Vec3 } from '../volume/types.js';

/**
 * The voxels of the 26-connected component of one label value that holds `seedIjk` (the components
 * the lesion table lists), by breadth-first search from the seed. Empty when the seed is background
 * or outside the grid. `scratch`: a zeroed Uint8Array of the volume's size, returned zeroed.
 */
export function componentVoxels(data: Uint8Array, dims: Vec3, seedIjk: Vec3, scratch?: Uint8Array): Uint32Array {
  const [nx, ny, nz] = dims;
  const [si, sj, sk] = seedIjk.map(Math.round) as Vec3;
  if (si < 0 || sj < 0 || sk < 0 || si >= nx || sj >= ny || sk >= nz) return new Uint32Array(0);
  const seed = si + nx * (sj + ny * sk);
  const label = data[seed]!;
  if (label === 0) return new Uint32Array(0);
  const seen = scratch ?? new Uint8Array(data.length);
  let queue = new Uint32Array(1024);
  let size = 0;
  const visit = (v: number) => {
    if (seen[v] || data[v] !== label) return;
    seen[v] = 1;
    if (size === queue.length) {
      const wider = new Uint32Array(size * 2);
      wider.set(queue);
      queue = wider;
    }
    queue[size++] = v;
  };
  visit(seed);
  const plane = nx * ny;
  for (let head = 0; head < size; head++) {
    const v = queue[head]!;
    const i = v % nx;
    const j = ((v - i) / nx) % ny;
    const k = (v - i - nx * j) / plane;
    for (let dk = -1; dk <= 1; dk++) {
      const kk = k + dk;
      if (kk < 0 || kk >= nz) continue;
      for (let dj = -1; dj <= 1; dj++) {
        const jj = j + dj;
        if (jj < 0 || jj >= ny) continue;
        const row = nx * (jj + ny * kk);
        for (let di = -1; di <= 1; di++) {
          const ii = i + di;
          if (ii >= 0 && ii < nx) visit(row + ii);
        }
      }
    }
  }
  const voxels = queue.slice(0, size);
  for (const v of voxels) seen[v] = 0;
  return voxels;
}
