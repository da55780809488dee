import path from 'node:path';
import type { Modality, PixelArray, PixelType, Volume } from './types.js';
import type { DicomSeries } from './dicomSeries.js';
import { checkVoxelBytes, VolumeReadError } from './errors.js';
import { decodeWithItk, decodeWithItkInChunks } from './dicomItkDecode.js';
import { canDecodeNatively, decodeUncompressedSeries } from './dicomPixels.js';

export function toModality(m: string): Modality {
  const u = m.toUpperCase();
  return u === 'CT' || u === 'MR' || u === 'PT' ? u : 'OT';
}

/** Bytes per voxel the decoded series may need (rescaled values can need int32 or float32). */
function decodedBytesPerVoxel(series: DicomSeries): number {
  const s = series.stack.slices[0]!;
  const stored = Math.max(1, Math.ceil(s.bitsAllocated / 8));
  const rescaled = s.rescaleSlope !== 1 || s.rescaleIntercept !== 0;
  return rescaled ? Math.max(4, stored) : stored;
}

/**
 * Decodes one grouped, position-sorted series: uncompressed slices ourselves, straight into the volume;
 * compressed ones with GDCM inside itk-wasm, a chunk of slices at a time. The grid of a single-frame series
 * always comes from our own header parsing.
 */
export async function readDicomSeriesVolume(series: DicomSeries, folder: string, maxBytes: number): Promise<Volume> {
  const { stack, summary } = series;
  const first = stack.slices[0]!;
  const label = `DICOM series "${summary.seriesDescription || summary.id}"`;
  checkVoxelBytes(summary.dims, decodedBytesPerVoxel(series), maxBytes, label);
  const warnings = [...summary.warnings];
  let geometry = { dims: stack.dims, spacing: stack.spacing, origin: stack.origin, direction: stack.direction };
  let parts: { data: PixelArray; pixelType: PixelType };
  if (canDecodeNatively(stack.slices)) parts = await decodeUncompressedSeries(stack.slices);
  else if (first.frames > 1) {
    const itk = await decodeWithItk(stack.slices.map((s) => s.file), series, label, false);
    parts = itk;
    geometry = { dims: itk.dims, spacing: itk.spacing, origin: itk.origin, direction: itk.direction };
  } else {
    const chunked = await decodeWithItkInChunks(series, label);
    parts = chunked;
    const drift = Math.hypot(...chunked.origin.map((o, i) => o - stack.origin[i]!));
    if (drift > 1e-2) warnings.push(`GDCM placed the first slice ${drift.toFixed(2)} mm from its ImagePositionPatient; the header position was used.`);
  }
  return {
    ...geometry,
    data: parts.data,
    pixelType: parts.pixelType,
    meta: {
      modality: toModality(first.modality),
      sourceKind: 'dicom',
      sourcePath: folder,
      ...(first.patientName ? { patientName: first.patientName } : {}),
      ...(first.patientId ? { patientId: first.patientId } : {}),
      ...(first.studyDescription ? { studyDescription: first.studyDescription } : {}),
      ...(first.seriesDescription ? { seriesDescription: first.seriesDescription } : {}),
      ...(first.studyInstanceUid ? { studyInstanceUid: first.studyInstanceUid } : {}),
      ...(first.seriesInstanceUid ? { seriesInstanceUid: first.seriesInstanceUid } : {}),
      ...(first.studyDate ? { studyDate: first.studyDate } : {}),
      windowPresets: first.windows,
      warnings,
    },
  };
}

export function folderLabel(folder: string): string {
  return path.basename(folder);
}
