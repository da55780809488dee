import { intensityStats } from '../analysis/intensity.js';
import { valueAtPoint, worldToIndex } from '../volume/geometry.js';
import type { Geometry, Vec3, Volume } from '../volume/types.js';
import { SOLID_PART_HU } from '../analysis/solidPart.js';

/** The values of the voxels (of an image or a crop on its own grid) whose centres lie within `radiusMm` of `p` (LPS mm). */
export function valuesNear(volume: Geometry & { data: ArrayLike<number> }, p: Vec3, radiusMm: number): number[] {
  const c = worldToIndex(volume, p);
  const [nx, ny, nz] = volume.dims;
  const r = volume.spacing.map((s) => Math.ceil(radiusMm / s));
  const values: number[] = [];
  for (let k = Math.max(0, Math.round(c[2]) - r[2]!); k <= Math.min(nz - 1, Math.round(c[2]) + r[2]!); k++)
    for (let j = Math.max(0, Math.round(c[1]) - r[1]!); j <= Math.min(ny - 1, Math.round(c[1]) + r[1]!); j++)
      for (let i = Math.max(0, Math.round(c[0]) - r[0]!); i <= Math.min(nx - 1, Math.round(c[0]) + r[0]!); i++) {
        const d2 = ((i - c[0]) * volume.spacing[0]) ** 2 + ((j - c[1]) * volume.spacing[1]) ** 2 + ((k - c[2]) * volume.spacing[2]) ** 2;
        if (d2 > radiusMm * radiusMm) continue;
        values.push(volume.data[i + nx * (j + ny * k)]!);
      }
  return values;
}

const medianOf = (values: number[]) => intensityStats(Float64Array.from(values))?.median ?? null;

/** Median of the source voxels whose centres lie within `radiusMm` of `p` (LPS mm); null when none is inside the image. */
export function medianNear(volume: Volume, p: Vec3, radiusMm: number): number | null {
  return medianOf(valuesNear(volume, p, radiusMm));
}

/** The median HU within this radius (mm) of a click decides whether it was on ground glass (a vessel beside it is a minority). */
const HINT_RADIUS_MM = 3;
/** Aerated lung is −950 to −850 HU, ground glass about −800 to −300 (denser is solid tissue, answered elsewhere). */
export const GROUND_GLASS_HU: readonly [number, number] = [-800, -300];

/**
 * A 4–5 mm solid nodule on thick slices also has a ground-glass median within 3 mm (its core and the lung around it
 * average out), but a fifth to a half of those voxels are solid; in the real ground-glass nodules none is. Above
 * this share of solid voxels the click was on something solid and small, not on ground glass.
 */
const MAX_SOLID_SHARE = 0.15;

/**
 * What to say after "no nodule found" when the click was on ground glass. The model misses some faint ground-glass
 * nodules, above all against the pleura (`npm run bench -- nodulePlacement`), so the user is told so and pointed
 * to the manual tool that outlines it instead of being left to think there is nothing there. On LIDC-0002's ground
 * glass a 14 mm 3-D threshold brush at −800 to −300 HU over it gives Dice 0.72; Grow over the same range from its
 * centre leaks through the partial-volume rims of the lung's vessels into 137 mL (Dice 0.09).
 */
export function groundGlassHint(volume: Volume, seedLps: Vec3): string | null {
  const hu = groundGlassAt(volume, seedLps);
  if (hu === null) return null;
  return `This looks like ground glass (about ${Math.round(hu)} HU), which the model can miss, above all against the pleura: outline it with the Threshold brush at ${GROUND_GLASS_HU[0]} to ${GROUND_GLASS_HU[1]} HU (Grow would run on into the lung around it).`;
}

/**
 * What to say after "no nodule found" when the click was on solid tissue. A nodule lying on a vessel is the model's
 * weakness: it answers for the two together as vessel, or the vessel tests refuse them (`npm run bench --
 * noduleJuxtavascular`: solid balls on a vessel found 1 of 8 at 6 mm, 6 of 8 at 10 mm; free in the lung 10–12 of 12
 * at 8 mm). No limit separates them from the vessel clicks it must refuse (nodule_README), so the user is told how to
 * outline one by hand. Grow is not offered: from a vessel it runs on along the vessel tree. The clicked voxel decides, as
 * it does for the model's "on solid tissue" refusal: within 3 mm of a 2 mm vessel on 2.5 mm slices the median is lung.
 */
export function solidTissueHint(volume: Volume, seedLps: Vec3): string | null {
  if (volume.meta.modality !== 'CT') return null;
  const hu = valueAtPoint(volume, seedLps);
  if (hu === null || hu <= SOLID_PART_HU) return null;
  return `A nodule lying on a vessel can be taken for the vessel: if you see one here, paint it with the Threshold brush from ${SOLID_PART_HU} HU up and erase the vessel where it leaves the nodule.`;
}

/** The median HU within 3 mm of a click on ground glass in a CT (few solid voxels among them), else null. */
export function groundGlassAt(volume: Volume, seedLps: Vec3): number | null {
  if (volume.meta.modality !== 'CT') return null;
  const values = valuesNear(volume, seedLps, HINT_RADIUS_MM);
  const hu = medianOf(values);
  if (hu === null || hu < GROUND_GLASS_HU[0] || hu > GROUND_GLASS_HU[1]) return null;
  if (values.filter((v) => v > GROUND_GLASS_HU[1]).length > MAX_SOLID_SHARE * values.length) return null;
  return hu;
}
