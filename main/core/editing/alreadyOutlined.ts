import { valueAtPoint, voxelVolumeMm3 } from '../volume/geometry.js';
import type { LabelMap, Vec3 } from '../volume/types.js';

/**
 * Share of a new outline's voxels that already belong to one label, from which the outline is taken as that label's
 * nodule clicked again rather than a new one (two nodules touching share a few surface voxels, not half of one).
 */
export const SAME_NODULE_SHARE = 0.5;

/** The label at the LPS point `p` of `mask` (0 outside it or where nothing is labelled). */
export function labelAtPoint(mask: LabelMap, p: Vec3): number {
  return valueAtPoint(mask, p) ?? 0;
}

/** The existing label of `held` (label values per voxel) holding at least `SAME_NODULE_SHARE` of `voxels` (indices into it), or 0. */
export function labelHoldingMost(held: Uint8Array, voxels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let n = 0; n < voxels.length; n++) {
    const label = held[voxels[n]!]!;
    if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (const [label, count] of counts) if (count >= SAME_NODULE_SHARE * voxels.length) return label;
  return 0;
}

/** `labelHoldingMost` for an outline given as a mask on the same grid (non-zero = in the outline). */
export function labelOutlinedAgain(mask: LabelMap, outline: Uint8Array): number {
  const voxels: number[] = [];
  for (let v = 0; v < outline.length; v++) if (outline[v]) voxels.push(v);
  return labelHoldingMost(mask.data, voxels);
}

/** What a click on a nodule already outlined as `label` answers, instead of adding it a second time. */
export function alreadyOutlinedAnswer(mask: LabelMap, label: number): string {
  const name = mask.labels.find((l) => l.value === label)?.name ?? `label ${label}`;
  let n = 0;
  for (let v = 0; v < mask.data.length; v++) if (mask.data[v] === label) n++;
  const ml = (n * voxelVolumeMm3(mask)) / 1000;
  return `Already outlined as “${name}” (${ml.toFixed(2)} mL), so nothing was added. To outline it again, delete that label or erase it first.`;
}
