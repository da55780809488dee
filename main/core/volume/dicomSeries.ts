import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Vec3, Mat3 } from './types.js';
import { NotDicomError, readDicomHeader, TruncatedDicomError } from './dicomHeader.js';
import { classifyDicom, describeSyntax, isDecodableSyntax, UNCOMPRESSED_SYNTAXES, type DicomSlice } from './dicomClassify.js';
import { geometryKey, stackSlices, type SliceStack } from './dicomStack.js';
import { VolumeReadError } from './errors.js';

/** What the user picks from when a folder holds several series. */
export interface SeriesSummary {
  /** Unique within the folder: the Series Instance UID, suffixed "#n" when one UID holds several grids. */
  id: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  modality: string;
  seriesDescription: string;
  studyDescription: string;
  seriesNumber: number | undefined;
  sliceCount: number;
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Mat3;
  transferSyntax: string;
  compressed: boolean;
  /** Why the series cannot be opened, if it cannot (e.g. unsupported compression). */
  unreadableReason?: string;
  gantryTiltDeg: number;
  warnings: string[];
}

export interface DicomSeries {
  summary: SeriesSummary;
  stack: SliceStack;
}

export interface DicomScan {
  series: DicomSeries[];
  skipped: { file: string; reason: string }[];
  filesSeen: number;
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new VolumeReadError('not-found', `The folder ${dir} cannot be read.`, String(e));
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (e.isFile() && e.name.toUpperCase() !== 'DICOMDIR') out.push(full);
  }
}

/** Reads headers with a little parallelism: enough to hide disk latency, not enough to flood memory. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Walks a folder, keeps image DICOM files, and groups them by Series Instance UID, then by grid. */
export async function scanDicomFolder(folder: string): Promise<DicomScan> {
  const files: string[] = [];
  await walk(folder, files);
  const skipped: DicomScan['skipped'] = [];
  const slices: DicomSlice[] = [];
  const results = await mapLimited(files, 8, async (file) => {
    try {
      return classifyDicom(file, await readDicomHeader(file));
    } catch (e) {
      if (e instanceof NotDicomError) return { kind: 'non-image' as const, reason: 'not a DICOM file' };
      if (e instanceof TruncatedDicomError) return { kind: 'non-image' as const, reason: 'truncated DICOM file' };
      throw e;
    }
  });
  results.forEach((r, i) => {
    if (r.kind === 'image') slices.push(r.slice);
    else skipped.push({ file: files[i]!, reason: r.reason });
  });

  const byUid = new Map<string, Map<string, DicomSlice[]>>();
  for (const s of slices) {
    const uidKey = s.seriesInstanceUid || `(no series UID)|${s.studyInstanceUid}|${s.frameOfReferenceUid}|${s.seriesNumber ?? ''}`;
    const parts = byUid.get(uidKey) ?? new Map<string, DicomSlice[]>();
    byUid.set(uidKey, parts);
    const g = geometryKey(s);
    parts.set(g, [...(parts.get(g) ?? []), s]);
  }

  const series: DicomSeries[] = [];
  for (const [uidKey, parts] of byUid) {
    let n = 0;
    for (const group of parts.values()) {
      n++;
      const first = group[0]!;
      const baseId = first.seriesInstanceUid || `series-${series.length + 1}`;
      const id = parts.size > 1 ? `${baseId}#${n}` : baseId;
      let stack: SliceStack;
      let unreadableReason: string | undefined;
      try {
        stack = stackSlices(group);
      } catch (e) {
        if (!(e instanceof VolumeReadError)) throw e;
        unreadableReason = e.message;
        stack = { slices: group, dims: [first.columns, first.rows, group.length], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], gantryTiltDeg: 0, unevenGaps: [], warnings: [] };
      }
      const syntaxes = new Set(group.map((s) => s.transferSyntax));
      const undecodable = [...syntaxes].find((t) => !isDecodableSyntax(t));
      if (undecodable) unreadableReason = `its compression (${describeSyntax(undecodable)}) is not supported`;
      if (first.frames > 1 && group.length > 1) unreadableReason ??= 'it mixes several multi-frame files';
      const cut = group.filter((s) => s.truncated);
      if (cut.length) unreadableReason = `${cut.length} of its files ${cut.length === 1 ? 'is' : 'are'} truncated (${cut.slice(0, 3).map((s) => path.basename(s.file)).join(', ')})`;
      const warnings = [...stack.warnings];
      if (parts.size > 1) warnings.push(`Series ${uidKey} holds ${parts.size} differently shaped or oriented parts; this is part ${n}.`);
      series.push({
        stack,
        summary: {
          id,
          seriesInstanceUid: first.seriesInstanceUid,
          studyInstanceUid: first.studyInstanceUid,
          modality: first.modality,
          seriesDescription: first.seriesDescription,
          studyDescription: first.studyDescription,
          seriesNumber: first.seriesNumber,
          sliceCount: group.length * first.frames,
          dims: first.frames > 1 ? [first.columns, first.rows, first.frames] : stack.dims,
          spacing: stack.spacing,
          origin: stack.origin,
          direction: stack.direction,
          transferSyntax: [...syntaxes].join(', '),
          compressed: [...syntaxes].some((t) => !UNCOMPRESSED_SYNTAXES.has(t)),
          ...(unreadableReason ? { unreadableReason } : {}),
          gantryTiltDeg: stack.gantryTiltDeg,
          warnings,
        },
      });
    }
  }
  series.sort((a, b) => (a.summary.seriesNumber ?? 0) - (b.summary.seriesNumber ?? 0) || b.summary.sliceCount - a.summary.sliceCount);
  return { series, skipped, filesSeen: files.length };
}

