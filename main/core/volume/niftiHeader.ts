import type { Mat3, PixelType, Vec3 } from './types.js';
import { VolumeReadError } from './errors.js';

/** The fields of a NIfTI-1 or NIfTI-2 header that reading and geometry need. */
export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7] as stored: dim[0] is the number of dimensions in use. */
  dim: number[];
  datatype: number;
  bitpix: number;
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  calMin: number;
  calMax: number;
  descrip: string;
  qformCode: number;
  sformCode: number;
  quatern: Vec3;
  qoffset: Vec3;
  /** srow_x, srow_y, srow_z (RAS), each 4 numbers. */
  srow: [number[], number[], number[]];
}

export const NIFTI1_HEADER_BYTES = 348;
export const NIFTI2_HEADER_BYTES = 540;

const DATATYPE_TO_PIXEL: Record<number, PixelType> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
};

export function niftiPixelType(datatype: number): PixelType | undefined {
  return DATATYPE_TO_PIXEL[datatype];
}

export { bytesPerPixel } from './pixels.js';

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end >= 0 ? bytes.subarray(0, end) : bytes).toString('latin1').trim();
}

/** Which header, and which byte order, the first four bytes announce (or undefined: not NIfTI). */
export function sniffNifti(head: Uint8Array): { version: 1 | 2; littleEndian: boolean } | undefined {
  if (head.byteLength < 4) return undefined;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (const le of [true, false]) {
    const size = v.getInt32(0, le);
    if (size === NIFTI1_HEADER_BYTES) return { version: 1, littleEndian: le };
    if (size === NIFTI2_HEADER_BYTES) return { version: 2, littleEndian: le };
  }
  return undefined;
}

/** Parses a NIfTI header from its first bytes; throws a VolumeReadError for anything that is not one. */
export function parseNiftiHeader(head: Uint8Array, fileLabel: string): NiftiHeader {
  const kind = sniffNifti(head);
  if (!kind) throw new VolumeReadError('not-an-image', `${fileLabel} is not a NIfTI image (no NIfTI header).`);
  const need = kind.version === 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
  if (head.byteLength < need) {
    throw new VolumeReadError('truncated', `${fileLabel} is truncated: its NIfTI header is incomplete.`);
  }
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const le = kind.littleEndian;
  const h = kind.version === 1 ? parseV1(v, head, le) : parseV2(v, head, le);
  const magic = Buffer.from(head.subarray(kind.version === 1 ? 344 : 4, kind.version === 1 ? 347 : 7)).toString('latin1');
  if (!/^n[i+][12]$/.test(magic)) {
    throw new VolumeReadError('not-an-image', `${fileLabel} is not a NIfTI image (bad magic "${magic}"; ANALYZE 7.5 is not supported).`);
  }
  return h;
}

function parseV1(v: DataView, head: Uint8Array, le: boolean): NiftiHeader {
  const dim = Array.from({ length: 8 }, (_, i) => v.getInt16(40 + 2 * i, le));
  const pixdim = Array.from({ length: 8 }, (_, i) => v.getFloat32(76 + 4 * i, le));
  const f = (o: number) => v.getFloat32(o, le);
  return {
    version: 1,
    littleEndian: le,
    dim,
    datatype: v.getInt16(70, le),
    bitpix: v.getInt16(72, le),
    pixdim,
    voxOffset: f(108),
    sclSlope: f(112),
    sclInter: f(116),
    calMax: f(124),
    calMin: f(128),
    descrip: cString(head.subarray(148, 228)),
    qformCode: v.getInt16(252, le),
    sformCode: v.getInt16(254, le),
    quatern: [f(256), f(260), f(264)],
    qoffset: [f(268), f(272), f(276)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f(280 + 16 * r + 4 * c))) as [number[], number[], number[]],
  };
}

function parseV2(v: DataView, head: Uint8Array, le: boolean): NiftiHeader {
  const i64 = (o: number) => Number(v.getBigInt64(o, le));
  const f = (o: number) => v.getFloat64(o, le);
  return {
    version: 2,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, i) => i64(16 + 8 * i)),
    datatype: v.getInt16(12, le),
    bitpix: v.getInt16(14, le),
    pixdim: Array.from({ length: 8 }, (_, i) => f(104 + 8 * i)),
    voxOffset: i64(168),
    sclSlope: f(176),
    sclInter: f(184),
    calMax: f(192),
    calMin: f(200),
    descrip: cString(head.subarray(240, 320)),
    qformCode: v.getInt32(344, le),
    sformCode: v.getInt32(348, le),
    quatern: [f(352), f(360), f(368)],
    qoffset: [f(376), f(384), f(392)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f(400 + 32 * r + 8 * c))) as [number[], number[], number[]],
  };
}

/** Spatial dims (x, y, z) of a header, with absent axes as 1; rejects time series and vector images. */
export function niftiDims(h: NiftiHeader, fileLabel: string): Vec3 {
  const n = h.dim[0] ?? 0;
  if (n < 1 || n > 7) throw new VolumeReadError('not-an-image', `${fileLabel} has an invalid NIfTI header (dim[0] = ${n}).`);
  const d = [1, 2, 3].map((i) => (i <= n ? (h.dim[i] ?? 1) : 1));
  if (d.some((x) => x < 1)) throw new VolumeReadError('not-an-image', `${fileLabel} has an invalid NIfTI header (dims ${d.join('×')}).`);
  for (let i = 4; i <= n; i++) {
    if ((h.dim[i] ?? 1) > 1) {
      throw new VolumeReadError('unsupported-format', `${fileLabel} is a ${n}-D image (e.g. a time series); only 3-D volumes can be opened.`);
    }
  }
  return d as Vec3;
}

