import type { LabelInfo } from '../volume/types.js';
import type { LabelProvenance, ProvenanceSummary } from './types.js';

/** Codes of the per-voxel provenance map: who last set the voxel's label. */
export const SOURCE_NONE = 0;
export const SOURCE_HAND = 1;
/** Model number m (0-based, in registration order) is stored as FIRST_MODEL_SOURCE + m. */
export const FIRST_MODEL_SOURCE = 2;
export const MAX_MODELS = 256 - FIRST_MODEL_SOURCE;

/**
 * Per label: how many voxels each model produced and how many were set by hand, from the label
 * map and its parallel provenance map. One pass over the volume.
 */
export function summarizeProvenance(
  data: Uint8Array,
  source: Uint8Array,
  labels: readonly LabelInfo[],
  models: readonly string[],
  voxelVolumeMm3: number,
): ProvenanceSummary {
  // counts[label * 256 + source]
  const counts = new Float64Array(256 * 256);
  for (let v = 0; v < data.length; v++) counts[data[v]! * 256 + source[v]!]!++;
  const present: number[] = [];
  for (let l = 1; l < 256; l++) {
    let total = 0;
    for (let s = 0; s < 256; s++) total += counts[l * 256 + s]!;
    if (total > 0 || labels.some((x) => x.value === l)) present.push(l);
  }
  const ml = voxelVolumeMm3 / 1000;
  const perLabel: LabelProvenance[] = present.map((l) => {
    const row = (s: number) => counts[l * 256 + s]!;
    let voxels = 0;
    for (let s = 0; s < 256; s++) voxels += row(s);
    const byModel: Record<string, number> = {};
    models.forEach((name, m) => {
      const n = row(FIRST_MODEL_SOURCE + m);
      if (n > 0) byModel[name] = (byModel[name] ?? 0) + n;
    });
    return {
      value: l,
      name: labels.find((x) => x.value === l)?.name ?? `label ${l}`,
      voxels,
      volumeMl: voxels * ml,
      handVoxels: row(SOURCE_HAND),
      byModel,
      unattributedVoxels: row(SOURCE_NONE),
    };
  });
  return {
    voxelVolumeMl: ml,
    models: [...models],
    labels: perLabel,
    erasedByHandVoxels: counts[SOURCE_HAND]!,
  };
}
