import { open } from 'node:fs/promises';

/** Top-level DICOM attributes as strings (numbers for US/SS/UL/SL), keyed "ggggeeee" (upper-case hex). */
export type DicomTags = Map<string, string | number>;

export interface DicomHeader {
  transferSyntax: string;
  mediaStorageSopClass: string;
  tags: DicomTags;
  /** Byte offset and length of (7FE0,0010); length -1 when encapsulated (compressed). */
  pixelData?: { offset: number; length: number };
  /** Size of the whole file, and whether its last bytes close an encapsulated pixel sequence. */
  fileSize?: number;
  endsWithSequenceDelimiter?: boolean;
}

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
} as const;

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const PIXEL_DATA = '7FE00010';

/** Thrown when the bytes run out mid-element: the caller reads more of the file or reports truncation. */
class OutOfBytes extends Error {}

export class NotDicomError extends Error {}
export class TruncatedDicomError extends Error {}

class Cursor {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    public littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.byteLength) throw new OutOfBytes();
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }
  ascii(n: number): string {
    this.need(n);
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + n)).toString('latin1');
    this.pos += n;
    return s;
  }
}

function tagKey(group: number, element: number): string {
  return (group.toString(16).padStart(4, '0') + element.toString(16).padStart(4, '0')).toUpperCase();
}

interface ElementHead {
  group: number;
  element: number;
  vr: string | undefined;
  length: number;
}

function readElementHead(c: Cursor, explicit: boolean): ElementHead {
  const group = c.u16();
  const element = c.u16();
  // Item and delimiter tags never carry a VR, even in explicit syntaxes.
  if (group === 0xfffe) return { group, element, vr: undefined, length: c.u32() };
  if (!explicit) return { group, element, vr: undefined, length: c.u32() };
  const vr = c.ascii(2);
  if (!/^[A-Z]{2}$/.test(vr)) throw new NotDicomError(`invalid VR at byte ${c.pos - 2}`);
  if (LONG_VRS.has(vr)) {
    c.pos += 2;
    return { group, element, vr, length: c.u32() };
  }
  return { group, element, vr, length: c.u16() };
}

/** Skips a sequence of undefined length (items of defined or undefined length, nested to any depth). */
function skipUndefinedSequence(c: Cursor, explicit: boolean): void {
  for (;;) {
    const h = readElementHead(c, explicit);
    if (h.group === 0xfffe && h.element === 0xe0dd) return;
    if (h.group !== 0xfffe || h.element !== 0xe000) throw new NotDicomError('malformed sequence');
    if (h.length !== UNDEFINED) {
      c.need(h.length);
      c.pos += h.length;
      continue;
    }
    for (;;) {
      const e = readElementHead(c, explicit);
      if (e.group === 0xfffe && e.element === 0xe00d) break;
      skipValue(c, e, explicit);
    }
  }
}

function skipValue(c: Cursor, h: ElementHead, explicit: boolean): void {
  if (h.length === UNDEFINED) {
    skipUndefinedSequence(c, explicit);
    return;
  }
  c.need(h.length);
  c.pos += h.length;
}

const NUMERIC_VRS: Record<string, (v: DataView, o: number, le: boolean) => number> = {
  US: (v, o, le) => v.getUint16(o, le),
  SS: (v, o, le) => v.getInt16(o, le),
  UL: (v, o, le) => v.getUint32(o, le),
  SL: (v, o, le) => v.getInt32(o, le),
};

/** Attributes whose VR must be known to decode them in implicit-VR files. */
const IMPLICIT_NUMERIC: Record<string, string> = {
  '00280002': 'US',
  '00280010': 'US',
  '00280011': 'US',
  '00280100': 'US',
  '00280101': 'US',
  '00280102': 'US',
  '00280103': 'US',
};

