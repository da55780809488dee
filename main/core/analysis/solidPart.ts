import { indexToWorld } from '../volume/geometry.js';
import { openedByBall } from '../editing/distanceTransform.js';
import type { Geometry, Volume } from '../volume/types.js';
import { componentsOfRuns } from './connectedComponents.js';
import { recistDiameters } from './diameters.js';
import { lesionBoundingBox, lesionLocalMask, sliceRowExtremes, type LesionRuns } from './lesionRuns.js';
import { extractRuns } from './runs.js';
import type { SliceAxis, SolidPart } from './types.js';

/**
 * Soft tissue (HU) in lung: a solid nodule or the solid part of a part-solid one. Ground glass (about −750 to
 * −300 HU) stays below it, so a pure ground-glass nodule has no solid part beyond the vessels crossing it.
 */
export const SOLID_PART_HU = -300;

/**
 * Radius (mm) of the ball the solid voxels are opened with before the largest piece is measured: vessels crossing a
 * ground-glass nodule are solid too, and joined they would measure as a solid part as long as the nodule (LIDC-0002's
 * ground glass: 31.6 mm of solid for a 24 mm nodule). The opening keeps what a ball of this radius fits in, so solid
 * parts thinner than 4 mm are not reported. Checked against the LIDC readers' texture ratings: at 2 mm the two nodules
 * rated non-solid (LIDC-0002's, 1 and 2; LIDC-0003 #4, 1) have no solid part and the three rated 3–5 keep one
 * (8–25 mm); at 1.5 mm #4 kept a 5.8 mm piece of vessel, at 1 mm LIDC-0002 a 2.9 mm one.
 */
export const SOLID_OPENING_MM = 2;

/** Lesions above this volume (a 46 mm ball) are organs or masses, not nodules: no solid part is measured for them. */
export const SOLID_PART_MAX_ML = 50;

/**
 * The solid part of one lesion of a CT: the share of its voxels above `SOLID_PART_HU` and the RECIST long axis (in
 * the slices along `axis`) of the largest 26-connected piece of them once opened by a `SOLID_OPENING_MM` ball, as
 * Fleischner and Lung-RADS size a part-solid nodule. Only the lesion's bounding box is scanned; a lesion with no voxel below the threshold (a liver lesion, a
 * solid mass) is its own solid part, and the caller's RECIST long axis is taken for it.
 */
export function solidPartOf(lesion: LesionRuns, image: Volume, g: Geometry, axis: SliceAxis, wholeLongMm: number | null): SolidPart {
  const bbox = lesionBoundingBox(lesion);
  // One voxel of margin: the opening's distances then see the lesion's edge as outside.
  const local = lesionLocalMask(lesion, bbox, 1);
  const [lx, ly, lz] = local.dims;
  const [ox, oy, oz] = local.origin;
  const [nx, ny] = g.dims;
  let inside = 0;
  let dense = 0;
  for (let k = 0, l = 0; k < lz; k++)
    for (let j = 0; j < ly; j++) {
      const row = ox + nx * (oy + j + ny * (oz + k));
      for (let i = 0; i < lx; i++, l++) {
        if (!local.mask[l]) continue;
        inside++;
        if (image.data[row + i]! > SOLID_PART_HU) dense++;
        else local.mask[l] = 0;
      }
    }
  if (dense === 0) return { solidFraction: 0, solidLongMm: null };
  if (dense === inside) return { solidFraction: 1, solidLongMm: wholeLongMm };
  const opened = openedByBall(local.mask, local.dims, g.spacing, SOLID_OPENING_MM, SOLID_OPENING_MM);
  const runs = extractRuns(opened, local.dims);
  if (runs.count === 0) return { solidFraction: dense / inside, solidLongMm: null };
  const { componentOfRun, sizes } = componentsOfRuns(runs, 26);
  let largest = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c]! > sizes[largest]!) largest = c;
  const members: number[] = [];
  for (let r = 0; r < runs.count; r++) if (componentOfRun[r] === largest + 1) members.push(r);
  const piece: LesionRuns = { runs, members: Int32Array.from(members) };
  const localGrid: Geometry = { dims: local.dims, spacing: g.spacing, direction: g.direction, origin: indexToWorld(g, local.origin) };
  const recist = recistDiameters(piece, sliceRowExtremes(piece, lesionBoundingBox(piece), axis), localGrid);
  return { solidFraction: dense / inside, solidLongMm: recist?.longMm ?? null };
}
