/**
 * Minimal NIfTI-1 reader for the inference tests only (the app reads images through main/core/volume).
 * Little-endian, sform (else qform) affine, RAS → LPS by negating x and y.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Mat3, Modality, PixelArray, PixelType, Vec3, Volume } from '../../../main/core/volume/types.js';

const TYPES: Record<number, [PixelType, (b: ArrayBuffer, o: number, n: number) => PixelArray]> = {
  2: ['uint8', (b, o, n) => new Uint8Array(b, o, n)],
  4: ['int16', (b, o, n) => new Int16Array(b, o, n)],
  8: ['int32', (b, o, n) => new Int32Array(b, o, n)],
  16: ['float32', (b, o, n) => new Float32Array(b, o, n)],
  64: ['float64', (b, o, n) => new Float64Array(b, o, n)],
  256: ['int8', (b, o, n) => new Int8Array(b, o, n)],
  512: ['uint16', (b, o, n) => new Uint16Array(b, o, n)],
  768: ['uint32', (b, o, n) => new Uint32Array(b, o, n)],
};

export function readNiftiForTest(file: string, modality: Modality = 'CT'): Volume {
  const raw = readFileSync(file);
  const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getInt32(0, true) !== 348) throw new Error(`${file}: not a little-endian NIfTI-1 file`);
  const dims: Vec3 = [v.getInt16(42, true), v.getInt16(44, true), v.getInt16(46, true)];
  const datatype = v.getInt16(70, true);
  const type = TYPES[datatype];
  if (!type) throw new Error(`${file}: datatype ${datatype} not supported by the test reader`);
  const voxOffset = v.getFloat32(108, true);
  const f = (o: number) => v.getFloat32(o, true);
  let ras: number[][];
  if (v.getInt16(254, true) > 0) {
    ras = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f(280 + 16 * r + 4 * c)));
  } else {
    const [b, c, d] = [f(256), f(260), f(264)];
    const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
    const qfac = f(76) < 0 ? -1 : 1;
    const R = [
      [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
      [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
      [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c],
    ];
    const px = [f(80), f(84), f(88) * qfac];
    ras = [0, 1, 2].map((r) => [R[r]![0]! * px[0]!, R[r]![1]! * px[1]!, R[r]![2]! * px[2]!, f(268 + 4 * r)]);
  }
  const lps = ras.map((row, r) => (r < 2 ? row.map((x) => -x) : row));
  const spacing = [0, 1, 2].map((c) => Math.hypot(lps[0]![c]!, lps[1]![c]!, lps[2]![c]!)) as Vec3;
  const direction = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => lps[r]![c]! / spacing[c]!)) as Mat3;
  const n = dims[0] * dims[1] * dims[2];
  const [pixelType, view] = type;
  const bytesPer = { uint8: 1, int8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 }[pixelType];
  const copy = bytes.buffer.slice(bytes.byteOffset + voxOffset, bytes.byteOffset + voxOffset + n * bytesPer);
  const slope = f(112);
  let data = view(copy, 0, n);
  if (slope !== 0 && (slope !== 1 || f(116) !== 0)) data = Float32Array.from(data, (x) => x * slope + f(116));
  return {
    dims,
    spacing,
    origin: [lps[0]![3]!, lps[1]![3]!, lps[2]![3]!],
    direction,
    data,
    pixelType: data instanceof Float32Array && pixelType !== 'float32' ? 'float32' : pixelType,
    meta: { modality, sourceKind: 'nifti', sourcePath: file, windowPresets: [], warnings: [] },
  };
}
