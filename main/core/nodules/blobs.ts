import { canonicalGrid, resampleTrilinear } from '../inference/resample.js';
import { indexToWorld, mappedBoxBounds } from '../volume/geometry.js';
import type { Geometry, Vec3, Volume } from '../volume/types.js';
import { componentBox } from './componentPick.js';
import { symmetricEigenvalues } from './shape.js';

export interface BlobSeed {
  centerLps: Vec3;
  /** Scale-normalised LoG response (HU): roughly the blob's contrast against the lung. */
  response: number;
  /** Gaussian scale (mm) of the strongest response; a ball of radius ≈ σ·√3. */
  sigmaMm: number;
  /** |smallest| / |largest| Hessian eigenvalue at that scale: ~1 for a ball, ~0 for a tube or a sheet. */
  blobness: number;
  /** response × blobness: the rank of the seed (vessel crossings respond strongly but are not balls). */
  score: number;
}

export interface BlobOptions {
  /** Grid spacing (mm) the filter runs on (default 2). */
  spacingMm?: number;
  /** Gaussian scales in mm (default 1.5…9: balls of about 5–30 mm). */
  sigmasMm?: number[];
  /** Weakest response kept (default 80 HU, below ground-glass contrast). */
  minResponse?: number;
  /** Least blobness kept (default 0.3). */
  minBlobness?: number;
  /** HU above which the image is clipped before filtering (default 200). */
  maxHu?: number;
}

/** Separable Gaussian blur (σ in voxels per axis), edges clamped. */
export function gaussianBlur(src: Float32Array, dims: Vec3, sigma: Vec3): Float32Array {
  let cur = src;
  for (let axis = 0; axis < 3; axis++) {
    const s = sigma[axis]!;
    if (s <= 0) continue;
    const r = Math.ceil(3 * s);
    const w = new Float32Array(2 * r + 1);
    let sum = 0;
    for (let t = -r; t <= r; t++) sum += w[t + r] = Math.exp(-(t * t) / (2 * s * s));
    for (let t = 0; t < w.length; t++) w[t]! /= sum;
    cur = axis === 0 ? blurRows(cur, dims, w) : blurAcross(cur, dims, axis === 1 ? 1 : 2, w);
  }
  return cur;
}

/** Kernel `w` (odd length) along x: each row copied into a buffer padded with its end values, so the taps need no clamping. */
function blurRows(cur: Float32Array, dims: Vec3, w: Float32Array): Float32Array {
  const [nx, ny, nz] = dims;
  const r = (w.length - 1) / 2;
  const out = new Float32Array(cur.length);
  const line = new Float32Array(nx + 2 * r);
  for (let row = 0; row < ny * nz; row++) {
    const base = row * nx;
    line.set(cur.subarray(base, base + nx), r);
    line.fill(line[r]!, 0, r);
    line.fill(line[r + nx - 1]!, r + nx);
    for (let t = 0; t < nx; t++) {
      let acc = 0;
      for (let q = 0; q < w.length; q++) acc += w[q]! * line[t + q]!;
      out[base + t] = acc;
    }
  }
  return out;
}

/**
 * Kernel `w` along y (axis 1) or z (axis 2), a whole row or slice at a time so memory is read in order; the sums are
 * kept in doubles and taken in the same order as along x, so the result does not depend on the loop order.
 */
function blurAcross(cur: Float32Array, dims: Vec3, axis: 1 | 2, w: Float32Array): Float32Array {
  const [nx, ny, nz] = dims;
  const r = (w.length - 1) / 2;
  const len = dims[axis];
  const chunk = axis === 1 ? nx : nx * ny;
  const blocks = axis === 1 ? nz : 1;
  const out = new Float32Array(cur.length);
  const acc = new Float64Array(chunk);
  for (let b = 0; b < blocks; b++) {
    const block = b * nx * ny;
    for (let t = 0; t < len; t++) {
      acc.fill(0);
      for (let q = 0; q < w.length; q++) {
        const from = block + Math.min(len - 1, Math.max(0, t + q - r)) * chunk;
        const wq = w[q]!;
        for (let i = 0; i < chunk; i++) acc[i] = acc[i]! + wq * cur[from + i]!;
      }
      out.set(acc, block + t * chunk);
    }
  }
  return out;
}

/**
 * Multi-scale bright-blob detector on a downsampled LPS grid: scale-normalised Laplacian of Gaussian
 * (−σ²∇²G∗I) inside the lung mask, maxima over scales and 3×3×3 neighbours, then a Hessian
 * eigenvalue test at the chosen scale to drop tubes (vessels) and sheets (fissures, pleura).
 * Outside the lungs the image is set to −1000 HU, so the chest wall does not respond.
 */
