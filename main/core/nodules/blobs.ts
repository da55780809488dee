import { canonicalGrid, resampleTrilinear } from '../inference/resample.js';
import { indexToWorld } from '../volume/geometry.js';
import type { Geometry, Vec3, Volume } from '../volume/types.js';
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
    const out = new Float32Array(cur.length);
    const [nx, ny, nz] = dims;
    const len = dims[axis]!;
    const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
    const line = new Float32Array(len);
    const [ua, ub] = axis === 0 ? [ny, nz] : axis === 1 ? [nx, nz] : [nx, ny];
    for (let b = 0; b < ub; b++)
      for (let a = 0; a < ua; a++) {
        const base = axis === 0 ? nx * (a + ny * b) : axis === 1 ? a + nx * ny * b : a + nx * b;
        for (let t = 0; t < len; t++) line[t] = cur[base + t * stride]!;
        for (let t = 0; t < len; t++) {
          let acc = 0;
          for (let q = -r; q <= r; q++) acc += w[q + r]! * line[Math.min(len - 1, Math.max(0, t + q))]!;
          out[base + t * stride] = acc;
        }
      }
    cur = out;
  }
  return cur;
}

/**
 * Multi-scale bright-blob detector on a downsampled LPS grid: scale-normalised Laplacian of Gaussian
 * (−σ²∇²G∗I) inside the lung mask, maxima over scales and 3×3×3 neighbours, then a Hessian
 * eigenvalue test at the chosen scale to drop tubes (vessels) and sheets (fissures, pleura).
 * Outside the lungs the image is set to −1000 HU, so the chest wall does not respond.
 */
export function findBlobs(volume: Volume, lungMask: Uint8Array, opts: BlobOptions = {}): BlobSeed[] {
  const h = opts.spacingMm ?? 2;
  const grid: Geometry = canonicalGrid(volume, [h, h, h]);
  const img = resampleTrilinear(volume.data, volume, grid, -1000);
  const lung = resampleTrilinear(lungMask, volume, grid, 0);
  const maxHu = opts.maxHu ?? 200;
  for (let v = 0; v < img.length; v++) img[v] = lung[v]! >= 0.5 ? Math.min(Math.max(img[v]!, -1000), maxHu) : -1000;
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
  for (let k = 2; k < nz - 2; k++)
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
