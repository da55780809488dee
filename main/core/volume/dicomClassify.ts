import path from 'node:path';
import type { Vec3, WindowPreset } from './types.js';
import { tagNumbers, tagString, TS, type DicomHeader } from './dicomHeader.js';

/** One image file of a DICOM series, with the attributes grouping, sorting and reading need. */
export interface DicomSlice {
  file: string;
  sopClassUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  modality: string;
  seriesDescription: string;
  studyDescription: string;
  seriesNumber: number | undefined;
  instanceNumber: number | undefined;
  patientName: string;
  patientId: string;
  studyDate: string;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  /** (row spacing, column spacing) as PixelSpacing stores them. */
  pixelSpacing: [number, number] | undefined;
  sliceThickness: number | undefined;
  position: Vec3 | undefined;
  orientation: [number, number, number, number, number, number] | undefined;
  rescaleSlope: number;
  rescaleIntercept: number;
  gantryTilt: number;
  windows: WindowPreset[];
  transferSyntax: string;
  pixelData: DicomHeader['pixelData'];
  /** Set when the file is shorter than its pixel data needs. */
  truncated: boolean;
  /** Echo number and temporal position: parts of one series that repeat the same positions. */
  repeatKey: string;
}

/** SOP classes and modalities that carry no image volume (reports, segmentations, presentation states…). */
const NON_IMAGE_SOP_PREFIXES = [
  '1.2.840.10008.5.1.4.1.1.88.', // structured reports, key objects
  '1.2.840.10008.5.1.4.1.1.66', // segmentation, registration, fiducials
  '1.2.840.10008.5.1.4.1.1.11.', // presentation states
  '1.2.840.10008.5.1.4.1.1.481.', // radiotherapy objects
  '1.2.840.10008.5.1.4.1.1.104.', // encapsulated documents
  '1.2.840.10008.5.1.4.1.1.9.', // waveforms
  '1.2.840.10008.1.3.10', // media storage directory
];
const NON_IMAGE_MODALITIES = new Set(['SR', 'SEG', 'PR', 'KO', 'RTSTRUCT', 'RTPLAN', 'RTDOSE', 'RTRECORD', 'REG', 'DOC', 'FID', 'ECG', 'AU']);

export const UNCOMPRESSED_SYNTAXES: ReadonlySet<string> = new Set([TS.implicitLE, TS.explicitLE, TS.explicitBE]);

/** Compressed transfer syntaxes GDCM (inside itk-wasm) decodes: JPEG family, JPEG-LS, JPEG 2000, RLE. */
const DECODABLE_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5',
]);

export function isDecodableSyntax(ts: string): boolean {
  return UNCOMPRESSED_SYNTAXES.has(ts) || DECODABLE_SYNTAXES.has(ts);
}

export function describeSyntax(ts: string): string {
  const names: Record<string, string> = {
    '1.2.840.10008.1.2.1.99': 'Deflate',
    '1.2.840.10008.1.2.4.100': 'MPEG-2 video',
    '1.2.840.10008.1.2.4.102': 'MPEG-4 video',
    '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000',
    '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000',
    '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
    '1.2.840.10008.1.2.4.94': 'JPIP',
  };
  return names[ts] ?? `transfer syntax ${ts}`;
}

export type Classified = { kind: 'image'; slice: DicomSlice } | { kind: 'non-image'; reason: string };

function windowsOf(h: DicomHeader): WindowPreset[] {
  const centers = tagNumbers(h.tags, '00281050') ?? [];
  const widths = tagNumbers(h.tags, '00281051') ?? [];
  const names = (tagString(h.tags, '00281055') ?? '').split('\\');
  return centers.flatMap((center, i) => {
    const width = widths[i];
    return width !== undefined && width > 0 ? [{ name: names[i]?.trim() || `Header ${i + 1}`, center, width }] : [];
  });
}