function parseDataset(c: Cursor, explicit: boolean, tags: DicomTags, stopAtGroupEnd?: number): DicomHeader['pixelData'] {
  while (c.pos < c.bytes.byteLength) {
    const start = c.pos;
    if (stopAtGroupEnd !== undefined) {
      c.need(2);
      if (c.view.getUint16(c.pos, true) !== stopAtGroupEnd) return undefined;
    }
    const h = readElementHead(c, explicit);
    const key = tagKey(h.group, h.element);
    if (key === PIXEL_DATA) return { offset: c.pos, length: h.length === UNDEFINED ? -1 : h.length };
    if (h.length === UNDEFINED) {
      skipUndefinedSequence(c, explicit);
      continue;
    }
    c.need(h.length);
    const vr = h.vr ?? IMPLICIT_NUMERIC[key];
    if (vr === 'SQ' || h.group === 0xfffe) {
      c.pos += h.length;
      continue;
    }
    const num = vr ? NUMERIC_VRS[vr] : undefined;
    if (num && h.length >= 2) tags.set(key, num(c.view, c.pos, c.littleEndian));
    else if (h.length <= 1024 && (h.group & 1) === 0) {
      tags.set(key, Buffer.from(c.bytes.subarray(c.pos, c.pos + h.length)).toString('latin1').replace(/[\0 ]+$/, '').trim());
    }
    c.pos += h.length;
    if (c.pos <= start) throw new NotDicomError('no progress');
  }
  return undefined;
}

/** Parses the header of one DICOM file held in `bytes` (complete up to the pixel data). */
export function parseDicomHeader(bytes: Uint8Array): DicomHeader {
  const hasPreamble = bytes.byteLength >= 132 && Buffer.from(bytes.subarray(128, 132)).toString('latin1') === 'DICM';
  const tags: DicomTags = new Map();
  let transferSyntax: string = TS.implicitLE;
  let mediaStorageSopClass = '';
  let pos = 0;
  if (hasPreamble) {
    const meta = new Cursor(bytes, 132, true);
    parseDataset(meta, true, tags, 0x0002);
    transferSyntax = String(tags.get('00020010') ?? TS.explicitLE);
    mediaStorageSopClass = String(tags.get('00020002') ?? '');
    pos = meta.pos;
  } else {
    // Files without the Part 10 preamble: accept only if they start like an implicit-VR dataset.
    if (bytes.byteLength < 8) throw new NotDicomError('too short');
    const group = bytes[0]! | (bytes[1]! << 8);
    if (group !== 0x0008 && group !== 0x0002) throw new NotDicomError('no DICM preamble');
  }
  const explicit = transferSyntax !== TS.implicitLE;
  const le = transferSyntax !== TS.explicitBE;
  if (transferSyntax === TS.deflatedLE) return { transferSyntax, mediaStorageSopClass, tags };
  const c = new Cursor(bytes, pos, le);
  const pixelData = parseDataset(c, explicit, tags);
  return { transferSyntax, mediaStorageSopClass, tags, ...(pixelData ? { pixelData } : {}) };
}

const FIRST_READ = 32 * 1024;

/** Whether (FFFE,E0DD) appears in the last 64 bytes: a cut compressed file loses it. */
async function endsWithDelimiter(fh: Awaited<ReturnType<typeof open>>, size: number): Promise<boolean> {
  const n = Math.min(64, size);
  const tail = Buffer.alloc(n);
  await fh.read(tail, 0, n, size - n);
  return tail.includes(Buffer.from([0xfe, 0xff, 0xdd, 0xe0]));
}

/** Reads just enough of a file to parse its header (the first 32 kB, or all of it when the header is longer). */
export async function readDicomHeader(file: string): Promise<DicomHeader> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    let want = Math.min(size, FIRST_READ);
    for (;;) {
      const buf = new Uint8Array(want);
      const { bytesRead } = await fh.read(buf, 0, want, 0);
      try {
        const header = parseDicomHeader(buf.subarray(0, bytesRead));
        // The read may have ended exactly between two elements: only the whole file proves "no pixel data".
        if (!header.pixelData && bytesRead < size) throw new OutOfBytes();
        return { ...header, fileSize: size, endsWithSequenceDelimiter: await endsWithDelimiter(fh, size) };
      } catch (e) {
        if (!(e instanceof OutOfBytes)) throw e;
        if (want >= size) throw new TruncatedDicomError('file ends inside a DICOM element');
        want = size;
      }
    }
  } finally {
    await fh.close();
  }
}

export function tagString(tags: DicomTags, key: string): string | undefined {
  const v = tags.get(key);
  return v === undefined || v === '' ? undefined : String(v);
}

export function tagNumbers(tags: DicomTags, key: string): number[] | undefined {
  const v = tags.get(key);
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'number') return [v];
  const nums = v.split('\\').map((s) => Number.parseFloat(s));
  return nums.every(Number.isFinite) ? nums : undefined;
}
