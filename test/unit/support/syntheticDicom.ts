// A minimal DICOM writer (explicit VR little endian, uncompressed CT slices) for tests and benchmarks
// that need series real files cannot provide: hundreds of slices, tilt, gaps, mixed orientations.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

type Element = [group: number, element: number, vr: string, value: string | number | Uint8Array];

const LONG = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function encodeValue(vr: string, value: string | number | Uint8Array): Buffer {
  if (value instanceof Uint8Array) {
    const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return b.length % 2 ? Buffer.concat([b, Buffer.alloc(1)]) : b;
  }
  if (vr === 'US') {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(Number(value));
    return b;
  }
  if (vr === 'UL') {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(Number(value));
    return b;
  }
  let s = String(value);
  if (s.length % 2) s += vr === 'UI' || vr === 'OB' ? '\0' : ' ';
  return Buffer.from(s, 'latin1');
}

function encodeElements(elements: Element[]): Buffer {
  const parts: Buffer[] = [];
  for (const [g, e, vr, value] of elements) {
    const v = encodeValue(vr, value);
    const head = Buffer.alloc(LONG.has(vr) ? 12 : 8);
    head.writeUInt16LE(g, 0);
    head.writeUInt16LE(e, 2);
    head.write(vr, 4, 'latin1');
    if (LONG.has(vr)) head.writeUInt32LE(v.length, 8);
    else head.writeUInt16LE(v.length, 6);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

export interface SyntheticSlice {
  seriesUid: string;
  instance: number;
  position: [number, number, number];
  orientation?: [number, number, number, number, number, number];
  pixelSpacing?: [number, number];
  rows: number;
  columns: number;
  /** Stored int16 values (HU + 1024 with the default intercept −1024). */
  pixels: Int16Array;
  modality?: string;
  seriesDescription?: string;
  sopClassUid?: string;
  echoNumber?: number;
  /** Declared transfer syntax (the body is always written explicit VR little endian). */
  transferSyntax?: string;
}

export function encodeSyntheticSlice(s: SyntheticSlice): Buffer {
  const sopInstance = `${s.seriesUid}.${s.instance}`;
  const sopClass = s.sopClassUid ?? '1.2.840.10008.5.1.4.1.1.2';
  const metaBody = encodeElements([
    [0x0002, 0x0001, 'OB', new Uint8Array([0, 1])],
    [0x0002, 0x0002, 'UI', sopClass],
    [0x0002, 0x0003, 'UI', sopInstance],
    [0x0002, 0x0010, 'UI', s.transferSyntax ?? '1.2.840.10008.1.2.1'],
  ]);
  const meta = Buffer.concat([encodeElements([[0x0002, 0x0000, 'UL', metaBody.length]]), metaBody]);
  const fmt = (xs: number[]) => xs.map((x) => Number(x.toFixed(6)).toString()).join('\\');
  const body = encodeElements([
    [0x0008, 0x0016, 'UI', sopClass],
    [0x0008, 0x0018, 'UI', sopInstance],
    [0x0008, 0x0060, 'CS', s.modality ?? 'CT'],
    [0x0008, 0x103e, 'LO', s.seriesDescription ?? 'synthetic'],
    ...(s.echoNumber !== undefined ? ([[0x0018, 0x0086, 'IS', String(s.echoNumber)]] as Element[]) : []),
    [0x0020, 0x000d, 'UI', '1.2.826.0.1.3680043.2.1125.1'],
    [0x0020, 0x000e, 'UI', s.seriesUid],
    [0x0020, 0x0013, 'IS', String(s.instance)],
    [0x0020, 0x0032, 'DS', fmt(s.position)],
    [0x0020, 0x0037, 'DS', fmt(s.orientation ?? [1, 0, 0, 0, 1, 0])],
    [0x0028, 0x0002, 'US', 1],
    [0x0028, 0x0004, 'CS', 'MONOCHROME2'],
    [0x0028, 0x0010, 'US', s.rows],
    [0x0028, 0x0011, 'US', s.columns],
    [0x0028, 0x0030, 'DS', fmt(s.pixelSpacing ?? [0.75, 0.75])],
    [0x0028, 0x0100, 'US', 16],
    [0x0028, 0x0101, 'US', 16],
    [0x0028, 0x0102, 'US', 15],
    [0x0028, 0x0103, 'US', 1],
    [0x0028, 0x1052, 'DS', '-1024'],
    [0x0028, 0x1053, 'DS', '1'],
    [0x7fe0, 0x0010, 'OW', new Uint8Array(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength)],
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), meta, body]);
}

/** Writes slices as `<dir>/<prefix><n>.dcm` in the given order; returns the paths. */
export function writeSyntheticSeries(dir: string, slices: SyntheticSlice[], prefix = 'img'): string[] {
  return slices.map((s, n) => {
    const file = path.join(dir, `${prefix}${String(n).padStart(4, '0')}.dcm`);
    writeFileSync(file, encodeSyntheticSlice(s));
    return file;
  });
}
