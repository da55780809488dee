import type { ModelManifest } from '../inference/manifest.js';
import { cropGrid } from '../inference/segment.js';
import type { Provider } from '../inference/session.js';
import { indexToWorld, valueAtPoint, voxelVolumeMm3, worldToIndex } from '../volume/geometry.js';
import type { Geometry, LabelMap, Vec3, Volume } from '../volume/types.js';
import { peelAeratedEdge, peelAeratedSourceEdge, type LungAndCore } from './aeratedEdge.js';
import { GROUND_GLASS_HU, groundGlassAt, groundGlassHint, solidTissueHint } from './clickHints.js';
import { aboveThreshold, componentAtSeed, equivalentDiameterMm, fillEnclosed, refusal, type NoduleLimits, type Picked } from './componentPick.js';
import { cropHu } from './cropHu.js';
import { densityMap, groundGlassBeyond, throughCaliberRatio, type DensityMap } from './densityOutline.js';
import { outlineGroundGlass } from './groundGlassOutline.js';
import { outlineOnVessel } from './ballOnVessel.js';
import { openComponent } from './detach.js';
import { predictCrop, type CropModelOptions, type CropPrediction } from './modelCrop.js';
import { centroidOfVoxels, pasteComponent } from './paste.js';
import { addSliceEdge } from './readerEdge.js';
import { componentShape, type ComponentShape } from './shape.js';
import { SOLID_PART_HU } from '../analysis/solidPart.js';

export const NO_NODULE_MESSAGE = 'No nodule found at this point';

/** Smallest nodule kept by default, as an equivalent-sphere diameter (mm): LIDC's nodule size. */
export const MIN_NODULE_MM = 3;

/**
 * The crop is re-centred on the first prediction unless the click was already this close to its centroid:
 * the model was validated on crops centred on the nodule, and off-centre crops size it differently.
 */
const RECENTRE_MM = 0.5;

/**
 * The crop that decides the mask is also run mirrored along x, along y and along z, and the four probability maps
 * averaged (test-time augmentation). Measured on 16 synthetic nodules inserted into real LIDC lung: Dice against the
 * true ball 0.64 → 0.67 (solid) and 0.54 → 0.64 (ground glass); on LIDC-0003's three 4-reader nodules 0.82 → 0.85.
 * The first crop only locates the nodule, so it stays a single pass.
 */
const FINAL_MIRRORS: readonly (readonly number[])[] = [[0], [1], [2]];

/**
 * A click on voxels denser than SOLID_PART_HU is on solid tissue: a solid nodule, a vessel, the chest wall. When
 * the model does not call the clicked voxel nodule and its nearest predicted component is farther than this (mm),
 * the user pointed at that tissue, and the component within the search radius (a round vessel cross-section
 * beside it) is not what they meant. Within it, the click was on a nodule's own rim, just outside the mask.
 * Ground glass (−750 to −300 HU) and aerated lung stay below SOLID_PART_HU, so clicks beside a small nodule
 * still reach it.
 */
const RIM_MM = 1.5;

/**
 * Above this `throughCaliberRatio` a solid component is a piece of vessel. The model's answers to random vessel clicks
 * in the LIDC slabs measure 0–1.7 (16 of 20 above 0.6); synthetic solid nodules in real lung 0–0.5 but one ball laid
 * on a vessel (1.7). Set at 0.6 rather than 0.5 so that a nodule on a through-going vessel half its width stays.
 */
const MAX_THROUGH_CALIBER = 0.6;

/**
 * A piece of vessel is solid tissue; a ground-glass nodule that a vessel runs through is not, so the through-vessel test
 * only judges components whose voxels are mostly above `SOLID_PART_HU`. Measured (`npm run bench --
 * noduleJuxtavascular`): ground-glass balls on a vessel found 0/1/3/5 → 1/3/4/6 of 8 at 6/8/10/12 mm (the five
 * rescued at Dice 0.45–0.84, none oversized by more than a quarter); random vessel clicks kept 2 and 2 of 60, as before.
 */
function isMostlySolid(volume: Volume, picked: Picked, grid: Geometry): boolean {
  const hu = cropHu(volume, grid);
  let [solid, all] = [0, 0];
  for (let v = 0; v < picked.labels.length; v++)
    if (picked.labels[v] === picked.id) [solid, all] = [solid + (hu[v]! > SOLID_PART_HU ? 1 : 0), all + 1];
  return solid > all / 2;
}

