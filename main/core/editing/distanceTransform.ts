/**
 * Exact Euclidean distance transforms in millimetres on anisotropic 2-D and 3-D grids
 * (Felzenszwalb & Huttenlocher's lower envelope of parabolas, one axis at a time).
 */

/**
 * In-place 1-D squared distance transform of f (stride-addressed), sample spacing `step` mm. Written without closures:
 * it runs once per grid line, and a closure made per sample cost more than the arithmetic.
 */
function transform1d(
  f: Float64Array,
  start: number,
  stride: number,
  n: number,
  step: number,
  scratch: { v: Int32Array; z: Float64Array; d: Float64Array; g: Float64Array },
): void {
  const { v, z, d, g } = scratch;
  let first = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[start + q * stride]!;
    g[q] = fq;
    if (first < 0 && fq !== Infinity) first = q;
  }
  if (first < 0) return; // nothing to propagate along this line
  let k = 0;
  v[0] = first;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    const fq = g[q]!;
    if (fq === Infinity) continue;
    const xq = q * step;
    const lhs = fq + xq * xq;
    // Where the parabola from q meets the one from v[k]; z[0] is -Infinity, so k never drops below 0.
    let xp = v[k]! * step;
    let s = (lhs - (g[v[k]!]! + xp * xp)) / (2 * (xq - xp));
    while (s <= z[k]!) {
      k--;
      xp = v[k]! * step;
      s = (lhs - (g[v[k]!]! + xp * xp)) / (2 * (xq - xp));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    const x = q * step;
    while (z[k + 1]! < x) k++;
    const p = v[k]!;
    const dx = x - p * step;
    d[q] = dx * dx + g[p]!;
  }
  for (let q = 0; q < n; q++) f[start + q * stride] = d[q]!;
}

/** Squared distance (mm²) from every pixel to the nearest pixel with mask = 1 (Infinity if none). */
export function squaredDistanceToMask(
  mask: Uint8Array,
  width: number,
  height: number,
  spacingU: number,
  spacingV: number,
): Float64Array {
  const f = new Float64Array(width * height);
  for (let p = 0; p < f.length; p++) f[p] = mask[p] ? 0 : Infinity;
  const n = Math.max(width, height);
  const scratch = { v: new Int32Array(n), z: new Float64Array(n + 1), d: new Float64Array(n), g: new Float64Array(n) };
  for (let v = 0; v < height; v++) transform1d(f, v * width, 1, width, spacingU, scratch);
  for (let u = 0; u < width; u++) transform1d(f, u, width, height, spacingV, scratch);
  return f;
}

/** Squared distance (mm²) from every voxel of an i-fastest volume to the nearest voxel with mask = 1 (Infinity if none). */
export function squaredDistanceToMask3d(mask: Uint8Array, dims: [number, number, number], spacing: [number, number, number]): Float64Array {
  const [nx, ny, nz] = dims;
  const f = new Float64Array(nx * ny * nz);
  for (let p = 0; p < f.length; p++) f[p] = mask[p] ? 0 : Infinity;
  const n = Math.max(nx, ny, nz);
  const scratch = { v: new Int32Array(n), z: new Float64Array(n + 1), d: new Float64Array(n), g: new Float64Array(n) };
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) transform1d(f, nx * (j + ny * k), 1, nx, spacing[0], scratch);
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) transform1d(f, i + nx * ny * k, nx, ny, spacing[1], scratch);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) transform1d(f, i + nx * j, nx * ny, nz, spacing[2], scratch);
  return f;
}

/**
 * Signed distance (mm) of a binary slice: negative inside (distance to the nearest outside pixel),
 * positive outside (distance to the nearest inside pixel). Shapes with no outside get -Infinity inside.
 */
export function signedDistance(
  mask: Uint8Array,
  width: number,
  height: number,
  spacingU: number,
  spacingV: number,
): Float64Array {
  const toInside = squaredDistanceToMask(mask, width, height, spacingU, spacingV);
  const outside = new Uint8Array(mask.length);
  for (let p = 0; p < mask.length; p++) outside[p] = mask[p] ? 0 : 1;
  const toOutside = squaredDistanceToMask(outside, width, height, spacingU, spacingV);
  const sd = new Float64Array(mask.length);
  for (let p = 0; p < mask.length; p++) sd[p] = mask[p] ? -Math.sqrt(toOutside[p]!) : Math.sqrt(toInside[p]!);
  return sd;
}

/**
 * Morphological opening of `mask` (0/1, i fastest) by balls, with exact distances in mm: the voxels more than
 * `erodeMm` from every voxel outside it are its core, and the voxels of `mask` within `growMm` of the core are kept.
 * With the two equal it keeps what a ball of that radius lying inside the mask covers; all zero when nothing is that thick.
 */
export function openedByBall(mask: Uint8Array, dims: [number, number, number], spacing: [number, number, number], erodeMm: number, growMm: number): Uint8Array {
  const outside = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) outside[v] = mask[v] ? 0 : 1;
  const depth2 = squaredDistanceToMask3d(outside, dims, spacing);
  const core = new Uint8Array(mask.length);
  let any = false;
  for (let v = 0; v < mask.length; v++)
    if (depth2[v]! > erodeMm * erodeMm) {
      core[v] = 1;
      any = true;
    }
  const opened = new Uint8Array(mask.length);
  if (!any) return opened;
  const toCore2 = squaredDistanceToMask3d(core, dims, spacing);
  for (let v = 0; v < mask.length; v++) if (mask[v] && toCore2[v]! <= growMm * growMm) opened[v] = 1;
  return opened;
}
