import type { LabelMapAnalysis } from '../analysis/types.js';
import { intensityUnit, type ReportContext } from './reportContext.js';
import { reportRows, type ReportRow } from './statsRows.js';

export const STATS_FORMAT = 'lobus.stats';
export const STATS_FORMAT_VERSION = 1;

export interface StatsReport {
  format: typeof STATS_FORMAT;
  format_version: number;
  generated_at: string;
  software: string | null;
  source: {
    study_instance_uid: string | null;
    series_instance_uid: string | null;
    patient_id: string | null;
    study_date: string | null;
    modality: string | null;
    image_path: string | null;
    mask_path: string | null;
  };
  model: { model_id: string | null; model_version: string | null; provider: string | null };
  conventions: Record<string, string>;
  /** Whole-label rows (e.g. the entire liver), then per-lesion rows: the same columns as the CSV. */
  labels: ReportRow[];
  lesions: ReportRow[];
}

const CONTEXT_COLUMNS = ['study_instance_uid', 'series_instance_uid', 'patient_id', 'study_date', 'model_id', 'model_version', 'provider'];

/** The report as an object (what `lobus stats` prints and `segment --stats` writes, serialised). */
export function statsReport(analysis: LabelMapAnalysis, ctx: ReportContext): StatsReport {
  const strip = (row: ReportRow): ReportRow => Object.fromEntries(Object.entries(row).filter(([k]) => !CONTEXT_COLUMNS.includes(k)));
  const rows = reportRows(analysis, ctx);
  return {
    format: STATS_FORMAT,
    format_version: STATS_FORMAT_VERSION,
    generated_at: ctx.generatedAt ?? new Date().toISOString(),
    software: ctx.software ?? null,
    source: {
      study_instance_uid: ctx.studyInstanceUid ?? null,
      series_instance_uid: ctx.seriesInstanceUid ?? null,
      patient_id: ctx.patientId ?? null,
      study_date: ctx.studyDate ?? null,
      modality: ctx.modality ?? null,
      image_path: ctx.imagePath ?? null,
      mask_path: ctx.maskPath ?? null,
    },
    model: { model_id: ctx.modelId ?? null, model_version: ctx.modelVersion ?? null, provider: ctx.provider ?? null },
    conventions: {
      frame: 'DICOM patient coordinates (LPS), millimetres; *_index columns are 0-based voxel indices (i column, j row, k slice)',
      volume: 'voxel count × voxel volume; volume_partial_ml = Σ model probability over the lesion and its one-voxel rim',
      intensity: `${intensityUnit(ctx) === 'hu' ? 'Hounsfield units' : 'arbitrary image units'} over the voxels of the mask; std is the population standard deviation`,
      recist: 'RECIST 1.1 long axis: longest in-slice diameter over the acquired slices (recist_slice_axis_index 2 = k for axial series); short axis: longest chord perpendicular to it in the same slice',
      diameters: 'RECIST long axis and Feret: largest distance between voxel corners (convex hull of the voxel boxes); RECIST short axis: extent of the voxels crossed by the perpendicular line plus one voxel; all within one voxel of the continuous shape',
      feret: '3-D maximum diameter of the lesion (voxel corners)',
      mean_diameter: 'Lung-RADS mean diameter = (recist_long_mm + recist_short_mm) / 2',
      solid_part: 'CT only: solid_fraction_ratio = share of the voxels above -300 HU; solid_long_mm = RECIST long axis of the largest 26-connected piece of them after an opening by a 2 mm ball, so vessels crossing ground glass and solid parts thinner than 4 mm do not count (the solid component of a part-solid lung nodule; a lesion with no voxel below -300 HU is its own solid part; empty for pure ground glass and for lesions over 50 mL)',
      sphericity: 'π^(1/3)·(6V)^(2/3) / A with A from marching tetrahedra on the lightly smoothed mask',
    },
    labels: rows.filter((r) => r.row_kind === 'label').map(strip),
    lesions: rows.filter((r) => r.row_kind === 'lesion').map(strip),
  };
}

/** Pretty-printed JSON of `statsReport`; every measured key carries its unit (volume_ml, recist_long_mm…). */
export function statsToJson(analysis: LabelMapAnalysis, ctx: ReportContext): string {
  return JSON.stringify(statsReport(analysis, ctx), null, 2) + '\n';
}