/**
 * Above this share of ground glass in the shell 1–3 mm around a kept nodule (`groundGlassBeyond`), more than half of
 * what surrounds it is ground glass, so the nodule likely goes on beyond the outline: the model kept a piece of a larger
 * ground-glass nodule. Measured: clicks just off the centre of LIDC-0002's ground-glass nodule keep a 0.4 mL piece of it
 * (readers 7.2–8.5 mL) with 0.75–0.77; LIDC-0003 #2 and #3 0.20–0.24, #1 0.54 and #4 0.64 (#4 is faint and lies just
 * below #1); 24 synthetic solid and ground-glass balls of 5–20 mm in real lung 0.01–0.47; the phantom's spheres 0.005.
 */
const MAX_GROUND_GLASS_BEYOND = 0.5;

const GLASS_RANGE = `${GROUND_GLASS_HU[0]} to ${GROUND_GLASS_HU[1]}`;

const groundGlassBeyondNote = (share: number) =>
  `Ground glass goes on beyond this outline (${Math.round(100 * share)} % of the lung just around it is ${GLASS_RANGE} HU), so the nodule may be larger than outlined: check it, and outline the rest with the Threshold brush at ${GLASS_RANGE} HU.`;

/**
 * A model component with ground glass all around it is replaced by the ground-glass outline when it is less than this
 * share of that outline: the model kept a vessel crossing a ground-glass nodule, or the solid core of a part-solid one,
 * and the reader outlines the whole nodule. A larger component (LIDC-0003 #1, cavitated, with faint ground glass below
 * it) is the model's nodule and keeps the note only.
 */
const MAX_PIECE_OF_GROUND_GLASS = 0.25;

const groundGlassHow = (radiusMm: number) =>
  `${GLASS_RANGE} HU joined to the click, out to ${radiusMm} mm from its centre, where it fills less than half of the lung around it, with lobes up to 2 mm beyond and its partial-volume edge. Check the outline; the Threshold brush at ${GLASS_RANGE} HU corrects it.`;

/** `joinedANeighbour`: the deciding crop's component is kept unless its centroid moves more than this share of the located one's diameter. */
const MAX_DRIFT = 0.6;

/** How far (mm) from the click the density outline may start: as far as the peak it is scaled to. */
const DENSITY_SEARCH_MM = 2.5;

export interface SeedSegmentOptions extends CropModelOptions {
  /** Probability above which a crop voxel is nodule (default 0.5). */
  threshold?: number;
  /** How far (mm) from the seed the nearest predicted component may lie (default 4). */
  searchRadiusMm?: number;
  /** Smallest nodule kept, as an equivalent-sphere diameter in mm (default 3, the LIDC nodule size). */
  minDiameterMm?: number;
  /** Components whose principal-axis ratio exceeds this are vessel-like and refused (default 3). */
  maxElongation?: number;
  /** Components with more than this fraction of voxels on the crop's faces are refused (default 0.03). */
  maxBorderFraction?: number;
  /** Components filling less of their moment ellipsoid than this are branching vessels (default 0.6). */
  minFillRatio?: number;
  /**
   * A refused component gets a second look with the vessels thinner than this (mm) cut off by a morphological
   * opening: a juxtavascular nodule the model joined to its vessels (default 3; 0 = no second look).
   */
  detachVesselsMm?: number;
  /** Run the deciding crop mirrored too and average (default true; false: one pass, ~2.5× faster). */
  mirrorFinalCrop?: boolean;
  /** When the model keeps nothing at a click on solid tissue, outline an isolated solid nodule by density (default true). */
  densityFallback?: boolean;
  /** When the model keeps nothing, or only a small piece, at a click on ground glass, outline the ground glass by density (default true). */
  groundGlassFallback?: boolean;
  /** A solid component with structure this thick (relative to it) running on at both ends is a piece of vessel (default 0.6). */
  maxThroughCaliber?: number;
  /** The locating crop (one pass at this seed) when the caller already ran it: a candidate search screens and then segments the same seed. */
  locatingCrop?: CropPrediction;
}