export function findBlobs(volume: Volume, lungMask: Uint8Array, opts: BlobOptions = {}): BlobSeed[] {
  return findBlobPasses(volume, lungMask, opts, [{}])[0]!;
}

/**
 * `findBlobs` once per pass of `passes` (each overriding `opts`' clip and filter settings) on one grid, resampled once:
 * the candidates' plain and ground-glass passes share the 2 mm image and lung mask.
 */
export function findBlobPasses(volume: Volume, lungMask: Uint8Array, opts: BlobOptions, passes: Omit<BlobOptions, 'spacingMm'>[]): BlobSeed[][] {
  const h = opts.spacingMm ?? 2;
  const grid = canonicalGrid(volume, [h, h, h]);
  const sampled = sampleLung(volume, lungMask, grid);
  return passes.map((pass) => blobsOnGrid(sampled, grid, { ...opts, ...pass }, null));
}

interface SampledLung {
  /** The image on the grid (HU, −1000 beyond the source). */
  img: Float32Array;
  /** The lung mask on the grid, interpolated (inside where ≥ 0.5). */
  lung: Float32Array;
}

function sampleLung(volume: Volume, lungMask: Uint8Array, grid: Geometry): SampledLung {
  return { img: resampleTrilinear(volume.data, volume, grid, -1000), lung: resampleTrilinear(lungMask, volume, grid, 0) };
}

/** Scales (mm) of the fine pass: balls of about 3–5 mm, which the 2 mm grid sees as one or two voxels. */
const FINE_SIGMAS_MM = [1, 1.5];
/** Grid spacing (mm) of the fine pass. */
const FINE_SPACING_MM = 1;
/** Slices of the fine grid filtered at a time (40 mm), so memory stays bounded on a whole chest. */
const FINE_CHUNK = 40;

/**
 * The blob filter for small nodules: on a 1 mm grid at σ 1 and 1.5 mm, over the lungs' bounding box only, in slabs of
 * `FINE_CHUNK` slices with a margin of the kernel's reach (each slab keeps the maxima of its own slices). On the 2 mm grid
 * a 4 mm nodule is one voxel and ranks below vessel crossings (a synthetic 4 mm solid ball in LIDC-0003's lung: 54th);
 * here it ranks among the first (2nd in both slabs).
 */
export function findSmallBlobs(volume: Volume, lungMask: Uint8Array, opts: BlobOptions = {}): BlobSeed[] {
  const box = lungBoxOnCanonicalGrid(volume, lungMask, FINE_SPACING_MM);
  if (!box) return [];
  // The Gaussian's reach (3σ) plus the Hessian's and the maxima's neighbours, in slices.
  const margin = Math.ceil((3 * Math.max(...FINE_SIGMAS_MM)) / FINE_SPACING_MM) + 3;
  const seeds: BlobSeed[] = [];
  for (let k0 = 0; k0 < box.dims[2]; k0 += FINE_CHUNK) {
    const lo = Math.max(0, k0 - margin);
    const hi = Math.min(box.dims[2], k0 + FINE_CHUNK + margin);
    const chunk: Geometry = { ...box, dims: [box.dims[0], box.dims[1], hi - lo], origin: [box.origin[0], box.origin[1], box.origin[2] + lo * box.spacing[2]] };
    seeds.push(...blobsOnGrid(sampleLung(volume, lungMask, chunk), chunk, { ...opts, sigmasMm: FINE_SIGMAS_MM }, [k0 - lo, Math.min(k0 + FINE_CHUNK, box.dims[2]) - lo]));
  }
  return seeds.sort((a, b) => b.score - a.score);
}

/** The canonical grid of spacing `h` (mm) cut to the bounding box of the lung mask plus a 6 mm margin; null if it is empty. */
function lungBoxOnCanonicalGrid(volume: Volume, lungMask: Uint8Array, h: number): Geometry | null {
  const box = componentBox(lungMask, 1, volume.dims);
  if (!box) return null;
  const full = canonicalGrid(volume, [h, h, h]);
  const world = mappedBoxBounds(box.lo, box.hi, (ijk) => indexToWorld(volume, ijk));
  const margin = 6 / h;
  const first = [0, 1, 2].map((d) => Math.max(0, Math.floor((world.lo[d]! - full.origin[d]!) / h) - margin)) as Vec3;
  const last = [0, 1, 2].map((d) => Math.min(full.dims[d]! - 1, Math.ceil((world.hi[d]! - full.origin[d]!) / h) + margin)) as Vec3;
  return {
    dims: [0, 1, 2].map((d) => last[d]! - first[d]! + 1) as Vec3,
    spacing: [h, h, h],
    origin: [0, 1, 2].map((d) => full.origin[d]! + first[d]! * h) as Vec3,
    direction: full.direction,
  };
}

