import { JobCancelledError, type JobContext } from '../jobs/jobs.js';
import type { ModelManifest } from '../inference/manifest.js';
import { worldToIndex } from '../volume/geometry.js';
import type { LabelMap, Vec3, Volume } from '../volume/types.js';
import { findBlobPasses, findSmallBlobs, type BlobOptions, type BlobSeed } from './blobs.js';
import type { LungMask } from './lungMask.js';
import { predictCrop } from './modelCrop.js';
import { MIN_NODULE_MM, segmentNoduleFromSeed, type SeedSegmentOptions } from './seedSegment.js';

export interface NoduleCandidate {
  centroidLps: Vec3;
  volumeMl: number;
  /** Equivalent-sphere diameter, mm. */
  diameterMm: number;
  /** Mean model probability inside the nodule: the ranking score (0 for one outlined by density). */
  score: number;
  /** What outlined it: the model, or density where the model missed a solid blob (`densityCandidates`). */
  method: 'model' | 'density';
  seed: BlobSeed;
  /** Source-grid linear indices of the nodule's voxels. */
  voxels: Uint32Array;
}

export interface CandidateOptions extends SeedSegmentOptions {
  blobs?: BlobOptions;
  /** Strongest blob seeds sent through the model (default 24 per `SEED_LUNG_ML` of lung)… */
  maxSeeds?: number;
  /** …plus the strongest of each scale (default 6 per `SEED_LUNG_ML`), so large faint ground-glass nodules are not crowded out by small vessels. */
  seedsPerScale?: number;
  /**
   * …plus the strongest of a ground-glass pass (default 12 per `SEED_LUNG_ML`): the same blob filter on the image clipped at
   * `groundGlassClipHu`, where vessels can no longer outshine a faint nodule of about that density.
   */
  groundGlassSeeds?: number;
  /**
   * …plus the strongest of a small-nodule pass (default 8 per `SEED_LUNG_ML`): the blob filter on a 1 mm grid at σ 1–1.5 mm
   * (`findSmallBlobs`), where a 4 mm nodule is no longer a single voxel outranked by vessel crossings.
   */
  smallSeeds?: number;
  /** HU at which the ground-glass pass clips the image (default −500, inside the ground-glass range). */
  groundGlassClipHu?: number;
  /** Candidates kept whose mean probability is at least this (default 0.6). */
  minScore?: number;
  /**
   * Least share of a candidate's voxels inside the lung mask (default 0.5). The mask holds juxtapleural
   * nodules (its closing takes them in), while hilar vessels and mediastinal structures that the model
   * answers for from a seed at the lung's edge lie mostly outside it.
   */
  minLungFraction?: number;
  /**
   * A seed the model keeps nothing at, on solid tissue, is outlined by density as a click would be (default true). Such
   * candidates have no model score and are listed after the model's.
   */
  densityCandidates?: boolean;
  ctx?: JobContext;
}

export interface CandidateResult {
  candidates: NoduleCandidate[];
  seedsTried: number;
  blobsFound: number;
  ms: number;
}

/**
 * Finds nodule candidates in a CT: multi-scale LoG blobs inside the lungs (on a 2 mm grid, on the image clipped to ground
 * glass, and on a 1 mm grid for nodules of 3–5 mm), each strongest seed
 * segmented by the click-to-segment model (which refuses vessels and structures leaving its crop),
 * kept only when a click at the candidate's own centroid finds it too (half of the smaller mask shared),
 * duplicates merged (a seed inside an accepted nodule is skipped), ranked by mean model probability.
 */