export interface NoduleSegmentation {
  found: boolean;
  /** What outlined the nodule: the model, or density where the model missed a solid nodule (null when none was found). */
  method: 'model' | 'density' | null;
  /** What the user should know about a found nodule (why it was outlined by density). */
  note?: string;
  /** Why nothing was kept, for the user (only when `found` is false). */
  message?: string;
  /**
   * The nodule's source-grid voxels as linear indices (x fastest), ascending; `noduleLabelMap` makes the label map.
   * Sparse, because a candidate search segments dozens of seeds and a 512×512×600 label map is 157 MB.
   */
  voxels: Uint32Array;
  voxelCount: number;
  volumeMl: number;
  centroidLps: Vec3 | null;
  /** Shape on the model grid of the kept (or refused) component. */
  shape: ComponentShape | null;
  /** Equivalent-sphere diameter (mm, model grid) of the kept or refused component; null when there was none. */
  componentDiameterMm: number | null;
  /** Mean model probability inside the kept component (0 when it was outlined by density). */
  meanProbability: number;
  /** Crop centres used (the seed, then the re-centred one if any). */
  cropCentersLps: Vec3[];
  /** Where the model ran, and why not on CUDA when `auto` asked for it. */
  provider: Provider;
  fallbackReason?: string;
  timings: { totalMs: number; modelMs: number[] };
}

/** "No nodule found", with why (when the model found something that is not a nodule) and a hint on how to outline by hand what the model misses at such a click (ground glass, a nodule on a vessel). */
function noNodule(volume: Volume, seedLps: Vec3, why: string | null): string {
  const hint = solidTissueHint(volume, seedLps) ?? groundGlassHint(volume, seedLps);
  return `${NO_NODULE_MESSAGE}${why ? ` (${why})` : ''}.${hint ? ` ${hint}` : ''}`;
}

/** A segmentation as a source-grid label map: the nodule as `value` (named and coloured as the model's label), zero elsewhere. */
export function noduleLabelMap(volume: Volume, manifest: ModelManifest, segmentation: Pick<NoduleSegmentation, 'voxels'>, value = 1): LabelMap {
  const label = manifest.labels[0]!;
  const data = new Uint8Array(volume.data.length);
  for (const v of segmentation.voxels) data[v] = value;
  return {
    dims: [...volume.dims],
    spacing: [...volume.spacing],
    origin: [...volume.origin],
    direction: [...volume.direction],
    data,
    labels: [{ value, name: label.name, color: [...label.color] }],
  };
}

/** A component kept as the nodule, on its crop grid, with the field that `pasteComponent` thresholds. */
interface Kept {
  picked: Picked;
  grid: Geometry;
  field: Float32Array;
  threshold: number;
  /** The HU span the aerated margin was told by, to peel it on the source grid too (`peelAeratedSourceEdge`). */
  aerated?: LungAndCore | null;
}

type Decision = { kept: Kept } | { refused: string | null; shape?: ComponentShape; componentDiameterMm?: number };

/**
 * Click-to-segment: runs the nodule model on a 64³ crop (model spacing) centred on the seed, takes the
 * predicted component at (or within a few mm of) the seed, re-centres the crop once on that component
 * and runs again (mirrored too, averaged), then keeps the component at the seed if it looks like a nodule (not tubular, not
 * branching, leaving the crop, not a piece of a vessel running through it, ≥ 3 mm). When the model keeps nothing and the
 * click was on solid tissue, an isolated solid nodule is outlined by density instead (`method: 'density'`, with a note),
 * and one lying on a vessel as the ball it makes there (`outlineOnVessel`);
 * on ground glass, a ground-glass nodule of 10–30 mm is (`outlineGroundGlass`), also where the model keeps only a small
 * piece of it. Nothing found gives an empty map and a message, never a vessel blob.
 */
