import { open } from 'node:fs/promises';
import path from 'node:path';
import type { PixelArray, PixelType } from './types.js';
import type { DicomSlice } from './dicomClassify.js';
import { TS } from './dicomHeader.js';
import { VolumeReadError } from './errors.js';
import { allocatePixels } from './pixels.js';

/**
 * Whether we decode this series ourselves: uncompressed, one sample, 8/16-bit, one frame per file, with
 * the stored bits at the bottom of each word. Everything else goes to GDCM in itk-wasm.
 */
export function canDecodeNatively(slices: DicomSlice[]): boolean {
  return slices.every(
    (s) =>
      (s.transferSyntax === TS.implicitLE || s.transferSyntax === TS.explicitLE || s.transferSyntax === TS.explicitBE) &&
      s.samplesPerPixel === 1 &&
      s.frames === 1 &&
      (s.bitsAllocated === 8 || s.bitsAllocated === 16) &&
      s.bitsStored > 0 &&
      s.bitsStored <= s.bitsAllocated &&
      s.highBit === s.bitsStored - 1 &&
      s.pixelData !== undefined &&
      s.pixelData.length > 0,
  );
}

/** Reads one slice's stored values (masked to BitsStored, sign-extended when signed) into `out`. */
function decodeStored(bytes: Uint8Array, s: DicomSlice, out: Int32Array): void {
  const n = s.rows * s.columns;
  const signed = s.pixelRepresentation === 1;
  const shift = 32 - s.bitsStored;
  if (s.bitsAllocated === 8) {
    for (let i = 0; i < n; i++) out[i] = signed ? (bytes[i]! << shift) >> shift : (bytes[i]! << shift) >>> shift;
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = s.transferSyntax !== TS.explicitBE;
  for (let i = 0; i < n; i++) {
    const w = view.getUint16(2 * i, le);
    out[i] = signed ? (w << shift) >> shift : (w << shift) >>> shift;
  }
}

/**
 * Decodes uncompressed slices straight into the output volume in stacking order, applying each slice's
 * rescale slope/intercept. Integer results are stored as int16 and widened to int32 only if a value needs
 * it; non-integer rescales give float32. Memory: the volume plus one slice.
 */
export async function decodeUncompressedSeries(slices: DicomSlice[]): Promise<{ data: PixelArray; pixelType: PixelType }> {
  const first = slices[0]!;
  const perSlice = first.rows * first.columns;
  const total = perSlice * slices.length;
  const integer = slices.every((s) => Number.isInteger(s.rescaleSlope) && Number.isInteger(s.rescaleIntercept));
  let pixelType: PixelType = integer ? 'int16' : 'float32';
  let data: PixelArray = allocatePixels(integer ? 'int16' : 'float32', total, true);
  const bytesPerSlice = (perSlice * first.bitsAllocated) / 8;
  const raw = new Uint8Array(bytesPerSlice);
  const stored = new Int32Array(perSlice);
  for (let k = 0; k < slices.length; k++) {
    const s = slices[k]!;
    const fh = await open(s.file, 'r');
    try {
      const { bytesRead } = await fh.read(raw, 0, bytesPerSlice, s.pixelData!.offset);
      if (bytesRead < bytesPerSlice) throw new VolumeReadError('truncated', `${path.basename(s.file)} is truncated: its pixel data ends early.`);
    } finally {
      await fh.close();
    }
    decodeStored(raw, s, stored);
    const base = k * perSlice;
    const { rescaleSlope: m, rescaleIntercept: b } = s;
    if (pixelType === 'int16') {
      let overflow = false;
      for (let i = 0; i < perSlice; i++) {
        const v = stored[i]! * m + b;
        if (v < -32768 || v > 32767) {
          overflow = true;
          break;
        }
        data[base + i] = v;
      }
      if (overflow) {
        const wide = new Int32Array(total);
        wide.set(data.subarray(0, base));
        data = wide;
        pixelType = 'int32';
      }
    }
    if (pixelType !== 'int16') for (let i = 0; i < perSlice; i++) data[base + i] = stored[i]! * m + b;
  }
  return { data, pixelType };
}
