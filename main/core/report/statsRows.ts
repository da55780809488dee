import type { IntensityStats, LabelMapAnalysis, LabelSummary, LesionStats } from '../analysis/types.js';
import type { Vec3 } from '../volume/types.js';
import { intensityUnit, type ReportContext } from './reportContext.js';

/** One flat report row: column name (with its unit) → value; null where not applicable. */
export type ReportRow = Record<string, string | number | null>;

/** Rounding per unit, so CSV and JSON carry the same numbers and no float noise. */
const DECIMALS = { ml: 4, mm: 2, mm2: 1, intensity: 1, ratio: 3 } as const;

export function roundTo(x: number | undefined, decimals: number): number | null {
  if (x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function contextColumns(ctx: ReportContext): ReportRow {
  return {
    study_instance_uid: ctx.studyInstanceUid ?? null,
    series_instance_uid: ctx.seriesInstanceUid ?? null,
    patient_id: ctx.patientId ?? null,
    study_date: ctx.studyDate ?? null,
    model_id: ctx.modelId ?? null,
    model_version: ctx.modelVersion ?? null,
    provider: ctx.provider ?? null,
  };
}

function pointColumns(prefix: string, p: Vec3 | undefined): ReportRow {
  return {
    [`${prefix}_x_lps_mm`]: roundTo(p?.[0], DECIMALS.mm),
    [`${prefix}_y_lps_mm`]: roundTo(p?.[1], DECIMALS.mm),
    [`${prefix}_z_lps_mm`]: roundTo(p?.[2], DECIMALS.mm),
  };
}

function intensityColumns(stats: IntensityStats | undefined, unit: string): ReportRow {
  const row: ReportRow = {};
  for (const key of ['mean', 'std', 'min', 'max', 'median'] as const) {
    row[`intensity_${key}_${unit}`] = roundTo(stats?.[key], DECIMALS.intensity);
  }
  return row;
}

export function lesionRow(lesion: LesionStats, ctx: ReportContext): ReportRow {
  const r = lesion.recist;
  return {
    row_kind: 'lesion',
    ...contextColumns(ctx),
    label_value: lesion.label,
    label_name: lesion.labelName,
    lesion_id: lesion.id,
    lesion_name: lesion.name ?? null,
    component_count: 1,
    voxel_count: lesion.voxelCount,
    volume_ml: roundTo(lesion.volumeMl, DECIMALS.ml),
    volume_partial_ml: roundTo(lesion.volumePartialMl, DECIMALS.ml),
    ...pointColumns('centroid', lesion.centroidLps),
    bbox_min_i_index: lesion.bboxIjk.min[0],
    bbox_min_j_index: lesion.bboxIjk.min[1],
    bbox_min_k_index: lesion.bboxIjk.min[2],
    bbox_max_i_index: lesion.bboxIjk.max[0],
    bbox_max_j_index: lesion.bboxIjk.max[1],
    bbox_max_k_index: lesion.bboxIjk.max[2],
    ...intensityColumns(lesion.intensity, intensityUnit(ctx)),
    surface_area_mm2: roundTo(lesion.surfaceAreaMm2, DECIMALS.mm2),
    sphericity_ratio: roundTo(lesion.sphericity, DECIMALS.ratio),
    recist_long_mm: roundTo(r?.longMm, DECIMALS.mm),
    recist_short_mm: roundTo(r?.shortMm, DECIMALS.mm),
    recist_slice_axis_index: r ? r.sliceAxis : null,
    recist_slice_index: r ? r.sliceK : null,
    ...pointColumns('recist_long_p1', r?.longEndpointsLps[0]),
    ...pointColumns('recist_long_p2', r?.longEndpointsLps[1]),
    ...pointColumns('recist_short_p1', r?.shortEndpointsLps[0]),
    ...pointColumns('recist_short_p2', r?.shortEndpointsLps[1]),
    feret_mm: roundTo(lesion.feretMm, DECIMALS.mm),
    ...pointColumns('feret_p1', lesion.feretEndpointsLps[0]),
    ...pointColumns('feret_p2', lesion.feretEndpointsLps[1]),
    equivalent_diameter_mm: roundTo(lesion.equivalentDiameterMm, DECIMALS.mm),
    mean_diameter_mm: roundTo(lesion.meanDiameterMm, DECIMALS.mm),
    solid_fraction_ratio: roundTo(lesion.solidPart?.solidFraction, DECIMALS.ratio),
    solid_long_mm: roundTo(lesion.solidPart?.solidLongMm ?? undefined, DECIMALS.mm),
  };
}

/** A whole-label row (e.g. the entire liver): only the columns that apply to a whole label. */
export function labelRow(summary: LabelSummary, ctx: ReportContext): ReportRow {
  return {
    row_kind: 'label',
    ...contextColumns(ctx),
    label_value: summary.label,
    label_name: summary.labelName,
    component_count: summary.componentCount,
    voxel_count: summary.voxelCount,
    volume_ml: roundTo(summary.volumeMl, DECIMALS.ml),
    volume_partial_ml: roundTo(summary.volumePartialMl, DECIMALS.ml),
    ...pointColumns('centroid', summary.centroidLps),
    ...intensityColumns(summary.intensity, intensityUnit(ctx)),
  };
}

/** Column names in report order (they depend on the modality only through the intensity unit). */
export function reportColumns(ctx: ReportContext): string[] {
  const probe: LesionStats = {
    id: 0, label: 0, labelName: '', voxelCount: 0, volumeMl: 0, centroidLps: [0, 0, 0], anchorIjk: [0, 0, 0],
    bboxIjk: { min: [0, 0, 0], max: [0, 0, 0] }, surfaceAreaMm2: 0, sphericity: 0, recist: null,
    feretMm: 0, feretEndpointsLps: [[0, 0, 0], [0, 0, 0]], equivalentDiameterMm: 0, meanDiameterMm: 0,
  };
  return Object.keys(lesionRow(probe, ctx));
}

/** Label rows first (organ-level numbers), then lesion rows, all with the same columns. */
export function reportRows(analysis: LabelMapAnalysis, ctx: ReportContext): ReportRow[] {
  return [...analysis.labels.map((s) => labelRow(s, ctx)), ...analysis.lesions.map((l) => lesionRow(l, ctx))];
}