export async function segmentNoduleFromSeed(volume: Volume, manifest: ModelManifest, seedLps: Vec3, opts: SeedSegmentOptions): Promise<NoduleSegmentation> {
  const t0 = performance.now();
  const modelMs: number[] = [];
  const centers: Vec3[] = [[...seedLps]];
  // Crops beyond the image read it mirrored (modelCrop), so a point outside it would find the mirror's nodules.
  if (valueAtPoint(volume, seedLps) === null) throw new Error(`The seed point (${seedLps.map((v) => v.toFixed(1)).join(', ')} mm, LPS) lies outside the image.`);
  const locating = opts.locatingCrop ?? (await predictCrop(volume, manifest, seedLps, opts));
  if (!opts.locatingCrop) modelMs.push(locating.ms);
  const result = (found: boolean, extra: Partial<NoduleSegmentation>): NoduleSegmentation => ({
    found, method: null, voxels: new Uint32Array(0), voxelCount: 0, volumeMl: 0, centroidLps: null, shape: null, componentDiameterMm: null, meanProbability: 0,
    cropCentersLps: centers, provider: locating.provider, ...(locating.fallbackReason ? { fallbackReason: locating.fallbackReason } : {}),
    timings: { totalMs: performance.now() - t0, modelMs }, ...extra,
  });

  const decision = await decideByModel(volume, manifest, seedLps, opts, locating, centers, modelMs);
  let kept = 'kept' in decision ? decision.kept : null;
  let method: 'model' | 'density' = 'model';
  let note: string | undefined;
  if (!kept && (opts.densityFallback ?? true) && volume.meta.modality === 'CT') {
    const grid = cropGrid(manifest, seedLps);
    const density = densityMap(volume, grid, seedLps);
    const edge = density ? `its edge is where the image is halfway between the lung around it (${Math.round(density.lungHu)} HU) and its peak (${Math.round(density.peakHu)} HU). Check the outline.` : '';
    const byDensity = density ? outlineByDensity(grid, density, seedLps, limitsOf(opts)) : null;
    const onVessel = density && !byDensity ? outlineOnVessel(grid, density, seedLps, limitsOf(opts)) : null;
    if (byDensity) {
      [kept, method] = [byDensity, 'density'];
      note = `The model did not call this a nodule, so it is outlined by density: ${edge}`;
    } else if (onVessel) {
      [kept, method] = [{ picked: onVessel.picked, grid, field: onVessel.field, threshold: 0.5 }, 'density'];
      note = `The model did not call this a nodule. It lies on a vessel, so it is outlined by density as the ${(2 * onVessel.radiusMm).toFixed(0)} mm ball it makes there, the vessel cut at its surface: ${edge}`;
    }
  }
  if (!kept && (opts.groundGlassFallback ?? true)) {
    const hu = groundGlassAt(volume, seedLps);
    const glass = hu === null ? null : groundGlassKept(volume, manifest, seedLps, opts);
    if (glass) {
      [kept, method] = [glass.kept, 'density'];
      note = `The model did not call this a nodule. It looks like ground glass (about ${Math.round(hu!)} HU), so it is outlined by density: ${groundGlassHow(glass.radiusMm)}`;
    }
  }
  if (!kept) {
    const refused = decision as Exclude<Decision, { kept: Kept }>;
    const extra = refused.shape ? { shape: refused.shape, componentDiameterMm: refused.componentDiameterMm ?? null } : {};
    return result(false, { message: noNodule(volume, seedLps, refused.refused), ...extra });
  }

  fillEnclosed(kept.picked.labels, kept.picked.id, kept.grid.dims);
  const beyond = volume.meta.modality === 'CT' && method === 'model' ? groundGlassBeyond(volume, kept.picked.labels, kept.picked.id, kept.grid) : 0;
  if (beyond > MAX_GROUND_GLASS_BEYOND) {
    const glass = (opts.groundGlassFallback ?? true) ? groundGlassKept(volume, manifest, seedLps, opts) : null;
    const pieceMm3 = kept.picked.shape.voxels * voxelVolumeMm3(kept.grid);
    if (glass && pieceMm3 < MAX_PIECE_OF_GROUND_GLASS * glass.kept.picked.shape.voxels * voxelVolumeMm3(glass.kept.grid)) {
      note = `The model kept only a ${(pieceMm3 / 1000).toFixed(2)} mL piece of the ground glass here, so the nodule is outlined by density: ${groundGlassHow(glass.radiusMm)}`;
      [kept, method] = [glass.kept, 'density'];
    } else note = [note, groundGlassBeyondNote(beyond)].filter(Boolean).join(' ');
  }
  if (method === 'model' && volume.meta.modality === 'CT') kept = peeled(volume, kept);
  const { picked, grid, field, threshold } = kept;
  const probability = method === 'model' ? field : null;
  let sum = 0;
  let n = 0;
  if (probability)
    for (let v = 0; v < picked.labels.length; v++)
      if (picked.labels[v] === picked.id) {
        sum += probability[v]!;
        n++;
      }
  const pasted = pasteComponent(volume, grid, field, picked.labels, picked.id, threshold);
  const voxels = kept.aerated ? addSliceEdge(volume, peelAeratedSourceEdge(volume, pasted.voxels, kept.aerated), kept.aerated) : pasted.voxels;
  const centroidIjk = voxels === pasted.voxels ? pasted.centroidIjk : centroidOfVoxels(voxels, volume.dims);
  const count = voxels.length;
  if (count === 0) return result(false, { message: noNodule(volume, seedLps, 'the nodule is smaller than one image voxel') });
  return result(true, {
    method,
    ...(note ? { note } : {}),
    voxels,
    voxelCount: count,
    volumeMl: (count * voxelVolumeMm3(volume)) / 1000,
    centroidLps: indexToWorld(volume, centroidIjk),
    shape: picked.shape,
    componentDiameterMm: equivalentDiameterMm(picked.shape, grid),
    meanProbability: n ? sum / n : 0,
  });
}