export async function findNoduleCandidates(volume: Volume, lungs: Pick<LungMask, 'mask' | 'volumeMl'>, manifest: ModelManifest, opts: CandidateOptions): Promise<CandidateResult> {
  const t0 = performance.now();
  const lungMask = lungs.mask;
  const scale = seedBudgetScale(lungs.volumeMl);
  const groundGlass = opts.groundGlassSeeds ?? Math.round(12 * scale);
  const [blobs, faint] = findBlobPasses(volume, lungMask, opts.blobs ?? {}, groundGlass > 0 ? [{}, { maxHu: opts.groundGlassClipHu ?? -500 }] : [{}]) as [BlobSeed[], BlobSeed[]?];
  const seeds = pickSeeds(blobs, opts.maxSeeds ?? Math.round(24 * scale), opts.seedsPerScale ?? Math.round(6 * scale));
  if (faint) seeds.push(...newSeeds(faint, seeds, groundGlass, SAME_SEED_MM));
  const small = opts.smallSeeds ?? Math.round(8 * scale);
  if (small > 0) seeds.push(...newSeeds(findSmallBlobs(volume, lungMask, opts.blobs), seeds, small, SAME_SEED_MM));
  const minScore = opts.minScore ?? 0.6;
  const minDiameter = opts.minDiameterMm ?? MIN_NODULE_MM;
  const mirror = opts.mirrorFinalCrop ?? true;
  const taken = new Uint8Array(volume.data.length);
  const candidates: NoduleCandidate[] = [];
  const [nx, ny, nz] = volume.dims;
  let tried = 0;
  for (const seed of seeds) {
    if (opts.ctx?.signal.aborted) throw new JobCancelledError();
    opts.ctx?.progress(tried, seeds.length, `Candidate ${tried + 1} of ${seeds.length}`);
    const [i, j, k] = worldToIndex(volume, seed.centerLps).map(Math.round) as Vec3;
    if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && taken[i + nx * (j + ny * k)]) continue;
    tried++;
    // Screening is one pass per crop; a seed that passes is segmented again as a click would be (mirrored final
    // crop, the same locating crop), so a candidate's mask is the one the user gets by clicking it. Kept as
    // screened if that refuses it.
    const locatingCrop = await predictCrop(volume, manifest, seed.centerLps, opts);
    let r = await segmentNoduleFromSeed(volume, manifest, seed.centerLps, { ...opts, mirrorFinalCrop: false, locatingCrop, densityFallback: opts.densityCandidates ?? true });
    const byDensity = r.method === 'density';
    // A component refused only for being just under the smallest nodule gets the click's mirrored look too: a 4 mm
    // nodule on 2.5 mm slices comes out of one pass at 2–3 mm, and of the mirrored crop at 4.
    const justTooSmall = !r.found && r.componentDiameterMm !== null && r.componentDiameterMm >= SMALL_RESCUE * minDiameter && r.componentDiameterMm < minDiameter;
    if (!byDensity && !justTooSmall && (!r.found || r.meanProbability < minScore)) continue;
    if (mirror) {
      // A seed outlined by density gets the click's own answer, the model's mirrored look first.
      const clicked = await segmentNoduleFromSeed(volume, manifest, seed.centerLps, { ...opts, locatingCrop, densityFallback: byDensity });
      if (clicked.found && (clicked.method === 'density' || clicked.meanProbability >= minScore)) r = clicked;
    }
    if (!r.found || (r.method === 'model' && r.meanProbability < minScore)) continue;
    // What the user gets by clicking the candidate where the list puts it, at its centroid: the model is not
    // shift-invariant, so a seed a few mm off can keep what a click on the candidate itself refuses.
    const clickedThere = await segmentNoduleFromSeed(volume, manifest, r.centroidLps!, { ...opts, densityFallback: opts.densityCandidates ?? true });
    if (!clickedThere.found || sortedOverlap(clickedThere.voxels, r.voxels) < 0.5 * Math.min(clickedThere.voxels.length, r.voxels.length)) continue;
    const { voxels } = r;
    const { takenFraction, lungFraction } = candidateShares(voxels, taken, lungMask);
    if (takenFraction > 0.3 || lungFraction < (opts.minLungFraction ?? 0.5)) continue;
    for (const v of voxels) taken[v] = 1;
    candidates.push({
      centroidLps: r.centroidLps!,
      volumeMl: r.volumeMl,
      diameterMm: Math.cbrt((6 * r.volumeMl * 1000) / Math.PI),
      score: r.meanProbability,
      method: r.method === 'density' ? 'density' : 'model',
      seed,
      voxels,
    });
  }
  // The model's candidates by its probability, then those outlined by density by their blob strength.
  candidates.sort((a, b) => Number(a.method === 'density') - Number(b.method === 'density') || b.score - a.score || b.seed.score - a.seed.score);
  return { candidates, seedsTried: tried, blobsFound: blobs.length, ms: performance.now() - t0 };
}

