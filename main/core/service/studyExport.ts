import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { analyzeLabelMap } from '../analysis/index.js';
import type { BinaryPayload, ExportedFile, LabelMapHeader, MaskDownloadHeader } from '../api/contract.js';
import { assertWriteAllowed, writeFileAtomic, writeLabelMapNifti, type WritePolicy } from '../export/index.js';
import { reportContextFromVolume, statsToCsv, statsToJson } from '../report/index.js';
import type { LabelMap, Volume } from '../volume/types.js';
import { APP_VERSION } from './version.js';

export interface ExportableStudy {
  volume: Volume;
  mask: { labelMap: LabelMap; provenance: LabelMapHeader['provenance']; editProvenance?: string } | null;
}

function requireMask(study: ExportableStudy): NonNullable<ExportableStudy['mask']> {
  if (!study.mask || !study.mask.labelMap.data.some((v) => v !== 0)) throw new Error('There is no mask to export yet: run a model or paint one first.');
  return study.mask;
}

/** A file-name stem from the study's description, safe on every platform. */
export function exportStem(volume: Volume): string {
  const base = volume.meta.seriesDescription || volume.meta.studyDescription || path.basename(volume.meta.sourcePath ?? 'study');
  const cleaned = base.replace(/\.(nii\.gz|nii|nrrd|mha|mhd|dcm)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '');
  return `${cleaned.slice(0, 60) || 'study'}_mask`;
}

/** Which models (and providers) made the mask and what was edited by hand: the sidecar a report can cite. */
export function provenanceDocument(study: ExportableStudy): Record<string, unknown> {
  const mask = requireMask(study);
  let edits: unknown = null;
  if (mask.editProvenance) {
    try {
      edits = JSON.parse(mask.editProvenance) as unknown;
    } catch {
      edits = { unreadable: true };
    }
  }
  return {
    format: 'lobus.provenance',
    format_version: 1,
    software: `Lobus ${APP_VERSION}`,
    generated_at: new Date().toISOString(),
    source: { path: study.volume.meta.sourcePath ?? null, series_instance_uid: study.volume.meta.seriesInstanceUid ?? null },
    models: mask.provenance,
    edits,
  };
}

export async function writeMaskFiles(study: ExportableStudy, outPath: string, perLabelFiles: boolean): Promise<ExportedFile[]> {
  const mask = requireMask(study);
  const sourcePath = study.volume.meta.sourcePath;
  const policy: WritePolicy = { allowedPaths: [outPath], ...(sourcePath ? { protectedPaths: [sourcePath] } : {}) };
  const written = await writeLabelMapNifti(mask.labelMap, outPath, { ...(sourcePath ? { sourcePath } : {}), policy, perLabelFiles });
  const provenancePath = written.mask.replace(/\.nii(\.gz)?$/i, '') + '.provenance.json';
  await writeFileAtomic(provenancePath, Readable.from([JSON.stringify(provenanceDocument(study), null, 2)]));
  return [written.mask, written.labelTable, provenancePath, ...written.perLabel.map((p) => p.path)].map((p) => ({ fileName: path.basename(p), path: p }));
}

/** The browser build has no save dialog: the mask goes back as bytes for a download. */
export async function maskDownload(study: ExportableStudy): Promise<BinaryPayload<MaskDownloadHeader>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lobus-export-'));
  try {
    const fileName = `${exportStem(study.volume)}.nii.gz`;
    const files = await writeMaskFiles(study, path.join(dir, fileName), false);
    const [maskFile, labelFile, provenanceFile] = files.map((f) => f.path!);
    const bytes = await readFile(maskFile!);
    return {
      header: { fileName, labelTableJson: await readFile(labelFile!, 'utf8'), provenanceJson: await readFile(provenanceFile!, 'utf8') },
      data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A user's name for one lesion, found by its label and anchor voxel (as the renderer's lesion table keys it). */
export interface LesionNameEntry {
  label: number;
  anchorIjk: [number, number, number];
  name: string;
}

export function statsDocument(
  study: ExportableStudy,
  format: 'csv' | 'json',
  lesionNames: readonly LesionNameEntry[] = [],
): { fileName: string; mimeType: string; content: string } {
  const mask = requireMask(study);
  const last = mask.provenance.at(-1);
  const analysis = analyzeLabelMap(mask.labelMap, study.volume);
  for (const lesion of analysis.lesions) {
    const named = lesionNames.find((n) => n.label === lesion.label && n.anchorIjk.every((c, a) => c === lesion.anchorIjk[a]));
    if (named) lesion.name = named.name;
  }
  const context = reportContextFromVolume(study.volume, {
    ...(last ? { modelId: mask.provenance.map((p) => p.modelId).join('+'), provider: last.provider } : { provider: 'none' }),
    generatedAt: new Date().toISOString(),
    software: `Lobus ${APP_VERSION}`,
  });
  const stem = exportStem(study.volume).replace(/_mask$/, '_stats');
  return format === 'csv'
    ? { fileName: `${stem}.csv`, mimeType: 'text/csv', content: statsToCsv(analysis, context) }
    : { fileName: `${stem}.json`, mimeType: 'application/json', content: statsToJson(analysis, context) };
}

export async function writeStatsFile(
  study: ExportableStudy,
  format: 'csv' | 'json',
  outPath: string,
  lesionNames: readonly LesionNameEntry[] = [],
): Promise<ExportedFile> {
  const doc = statsDocument(study, format, lesionNames);
  const sourcePath = study.volume.meta.sourcePath;
  await assertWriteAllowed(outPath, { allowedPaths: [outPath], ...(sourcePath ? { protectedPaths: [sourcePath] } : {}) });
  await writeFileAtomic(outPath, Readable.from([doc.content]));
  return { fileName: path.basename(outPath), path: outPath };
}