const limitsOf = (opts: SeedSegmentOptions): NoduleLimits => ({
  minDiameterMm: opts.minDiameterMm ?? MIN_NODULE_MM,
  maxElongation: opts.maxElongation ?? 3,
  maxBorderFraction: opts.maxBorderFraction ?? 0.03,
  minFillRatio: opts.minFillRatio ?? 0.6,
});

/** The model's answer at the seed: the component it keeps, or why it keeps none (null: it found nothing). */
async function decideByModel(volume: Volume, manifest: ModelManifest, seedLps: Vec3, opts: SeedSegmentOptions, locating: CropPrediction, centers: Vec3[], modelMs: number[]): Promise<Decision> {
  const t = opts.threshold ?? 0.5;
  const radius = opts.searchRadiusMm ?? 4;
  const limits = limitsOf(opts);
  let pred = locating;
  let picked = componentAtSeed(aboveThreshold(pred.probability, t), pred.grid, worldToIndex(pred.grid, seedLps), radius);
  if (!picked) return { refused: null };
  if (picked.distanceMm > RIM_MM && volume.meta.modality === 'CT' && (valueAtPoint(volume, seedLps) ?? -1000) > SOLID_PART_HU)
    return { refused: 'the point is on solid tissue, such as a vessel, that is not nodule' };

  const center = indexToWorld(pred.grid, picked.shape.centroid);
  const shift = Math.hypot(center[0] - seedLps[0], center[1] - seedLps[1], center[2] - seedLps[2]);
  const mirror = opts.mirrorFinalCrop ?? true;
  if (shift > RECENTRE_MM || mirror) {
    if (shift > RECENTRE_MM) centers.push(center);
    pred = await predictCrop(volume, manifest, shift > RECENTRE_MM ? center : seedLps, mirror ? { ...opts, mirrors: FINAL_MIRRORS } : opts);
    modelMs.push(pred.ms);
    const mask = aboveThreshold(pred.probability, t);
    const decided = componentAtSeed(mask, pred.grid, worldToIndex(pred.grid, seedLps), radius) ?? componentAtSeed(mask, pred.grid, worldToIndex(pred.grid, center), radius);
    if (!decided) return { refused: null };
    if (joinedANeighbour(picked, locating.grid, decided, pred.grid)) pred = locating;
    else picked = decided;
  }
  let why = refusal(picked.shape, pred.grid, limits);
  const detachMm = opts.detachVesselsMm ?? 3;
  // An opening only removes voxels, so a component already below the smallest nodule gets no second look.
  const worthOpening = equivalentDiameterMm(picked.shape, pred.grid) >= limits.minDiameterMm;
  for (const width of detachMm > 0 && worthOpening ? [detachMm, detachMm * 1.6] : []) {
    if (!why) break;
    const opened = componentAtSeed(openComponent(picked.labels, picked.id, pred.grid, width), pred.grid, worldToIndex(pred.grid, seedLps), radius);
    if (opened && !refusal(opened.shape, pred.grid, limits)) {
      picked = opened;
      why = null;
    }
  }
  // On solid tissue, a piece of vessel the model took for a nodule goes on at both ends about as thick as it is.
  const density = !why && volume.meta.modality === 'CT' ? densityMap(volume, pred.grid, seedLps) : null;
  if (density && isMostlySolid(volume, picked, pred.grid) && throughCaliberRatio(picked.labels, picked.id, pred.grid, density) > (opts.maxThroughCaliber ?? MAX_THROUGH_CALIBER))
    why = 'the structure there runs on at both ends as thick as it is, like a vessel';
  if (why) return { refused: why, shape: picked.shape, componentDiameterMm: equivalentDiameterMm(picked.shape, pred.grid) };
  return { kept: { picked, grid: pred.grid, field: pred.probability, threshold: t } };
}

