import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import type { Modality, Volume, VolumeMeta, WindowPreset } from './types.js';
import { checkVoxelBytes, DEFAULT_MAX_BYTES, VolumeReadError } from './errors.js';
import { readNiftiVolume } from './niftiRead.js';
import { sniffNifti } from './niftiHeader.js';
import { NotDicomError, readDicomHeader, TruncatedDicomError } from './dicomHeader.js';
import { chooseSeries, scanDicomFolder } from './dicomSeries.js';
import { readDicomSeriesVolume } from './dicomRead.js';
import { fromItkImage } from './itkImage.js';
import { bytesPerPixel } from './niftiHeader.js';
import { valueRange } from './pixels.js';

export interface OpenSourceOptions {
  /** Series to open from a DICOM folder: a SeriesSummary id or Series Instance UID. */
  seriesUid?: string;
  /** Refuse volumes whose voxels need more bytes than this (checked from headers, before allocating). */
  maxBytes?: number;
}

export type SourceFormat = 'nifti' | 'dicom' | 'nrrd' | 'metaimage';

const ITK_EXTENSIONS: Record<string, SourceFormat> = { '.nrrd': 'nrrd', '.nhdr': 'nrrd', '.mha': 'metaimage', '.mhd': 'metaimage' };

async function headBytes(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const b = new Uint8Array(n);
    const { bytesRead } = await fh.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decides what a path holds from its content (and, for NRRD/MetaImage, its extension). */
export async function detectFormat(p: string): Promise<SourceFormat> {
  const st = await stat(p).catch(() => undefined);
  if (!st) throw new VolumeReadError('not-found', `${p} does not exist.`);
  if (st.isDirectory()) return 'dicom';
  if (st.size === 0) throw new VolumeReadError('not-an-image', `${path.basename(p)} is an empty file.`);
  const head = await headBytes(p, 132);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'nifti';
  if (sniffNifti(head)) return 'nifti';
  const lower = p.toLowerCase();
  const ext = Object.keys(ITK_EXTENSIONS).find((e) => lower.endsWith(e));
  if (ext) return ITK_EXTENSIONS[ext]!;
  return 'dicom';
}

/** Modality is not stored in NIfTI/NRRD: air at about −1000 means CT; anything else is treated as MR. */
function guessModality(min: number): { modality: Modality; warning: string } {
  const modality: Modality = min <= -500 ? 'CT' : 'MR';
  return { modality, warning: `The file does not say its modality; ${modality} was assumed from its intensities.` };
}

function headerWindow(calMin: number, calMax: number): WindowPreset[] {
  return Number.isFinite(calMin) && Number.isFinite(calMax) && calMax > calMin ? [{ name: 'Header', center: (calMin + calMax) / 2, width: calMax - calMin }] : [];
}

async function openNifti(file: string, maxBytes: number): Promise<Volume> {
  const nii = await readNiftiVolume(file, maxBytes);
  const [min] = valueRange(nii.data);
  const guess = guessModality(min);
  const meta: VolumeMeta = {
    modality: guess.modality,
    sourceKind: 'nifti',
    sourcePath: file,
    ...(nii.header.descrip ? { seriesDescription: nii.header.descrip } : {}),
    windowPresets: headerWindow(nii.header.calMin, nii.header.calMax),
    warnings: [...nii.geometry.warnings, guess.warning],
  };
  const { spacing, origin, direction } = nii.geometry;
  return { dims: nii.dims, spacing, origin, direction, data: nii.data, pixelType: nii.pixelType, meta };
}

async function openWithItk(file: string, format: SourceFormat, maxBytes: number): Promise<Volume> {
  const label = path.basename(file);
  let info;
  try {
    info = await readImageNode(file, { informationOnly: true });
  } catch (e) {
    throw new VolumeReadError('not-an-image', `${label} could not be read as ${format.toUpperCase()}.`, e instanceof Error ? e.message : String(e));
  }
  const bpp = bytesPerPixel(fromComponentType(info.imageType.componentType)) * info.imageType.components;
  checkVoxelBytes(Array.from(info.size), bpp, maxBytes, label);
  let image;
  try {
    image = await readImageNode(file);
  } catch (e) {
    throw new VolumeReadError('truncated', `${label} could not be read completely; it may be truncated or damaged.`, e instanceof Error ? e.message : String(e));
  }
  const parts = fromItkImage(image, label);
  const [min] = valueRange(parts.data);
  const guess = guessModality(min);
  return { ...parts, meta: { modality: guess.modality, sourceKind: format === 'nrrd' ? 'nrrd' : 'metaimage', sourcePath: file, windowPresets: [], warnings: [guess.warning] } };
}

function fromComponentType(t: string): Parameters<typeof bytesPerPixel>[0] {
  const known = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'] as const;
  const hit = known.find((k) => k === t);
  return hit ?? 'float64';
}

/** The DICOM folder to scan for a path, and the file that must belong to the chosen series (if a file was given). */
async function dicomTarget(p: string): Promise<{ folder: string; file?: string }> {
  const st = await stat(p);
  if (st.isDirectory()) return { folder: p };
  try {
    await readDicomHeader(p);
  } catch (e) {
    if (e instanceof NotDicomError) throw new VolumeReadError('not-an-image', `${path.basename(p)} is not a medical image (not DICOM, NIfTI, NRRD or MetaImage).`);
    if (e instanceof TruncatedDicomError) throw new VolumeReadError('truncated', `${path.basename(p)} is a truncated DICOM file.`);
    throw e;
  }
  return { folder: path.dirname(p), file: p };
}

async function openDicom(p: string, opts: OpenSourceOptions, maxBytes: number): Promise<Volume> {
  const target = await dicomTarget(p);
  const scan = await scanDicomFolder(target.folder);
  let seriesUid = opts.seriesUid;
  if (target.file && seriesUid === undefined) {
    const owner = scan.series.find((s) => s.stack.slices.some((sl) => sl.file === target.file));
    if (!owner) throw new VolumeReadError('not-an-image', `${path.basename(target.file)} is a DICOM file without an image (e.g. a report or segmentation).`);
    seriesUid = owner.summary.id;
  }
  const series = chooseSeries(scan, target.folder, seriesUid);
  return readDicomSeriesVolume(series, target.folder, maxBytes);
}

/**
 * Opens a NIfTI (.nii/.nii.gz), NRRD, MetaImage file, a DICOM file or a DICOM folder as one LPS `Volume`.
 * Sizes are checked from headers before any voxel buffer is allocated. Errors are `VolumeReadError`s.
 */
export async function openSource(p: string, opts: OpenSourceOptions = {}): Promise<Volume> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const format = await detectFormat(p);
  switch (format) {
    case 'nifti':
      return openNifti(p, maxBytes);
    case 'nrrd':
    case 'metaimage':
      return openWithItk(p, format, maxBytes);
    case 'dicom':
      return openDicom(p, opts, maxBytes);
  }
}