/** The blob filter on `grid`; with `interior` [k0, k1), only the maxima on those slices of it. */
function blobsOnGrid(sampled: SampledLung, grid: Geometry, opts: BlobOptions, interior: [number, number] | null): BlobSeed[] {
  const h = grid.spacing[0];
  const { lung } = sampled;
  const maxHu = opts.maxHu ?? 200;
  const img = new Float32Array(sampled.img.length);
  for (let v = 0; v < img.length; v++) img[v] = lung[v]! >= 0.5 ? Math.min(Math.max(sampled.img[v]!, -1000), maxHu) : -1000;
  const dims = grid.dims;
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const sigmas = opts.sigmasMm ?? [1.5, 2.5, 3.5, 5, 7, 9];
  const best = new Float32Array(img.length).fill(-Infinity);
  const bestScale = new Uint8Array(img.length);
  const blurred: Float32Array[] = [];
  sigmas.forEach((sMm, si) => {
    const s = sMm / h;
    const g = gaussianBlur(img, dims, [s, s, s]);
    blurred.push(g);
    const norm = sMm * sMm / (h * h);
    for (let k = 1; k < nz - 1; k++)
      for (let j = 1; j < ny - 1; j++)
        for (let i = 1, o = 1 + nx * (j + ny * k); i < nx - 1; i++, o++) {
          const lap = g[o - 1]! + g[o + 1]! + g[o - nx]! + g[o + nx]! + g[o - sxy]! + g[o + sxy]! - 6 * g[o]!;
          const r = -norm * lap;
          if (r > best[o]!) {
            best[o] = r;
            bestScale[o] = si;
          }
        }
  });
  const minResponse = opts.minResponse ?? 80;
  const minBlobness = opts.minBlobness ?? 0.3;
  const seeds: BlobSeed[] = [];
  const [kFirst, kEnd] = interior ?? [0, nz];
  for (let k = Math.max(2, kFirst); k < Math.min(nz - 2, kEnd); k++)
    for (let j = 2; j < ny - 2; j++)
      for (let i = 2; i < nx - 2; i++) {
        const o = i + nx * (j + ny * k);
        const r = best[o]!;
        if (r < minResponse || lung[o]! < 0.5) continue;
        let isMax = true;
        for (let dk = -1; dk <= 1 && isMax; dk++)
          for (let dj = -1; dj <= 1 && isMax; dj++)
            for (let di = -1; di <= 1; di++) {
              if ((di || dj || dk) && best[o + di + nx * dj + sxy * dk]! > r) {
                isMax = false;
                break;
              }
            }
        if (!isMax) continue;
        const g = blurred[bestScale[o]!]!;
        const hxx = g[o - 1]! - 2 * g[o]! + g[o + 1]!;
        const hyy = g[o - nx]! - 2 * g[o]! + g[o + nx]!;
        const hzz = g[o - sxy]! - 2 * g[o]! + g[o + sxy]!;
        const hxy = (g[o + 1 + nx]! - g[o - 1 + nx]! - g[o + 1 - nx]! + g[o - 1 - nx]!) / 4;
        const hxz = (g[o + 1 + sxy]! - g[o - 1 + sxy]! - g[o + 1 - sxy]! + g[o - 1 - sxy]!) / 4;
        const hyz = (g[o + nx + sxy]! - g[o - nx + sxy]! - g[o + nx - sxy]! + g[o - nx - sxy]!) / 4;
        const ev = symmetricEigenvalues(hxx, hyy, hzz, hxy, hxz, hyz);
        // A bright ball: all eigenvalues negative; blobness = weakest / strongest curvature.
        if (ev[0] >= 0) continue;
        const blobness = Math.abs(ev[0]) / Math.abs(ev[2]);
        if (blobness < minBlobness) continue;
        seeds.push({ centerLps: indexToWorld(grid, [i, j, k]), response: r, sigmaMm: sigmas[bestScale[o]!]!, blobness, score: r * blobness });
      }
  return seeds.sort((a, b) => b.score - a.score);
}