export interface NiftiGeometry {
  spacing: Vec3;
  origin: Vec3;
  direction: Mat3;
  /** Which transform was used. */
  from: 'sform' | 'qform' | 'pixdim';
  warnings: string[];
}

/** Row-major RAS rotation of the NIfTI quaternion (b, c, d), as nifti_quatern_to_mat44. */
export function quaternToRotation(b: number, c: number, d: number): Mat3 {
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s;
    c *= s;
    d *= s;
    a = 0;
  } else a = Math.sqrt(a);
  return [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
  ];
}

/** Quaternion (b, c, d) and qfac of an orthonormal row-major RAS rotation, as nifti_mat44_to_quatern. */
export function rotationToQuatern(m: Mat3): { quatern: Vec3; qfac: 1 | -1 } {
  let [r11, r12, r13, r21, r22, r23, r31, r32, r33] = m;
  const det = r11 * (r22 * r33 - r32 * r23) - r12 * (r21 * r33 - r31 * r23) + r13 * (r21 * r32 - r31 * r22);
  const qfac: 1 | -1 = det < 0 ? -1 : 1;
  if (qfac < 0) {
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b, c, d], qfac };
}

/** NIfTI RAS ↔ ITK/DICOM LPS: negate x and y (the same flip both ways). */
export function flipRasLps(direction: Mat3, origin: Vec3): { direction: Mat3; origin: Vec3 } {
  const d = direction.slice() as Mat3;
  for (let c = 0; c < 3; c++) {
    d[c] = -d[c]! + 0; // + 0 turns −0 into 0
    d[3 + c] = -d[3 + c]! + 0;
    d[6 + c] = d[6 + c]! + 0;
  }
  return { direction: d, origin: [-origin[0] + 0, -origin[1] + 0, origin[2] + 0] };
}

function isOrthonormalCols(m: Mat3, tol: number): boolean {
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const dot = m[a]! * m[b]! + m[3 + a]! * m[3 + b]! + m[6 + a]! * m[6 + b]!;
      if (Math.abs(dot - (a === b ? 1 : 0)) > tol) return false;
    }
  }
  return true;
}

/**
 * LPS geometry of a header, as ITK reads it: the sform when its code is set and it is a rotation with
 * scaling, otherwise the qform, otherwise pixdim alone with an identity LPS direction.
 */
export function niftiGeometry(h: NiftiHeader): NiftiGeometry {
  const warnings: string[] = [];
  const pix = [1, 2, 3].map((i) => Math.abs(h.pixdim[i] ?? 1) || 1) as Vec3;
  const fromQform = (): NiftiGeometry => {
    const rot = quaternToRotation(h.quatern[0], h.quatern[1], h.quatern[2]);
    if ((h.pixdim[0] ?? 1) < 0) for (const r of [2, 5, 8]) rot[r] = -rot[r]!;
    const { direction, origin } = flipRasLps(rot, h.qoffset);
    return { spacing: pix, origin, direction, from: 'qform', warnings };
  };
  if (h.sformCode > 0) {
    const norms = [0, 1, 2].map((c) => Math.hypot(h.srow[0][c]!, h.srow[1][c]!, h.srow[2][c]!)) as Vec3;
    const ras = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => h.srow[r]![c]! / (norms[c]! || 1))) as Mat3;
    if (norms.every((s) => s > 0) && isOrthonormalCols(ras, 1e-4)) {
      // Like ITK, spacing comes from pixdim when it agrees with the sform (it does up to float rounding).
      const pixdimAgrees = norms.every((n, c) => Math.abs(n - pix[c]!) <= 1e-5 * n);
      const spacing = pixdimAgrees ? pix : norms;
      const { direction, origin } = flipRasLps(ras, [h.srow[0][3]!, h.srow[1][3]!, h.srow[2][3]!]);
      const sform: NiftiGeometry = { spacing, origin, direction, from: 'sform', warnings };
      // ITK's rule: the sform wins when there is no qform, when it is the scanner transform, or when an
      // "aligned"/template sform agrees with the qform; otherwise the qform is the scanner geometry.
      if (h.qformCode <= 0 || h.sformCode === 1) {
        if (!pixdimAgrees) warnings.push('NIfTI pixdim disagrees with the sform; spacing was taken from the sform.');
        return sform;
      }
      const q = fromQform();
      const close = (a: readonly number[], b: readonly number[], t: number) => a.every((x, i) => Math.abs(x - b[i]!) <= t);
      if (close(q.direction, sform.direction, 1e-4) && close(q.origin, sform.origin, 1e-3) && close(q.spacing, sform.spacing, 1e-4)) return sform;
      warnings.push(`The NIfTI sform (code ${h.sformCode}) and qform disagree; the qform (scanner) geometry was used, as ITK does.`);
      return q;
    }
    warnings.push('The NIfTI sform has shear or is degenerate; it was ignored and the qform used instead.');
  }
  if (h.qformCode > 0) return fromQform();
  warnings.push('The NIfTI header has no orientation (qform and sform codes are 0); orientation is a guess.');
  // As ITK (and so Slicer/ITK-SNAP) reads such files: identity direction in LPS, origin 0.
  return { spacing: pix, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], from: 'pixdim', warnings };
}
