// Re-encodes a parsed NIfTI header as NIfTI-1 or NIfTI-2, little- or big-endian, to test the reader on
// variants the real cases do not include. Only the fields the reader uses are written.
import type { NiftiHeader } from '../../../main/core/volume/niftiHeader.js';

export function encodeHeaderVariant(h: NiftiHeader, version: 1 | 2, littleEndian: boolean, overrides: Partial<NiftiHeader> = {}): Buffer {
  const x = { ...h, ...overrides };
  const le = littleEndian;
  if (version === 1) {
    const b = Buffer.alloc(352);
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    v.setInt32(0, 348, le);
    x.dim.forEach((d, i) => v.setInt16(40 + 2 * i, d, le));
    v.setInt16(70, x.datatype, le);
    v.setInt16(72, x.bitpix, le);
    x.pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, le));
    v.setFloat32(108, 352, le);
    v.setFloat32(112, x.sclSlope, le);
    v.setFloat32(116, x.sclInter, le);
    v.setInt16(252, x.qformCode, le);
    v.setInt16(254, x.sformCode, le);
    [...x.quatern, ...x.qoffset].forEach((q, i) => v.setFloat32(256 + 4 * i, q, le));
    x.srow.forEach((row, r) => row.forEach((c, j) => v.setFloat32(280 + 16 * r + 4 * j, c, le)));
    b.write('n+1\0', 344, 'latin1');
    return b;
  }
  const b = Buffer.alloc(544);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  v.setInt32(0, 540, le);
  b.write('n+2\0\r\n\x1a\n', 4, 'latin1');
  v.setInt16(12, x.datatype, le);
  v.setInt16(14, x.bitpix, le);
  x.dim.forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), le));
  x.pixdim.forEach((p, i) => v.setFloat64(104 + 8 * i, p, le));
  v.setBigInt64(168, 544n, le);
  v.setFloat64(176, x.sclSlope, le);
  v.setFloat64(184, x.sclInter, le);
  v.setInt32(344, x.qformCode, le);
  v.setInt32(348, x.sformCode, le);
  [...x.quatern, ...x.qoffset].forEach((q, i) => v.setFloat64(352 + 8 * i, q, le));
  x.srow.forEach((row, r) => row.forEach((c, j) => v.setFloat64(400 + 32 * r + 8 * j, c, le)));
  return b;
}

/** Voxel bytes with each `width`-byte word reversed (little ↔ big endian). */
export function swapWords(bytes: Uint8Array, width: number): Buffer {
  const out = Buffer.from(bytes);
  if (width > 1) for (let i = 0; i < out.length; i += width) out.subarray(i, i + width).reverse();
  return out;
}
