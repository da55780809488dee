import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import type { PixelArray, PixelType, Vec3 } from './types.js';
import type { DicomSeries } from './dicomSeries.js';
import { VolumeReadError } from './errors.js';
import { fromItkImage, type ItkVolumeParts } from './itkImage.js';
import { allocatePixels } from './pixels.js';

/** Voxels GDCM decodes per call: bounds its wasm heap (about 4–6× the chunk) whatever the series length. */
const CHUNK_VOXELS = 32 * 1024 * 1024;

/** Decodes files (already in stacking order) with GDCM; errors become typed, human ones. */
export async function decodeWithItk(files: string[], series: DicomSeries, label: string, sorted = true): Promise<ItkVolumeParts> {
  let image;
  try {
    image = (await readImageDicomFileSeriesNode({ inputImages: files, singleSortedSeries: sorted })).outputImage;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (series.summary.compressed) {
      throw new VolumeReadError('unsupported-compression', `${label} could not be decompressed (${series.summary.transferSyntax}).`, detail);
    }
    throw new VolumeReadError('read-failed', `${label} could not be read; a file may be damaged.`, detail);
  }
  return fromItkImage(image, label);
}

function fitsInt16(a: PixelArray): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! < -32768 || a[i]! > 32767) return false;
  return true;
}

/**
 * Decodes a single-frame series with GDCM a chunk of slices at a time, copying each chunk into one output
 * volume, so memory stays at the volume plus one chunk. Wide integer chunks (int32 from rescaling) are
 * stored as int16 while the values fit, as for uncompressed series.
 */
export async function decodeWithItkInChunks(series: DicomSeries, label: string, chunkVoxels = CHUNK_VOXELS): Promise<{ data: PixelArray; pixelType: PixelType; origin: Vec3 }> {
  const slices = series.stack.slices;
  const perSlice = slices[0]!.rows * slices[0]!.columns;
  const step = Math.max(1, Math.floor(chunkVoxels / perSlice));
  let out: PixelArray | undefined;
  let outType: PixelType = 'int16';
  let origin: Vec3 = [0, 0, 0];
  for (let k0 = 0; k0 < slices.length; k0 += step) {
    const files = slices.slice(k0, k0 + step).map((s) => s.file);
    const part = await decodeWithItk(files, series, label);
    if (part.dims[0] !== slices[0]!.columns || part.dims[1] !== slices[0]!.rows || part.dims[2] !== files.length) {
      throw new VolumeReadError('inconsistent-geometry', `${label} decoded to ${part.dims.join('×')} voxels where its headers describe ${slices[0]!.columns}×${slices[0]!.rows}×${files.length}.`);
    }
    if (k0 === 0) origin = part.origin;
    const wide = part.pixelType === 'int32' || part.pixelType === 'uint16' || part.pixelType === 'uint32';
    if (!out) {
      outType = wide && fitsInt16(part.data) ? 'int16' : part.pixelType;
      out = allocatePixels(outType, perSlice * slices.length);
    } else if (outType === 'int16' && part.pixelType !== 'int16' && !fitsInt16(part.data)) {
      const widened = allocatePixels(part.pixelType, out.length);
      widened.set(out.subarray(0, k0 * perSlice));
      out = widened;
      outType = part.pixelType;
    }
    out.set(part.data, k0 * perSlice);
  }
  return { data: out!, pixelType: outType, origin };
}