/**
 * Whether the deciding crop's component joined a neighbour of the located one: it is larger, and its centroid moved by
 * more than `MAX_DRIFT` of the located component's equivalent diameter. The deciding crop is centred on the located
 * component, and mirrored, so it sees more of the neighbourhood; where a faint nodule lies against a larger one it can
 * join them. Measured (centroid moves / located diameter): LIDC-0003 #4, faint ground glass below the cavitated #1, 0.84
 * at 1.9× the volume (its mask then held more of #1 than of #4); every other real nodule, the phantom's spheres and 16
 * synthetic solid and ground-glass balls of 5–20 mm in real lung at most 0.36 (the 5 mm balls, whose 2–3 mm located
 * speck grows). A deciding component that is smaller and elsewhere is the model's second look narrowing a hilar
 * structure down to a piece of it, which the vessel tests then judge.
 */
function joinedANeighbour(located: Picked, locatedGrid: Geometry, decided: Picked, decidedGrid: Geometry): boolean {
  if (decided.shape.voxels * voxelVolumeMm3(decidedGrid) <= located.shape.voxels * voxelVolumeMm3(locatedGrid)) return false;
  const a = indexToWorld(locatedGrid, located.shape.centroid);
  const b = indexToWorld(decidedGrid, decided.shape.centroid);
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) > MAX_DRIFT * equivalentDiameterMm(located.shape, locatedGrid);
}

/**
 * A solid nodule the model missed, outlined by density: on the crop grid around the click, the half-maximum structure
 * at the click (`densityMap`), kept only when it is a nodule on its own: the same shape limits as the model's answer,
 * and no opening to cut it from vessels, since an opened vessel leaves blobs at its branchings (on 120 random vessel
 * clicks in the LIDC slabs, opening made 20 "nodules" of them; without it, none).
 */
function outlineByDensity(grid: Geometry, density: DensityMap, seedLps: Vec3, limits: NoduleLimits): Kept | null {
  const picked = componentAtSeed(aboveThreshold(density.probability, 0.5), grid, worldToIndex(grid, seedLps), DENSITY_SEARCH_MM);
  if (!picked || refusal(picked.shape, grid, limits)) return null;
  return { picked, grid, field: density.probability, threshold: 0.5 };
}

/**
 * `kept` with its margin of aerated lung peeled (`peelAeratedEdge`). The peeled voxels are lung, so their field is 0: the
 * paste, which interpolates the field between crop voxels, then puts the edge halfway to them, not at them.
 */
function peeled(volume: Volume, kept: Kept): Kept {
  const { picked, grid } = kept;
  const { peeled: lung, span } = peelAeratedEdge(volume, grid, picked.labels, picked.id);
  if (!lung.length) return { ...kept, aerated: span };
  const field = Float32Array.from(kept.field);
  for (const v of lung) field[v] = 0;
  return { ...kept, field, aerated: span, picked: { ...picked, shape: componentShape(picked.labels, picked.id, grid.dims, grid.spacing) } };
}

/** The ground-glass outline at a click (`outlineGroundGlass`) on the crop grid, as a kept component. */
function groundGlassKept(volume: Volume, manifest: ModelManifest, seedLps: Vec3, opts: SeedSegmentOptions): { kept: Kept; radiusMm: number } | null {
  const grid = cropGrid(manifest, seedLps);
  const glass = outlineGroundGlass(volume, grid, seedLps, limitsOf(opts));
  return glass ? { kept: { picked: glass.picked, grid, field: glass.field, threshold: 0.5 }, radiusMm: glass.radiusMm } : null;
}