export function classifyDicom(file: string, h: DicomHeader): Classified {
  if (h.transferSyntax === TS.deflatedLE) return { kind: 'non-image', reason: `unsupported compression: ${describeSyntax(h.transferSyntax)}` };
  const t = h.tags;
  const sopClassUid = tagString(t, '00080016') ?? h.mediaStorageSopClass;
  const modality = (tagString(t, '00080060') ?? '').toUpperCase();
  if (NON_IMAGE_SOP_PREFIXES.some((p) => sopClassUid.startsWith(p))) return { kind: 'non-image', reason: `SOP class ${sopClassUid}` };
  if (NON_IMAGE_MODALITIES.has(modality)) return { kind: 'non-image', reason: `modality ${modality}` };
  const rows = Number(t.get('00280010') ?? 0);
  const columns = Number(t.get('00280011') ?? 0);
  if (!h.pixelData || rows === 0 || columns === 0) return { kind: 'non-image', reason: 'no pixel data' };
  const ipp = tagNumbers(t, '00200032');
  const iop = tagNumbers(t, '00200037');
  const ps = tagNumbers(t, '00280030') ?? tagNumbers(t, '00181164');
  const slope = tagNumbers(t, '00281053')?.[0];
  const slice: DicomSlice = {
    file,
    sopClassUid,
    seriesInstanceUid: tagString(t, '0020000E') ?? '',
    studyInstanceUid: tagString(t, '0020000D') ?? '',
    frameOfReferenceUid: tagString(t, '00200052') ?? '',
    modality: modality || 'OT',
    seriesDescription: tagString(t, '0008103E') ?? '',
    studyDescription: tagString(t, '00081030') ?? '',
    seriesNumber: tagNumbers(t, '00200011')?.[0],
    instanceNumber: tagNumbers(t, '00200013')?.[0],
    patientName: (tagString(t, '00100010') ?? '').replace(/\^+/g, ' ').trim(),
    patientId: tagString(t, '00100020') ?? '',
    studyDate: tagString(t, '00080020') ?? '',
    rows,
    columns,
    frames: Math.max(1, tagNumbers(t, '00280008')?.[0] ?? 1),
    samplesPerPixel: Number(t.get('00280002') ?? 1),
    bitsAllocated: Number(t.get('00280100') ?? 16),
    bitsStored: Number(t.get('00280101') ?? t.get('00280100') ?? 16),
    highBit: Number(t.get('00280102') ?? Number(t.get('00280101') ?? t.get('00280100') ?? 16) - 1),
    pixelRepresentation: Number(t.get('00280103') ?? 0),
    pixelSpacing: ps && ps.length >= 2 ? [ps[0]!, ps[1]!] : undefined,
    sliceThickness: tagNumbers(t, '00180050')?.[0],
    position: ipp && ipp.length === 3 ? (ipp as Vec3) : undefined,
    orientation: iop && iop.length === 6 ? (iop as DicomSlice['orientation']) : undefined,
    rescaleSlope: slope !== undefined && slope !== 0 ? slope : 1,
    rescaleIntercept: tagNumbers(t, '00281052')?.[0] ?? 0,
    gantryTilt: tagNumbers(t, '00181120')?.[0] ?? 0,
    windows: windowsOf(h),
    transferSyntax: h.transferSyntax,
    pixelData: h.pixelData,
    truncated: false,
    repeatKey: `${tagString(t, '00180086') ?? ''}|${tagString(t, '00200100') ?? ''}`,
  };
  slice.truncated = isTruncated(slice, h);
  return { kind: 'image', slice };
}

function isTruncated(s: DicomSlice, h: DicomHeader): boolean {
  const pd = h.pixelData;
  if (!pd || h.fileSize === undefined) return false;
  if (pd.length < 0) return h.endsWithSequenceDelimiter === false;
  const needed = Math.ceil((s.rows * s.columns * s.samplesPerPixel * s.frames * s.bitsAllocated) / 8);
  return pd.offset + pd.length > h.fileSize || pd.length < needed;
}

export function shortName(file: string): string {
  return path.basename(file);
}
