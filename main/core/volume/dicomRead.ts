import path from 'node:path';
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import type { Modality, PixelArray, PixelType, Volume } from './types.js';
import type { DicomSeries } from './dicomSeries.js';
import { checkVoxelBytes, VolumeReadError } from './errors.js';
import { fromItkImage, type ItkVolumeParts } from './itkImage.js';
import { canDecodeNatively, decodeUncompressedSeries } from './dicomPixels.js';
import { valueRange } from './pixels.js';

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

/** int32 voxels that fit int16 (CT HU after rescale) are stored as int16: half the memory for the app. */
function narrowIfPossible(data: PixelArray, pixelType: PixelType): { data: PixelArray; pixelType: PixelType } {
  if (pixelType !== 'int32') return { data, pixelType };
  const [lo, hi] = valueRange(data);
  if (lo < -32768 || hi > 32767) return { data, pixelType };
  return { data: Int16Array.from(data as Int32Array), pixelType: 'int16' };
}

/**
 * Decodes one grouped, position-sorted series: uncompressed slices ourselves, straight into the volume;
 * compressed ones with GDCM inside itk-wasm. The grid always comes from our own header parsing.
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
  else {
    const itk = await decodeWithItk(series, label);
    parts = itk;
    if (first.frames > 1) geometry = { dims: itk.dims, spacing: itk.spacing, origin: itk.origin, direction: itk.direction };
    else {
      if (itk.dims.some((d, i) => d !== stack.dims[i])) {
        throw new VolumeReadError('inconsistent-geometry', `${label} decoded to ${itk.dims.join('×')} voxels, but its headers describe ${stack.dims.join('×')}.`);
      }
      const drift = Math.hypot(...itk.origin.map((o, i) => o - stack.origin[i]!));
      if (drift > 1e-2) warnings.push(`GDCM placed the first slice ${drift.toFixed(2)} mm from its ImagePositionPatient; the header position was used.`);
    }
  }
  const narrowed = narrowIfPossible(parts.data, parts.pixelType);
  return {
    ...geometry,
    data: narrowed.data,
    pixelType: narrowed.pixelType,
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

/** Compressed or unusual series: GDCM in itk-wasm decodes them, in our stacking order. */
async function decodeWithItk(series: DicomSeries, label: string): Promise<ItkVolumeParts> {
  const { stack, summary } = series;
  const files = stack.slices.map((s) => s.file);
  const multiFrame = stack.slices[0]!.frames > 1;
  let image;
  try {
    image = (await readImageDicomFileSeriesNode({ inputImages: files, singleSortedSeries: !multiFrame })).outputImage;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (summary.compressed) {
      throw new VolumeReadError('unsupported-compression', `${label} could not be decompressed (${summary.transferSyntax}).`, detail);
    }
    throw new VolumeReadError('read-failed', `${label} could not be read; a file may be damaged.`, detail);
  }
  return fromItkImage(image, label);
}

export function folderLabel(folder: string): string {
  return path.basename(folder);
}
