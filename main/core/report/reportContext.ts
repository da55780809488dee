import type { Modality, Volume } from '../volume/types.js';

/** Who and what a statistics report is about: written into every CSV row and the JSON header. */
export interface ReportContext {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  patientId?: string;
  /** DICOM StudyDate (YYYYMMDD) or ISO date, as read. */
  studyDate?: string;
  /** Decides the intensity unit: HU for CT, arbitrary units otherwise. */
  modality?: Modality;
  imagePath?: string;
  maskPath?: string;
  /** The model that made the mask; absent for a mask read from disk or drawn by hand. */
  modelId?: string;
  modelVersion?: string;
  /** Execution provider the model ran on ('cpu' | 'cuda'), or 'none' for masks not from a model. */
  provider?: string;
  /** ISO timestamp; the caller passes one so reports are reproducible in tests. */
  generatedAt?: string;
  software?: string;
}

/** The identifying parts of a context taken from the image the statistics were measured on. */
export function reportContextFromVolume(image: Volume, extra: Partial<ReportContext> = {}): ReportContext {
  const m = image.meta;
  const ctx: ReportContext = { modality: m.modality };
  if (m.studyInstanceUid) ctx.studyInstanceUid = m.studyInstanceUid;
  if (m.seriesInstanceUid) ctx.seriesInstanceUid = m.seriesInstanceUid;
  if (m.patientId) ctx.patientId = m.patientId;
  if (m.studyDate) ctx.studyDate = m.studyDate;
  if (m.sourcePath) ctx.imagePath = m.sourcePath;
  return { ...ctx, ...extra };
}

export function intensityUnit(ctx: ReportContext): 'hu' | 'au' {
  return ctx.modality === 'CT' ? 'hu' : 'au';
}