/**
 * Of a segmented candidate's source-grid voxels, the share already claimed by a better-ranked candidate
 * (a duplicate seed) and the share inside the lung mask (hilar and mediastinal answers lie mostly outside).
 */
export function candidateShares(voxels: Uint32Array, taken: Uint8Array, lungMask: Uint8Array): { takenFraction: number; lungFraction: number } {
  let claimed = 0;
  let inLung = 0;
  for (const v of voxels) {
    claimed += taken[v]!;
    inLung += lungMask[v] ? 1 : 0;
  }
  const n = voxels.length;
  return { takenFraction: n ? claimed / n : 0, lungFraction: n ? inLung / n : 0 };
}

/** One label map holding every candidate as its own label (1…n, in rank order, up to 255). */
export function candidatesToLabelMap(volume: Volume, candidates: NoduleCandidate[], color: [number, number, number] = [255, 200, 40]): LabelMap {
  const data = new Uint8Array(volume.data.length);
  const kept = candidates.slice(0, 255);
  kept.forEach((c, n) => {
    for (const v of c.voxels) data[v] = n + 1;
  });
  return {
    dims: [...volume.dims],
    spacing: [...volume.spacing],
    origin: [...volume.origin],
    direction: [...volume.direction],
    data,
    labels: kept.map((_, n) => ({ value: n + 1, name: `Nodule candidate ${n + 1}`, color: [...color] })),
  };
}

/**
 * The default seed counts were set on LIDC slabs holding up to 3.1 L of lung. A whole chest holds 4–7 L, with as
 * many more vessel crossings competing for seeds, so larger lungs get proportionally more seeds (and time).
 */
export const SEED_LUNG_ML = 3000;

/** How many times the default seed counts a lung of `lungMl` gets (never fewer than the defaults). */
export function seedBudgetScale(lungMl: number): number {
  return Math.max(1, lungMl / SEED_LUNG_ML);
}

/** Share of the smallest nodule size above which a one-pass component refused as too small gets the mirrored look. */
const SMALL_RESCUE = 0.5;

/** Seeds this close (mm) find the same nodule: the ground-glass pass adds only seeds farther from every other. */
const SAME_SEED_MM = 4;

/** The best `count` of `extra` that lie more than `apartMm` from every seed in `have` (and from each other). */
export function newSeeds(extra: BlobSeed[], have: BlobSeed[], count: number, apartMm: number): BlobSeed[] {
  const out: BlobSeed[] = [];
  const near = (a: BlobSeed, b: BlobSeed) => Math.hypot(a.centerLps[0] - b.centerLps[0], a.centerLps[1] - b.centerLps[1], a.centerLps[2] - b.centerLps[2]) <= apartMm;
  for (const e of extra) {
    if (out.length >= count) break;
    if (!have.some((h) => near(e, h)) && !out.some((o) => near(e, o))) out.push(e);
  }
  return out;
}

/** The `top` best seeds overall plus the `perScale` best of every scale, best first. */
export function pickSeeds(blobs: BlobSeed[], top: number, perScale: number): BlobSeed[] {
  const chosen = new Set(blobs.slice(0, top));
  const perSigma = new Map<number, number>();
  for (const b of blobs) {
    const n = perSigma.get(b.sigmaMm) ?? 0;
    if (n < perScale) chosen.add(b);
    perSigma.set(b.sigmaMm, n + 1);
  }
  return blobs.filter((b) => chosen.has(b));
}

/** How many values two ascending index lists share. */
export function sortedOverlap(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let x = 0, y = 0; x < a.length && y < b.length; ) {
    if (a[x] === b[y]) {
      n++;
      x++;
      y++;
    } else if (a[x]! < b[y]!) x++;
    else y++;
  }
  return n;
}
