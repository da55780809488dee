import { measureLesions } from '../analysis/index.js';
import type { LabelMap, Volume } from '../volume/types.js';

/**
 * Soft tissue (HU) in lung: a solid nodule or the solid part of a part-solid one. Ground glass (about −750 to
 * −300 HU) stays below it, so a pure ground-glass nodule has no solid part beyond the vessels crossing it.
 */
export const SOLID_PART_HU = -300;

export interface SolidPart {
  /** Share of the nodule's voxels above SOLID_PART_HU (partial volume keeps a solid nodule's rim below it). */
  solidFraction: number;
  /**
   * Longest axial diameter (RECIST long axis) of the largest solid component, mm: Lung-RADS sizes a part-solid
   * nodule by it. Null when no solid voxel or no measurable slice.
   */
  solidLongMm: number | null;
}

/** The solid part of every label of `labelMap` (values as keys), measured on `volume`'s HU. */
export function measureSolidParts(labelMap: LabelMap, volume: Volume): Map<number, SolidPart> {
  const solid = new Uint8Array(labelMap.data.length);
  const all = new Map<number, number>();
  const dense = new Map<number, number>();
  for (let v = 0; v < solid.length; v++) {
    const l = labelMap.data[v]!;
    if (l === 0) continue;
    all.set(l, (all.get(l) ?? 0) + 1);
    if (volume.data[v]! > SOLID_PART_HU) {
      solid[v] = l;
      dense.set(l, (dense.get(l) ?? 0) + 1);
    }
  }
  const largest = new Map<number, { voxels: number; longMm: number | null }>();
  for (const lesion of measureLesions({ ...labelMap, data: solid })) {
    const best = largest.get(lesion.label);
    if (!best || lesion.voxelCount > best.voxels) largest.set(lesion.label, { voxels: lesion.voxelCount, longMm: lesion.recist?.longMm ?? null });
  }
  const out = new Map<number, SolidPart>();
  for (const [label, n] of all) out.set(label, { solidFraction: (dense.get(label) ?? 0) / n, solidLongMm: largest.get(label)?.longMm ?? null });
  return out;
}
