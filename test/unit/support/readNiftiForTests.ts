import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Geometry, Mat3, Vec3 } from '../../../main/core/volume/types.js';

/**
 * Test-only NIfTI-1 reader (the app reads images through main/core/volume): gunzip, the 348-byte
 * header, voxel data, and the sform (or qform) affine turned into LPS geometry by negating the first
 * two rows of the RAS affine.
 */
export interface NiftiForTests extends Geometry {
  data: Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array | Int8Array | Uint16Array | Uint32Array;
  datatype: number;
}

export function readNiftiForTests(file: string): NiftiForTests {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = view.getInt32(0, true) === 348;
  if (!little && view.getInt32(0, false) !== 348) throw new Error(`${file}: not a NIfTI-1 file`);
  const i16 = (o: number) => view.getInt16(o, little);
  const f32 = (o: number) => view.getFloat32(o, little);

  const dims: Vec3 = [i16(42), i16(44), i16(46)];
  const datatype = i16(70);
  const pixdim = [f32(76), f32(80), f32(84), f32(88)];
  const voxOffset = Math.round(f32(108));
  const qformCode = i16(252);
  const sformCode = i16(254);

  // RAS affine, row-major 3×4.
  let ras: number[];
  if (sformCode > 0) {
    ras = [...[280, 284, 288, 292], ...[296, 300, 304, 308], ...[312, 316, 320, 324]].map(f32);
  } else if (qformCode > 0) {
    const b = f32(256);
    const c = f32(260);
    const d = f32(264);
    const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
    const qfac = pixdim[0]! < 0 ? -1 : 1;
    const r = [
      a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
      2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
      2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
    ];
    const s = [pixdim[1]!, pixdim[2]!, pixdim[3]! * qfac];
    ras = [
      r[0]! * s[0]!, r[1]! * s[1]!, r[2]! * s[2]!, f32(268),
      r[3]! * s[0]!, r[4]! * s[1]!, r[5]! * s[2]!, f32(272),
      r[6]! * s[0]!, r[7]! * s[1]!, r[8]! * s[2]!, f32(276),
    ];
  } else {
    throw new Error(`${file}: neither sform nor qform is set`);
  }
  const lps = ras.map((v, n) => (n < 8 ? -v : v));
  const spacing = [0, 1, 2].map((c) => Math.hypot(lps[c]!, lps[4 + c]!, lps[8 + c]!)) as Vec3;
  const direction = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => lps[4 * r + c]! / spacing[c]!)) as Mat3;
  const origin: Vec3 = [lps[3]!, lps[7]!, lps[11]!];

  const count = dims[0] * dims[1] * dims[2];
  const raw = bytes.subarray(voxOffset);
  const copy = (bytesPer: number) => {
    const out = new ArrayBuffer(count * bytesPer);
    new Uint8Array(out).set(raw.subarray(0, count * bytesPer));
    if (!little && bytesPer > 1) throw new Error(`${file}: big-endian data is not supported by the test reader`);
    return out;
  };
  const typed: Record<number, () => NiftiForTests['data']> = {
    2: () => new Uint8Array(copy(1)),
    256: () => new Int8Array(copy(1)),
    4: () => new Int16Array(copy(2)),
    512: () => new Uint16Array(copy(2)),
    8: () => new Int32Array(copy(4)),
    768: () => new Uint32Array(copy(4)),
    16: () => new Float32Array(copy(4)),
    64: () => new Float64Array(copy(8)),
  };
  const make = typed[datatype];
  if (!make) throw new Error(`${file}: NIfTI datatype ${datatype} is not supported by the test reader`);
  return { dims, spacing, origin, direction, data: make(), datatype };
}
