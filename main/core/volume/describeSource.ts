import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Mat3, Modality, PixelType, Vec3, WindowPreset } from './types.js';
import { detectFormat, openSource, type OpenSourceOptions, type SourceFormat } from './openSource.js';
import { listDicomSeries, type SeriesSummary } from './dicomSeries.js';
import { valueRange } from './pixels.js';

/** What `lobus info` prints: the series found and, for the chosen or only one, its grid and values. */
export interface SourceInfo {
  path: string;
  format: SourceFormat;
  /** DICOM: every image series found (empty for single-file formats). */
  series: SeriesSummary[];
  /** Absent when a DICOM folder holds several series and none was chosen. */
  volume?: {
    seriesId?: string;
    dims: Vec3;
    spacing: Vec3;
    origin: Vec3;
    direction: Mat3;
    modality: Modality;
    pixelType: PixelType;
    valueRange: [number, number];
    windowPresets: WindowPreset[];
    warnings: string[];
  };
  /** Why `volume` is absent. */
  note?: string;
}

export async function describeSource(p: string, opts: OpenSourceOptions = {}): Promise<SourceInfo> {
  const format = await detectFormat(p);
  const isFolder = (await stat(p)).isDirectory();
  const series = format === 'dicom' ? await listDicomSeries(isFolder ? p : path.dirname(p)) : [];
  if (isFolder && series.length > 1 && opts.seriesUid === undefined) {
    return { path: p, format, series, note: `${series.length} series found; choose one by id.` };
  }
  const v = await openSource(p, opts);
  const chosen = format === 'dicom' ? (series.find((s) => s.id === opts.seriesUid || s.seriesInstanceUid === opts.seriesUid) ?? (series.length === 1 ? series[0] : undefined)) : undefined;
  return {
    path: p,
    format,
    series,
    volume: {
      ...(chosen ? { seriesId: chosen.id } : {}),
      dims: v.dims,
      spacing: v.spacing,
      origin: v.origin,
      direction: v.direction,
      modality: v.meta.modality,
      pixelType: v.pixelType,
      valueRange: valueRange(v.data),
      windowPresets: v.meta.windowPresets,
      warnings: v.meta.warnings,
    },
  };
}