/** Lists the image series in a folder (nothing is decoded). */
export async function listDicomSeries(folder: string): Promise<SeriesSummary[]> {
  const st = await stat(folder).catch(() => undefined);
  if (!st) throw new VolumeReadError('not-found', `${folder} does not exist.`);
  if (!st.isDirectory()) throw new VolumeReadError('not-an-image', `${folder} is not a folder.`);
  return (await scanDicomFolder(folder)).series.map((s) => s.summary);
}

/** Picks the series to open: the requested one, or the only one; a human error otherwise. */
export function chooseSeries(scan: DicomScan, folder: string, seriesUid?: string): DicomSeries {
  if (scan.series.length === 0) {
    if (scan.filesSeen === 0) throw new VolumeReadError('empty-folder', `The folder ${path.basename(folder)} is empty.`);
    const unsupported = scan.skipped.find((s) => s.reason.startsWith('unsupported compression'));
    if (unsupported) throw new VolumeReadError('unsupported-compression', `The DICOM files use a compression Lobus cannot decode (${unsupported.reason.replace('unsupported compression: ', '')}).`);
    throw new VolumeReadError('not-an-image', `The folder ${path.basename(folder)} holds no DICOM images (${scan.filesSeen} files checked; e.g. ${scan.skipped[0]?.reason ?? 'unknown'}).`);
  }
  let chosen: DicomSeries | undefined;
  if (seriesUid !== undefined) {
    chosen = scan.series.find((s) => s.summary.id === seriesUid) ?? scan.series.find((s) => s.summary.seriesInstanceUid === seriesUid);
    if (!chosen) throw new VolumeReadError('series-not-found', `The folder has no series ${seriesUid}.`);
  } else if (scan.series.length > 1) {
    const list = scan.series.map((s) => `${s.summary.modality} "${s.summary.seriesDescription || 'no description'}" (${s.summary.sliceCount} slices)`).join('; ');
    throw new VolumeReadError('multiple-series', `The folder holds ${scan.series.length} series; choose one: ${list}.`);
  } else chosen = scan.series[0]!;
  if (chosen.summary.unreadableReason) {
    const reason = chosen.summary.unreadableReason;
    const code = /truncated/.test(reason) ? 'truncated' : /compression/.test(reason) ? 'unsupported-compression' : 'inconsistent-geometry';
    throw new VolumeReadError(code, `The series "${chosen.summary.seriesDescription || chosen.summary.id}" cannot be opened: ${reason.replace(/\.$/, '')}.`);
  }
  return chosen;
}
