import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { PixelArray, PixelType, Vec3 } from './types.js';
import { checkVoxelBytes, DEFAULT_MAX_BYTES, VolumeReadError } from './errors.js';
import { bytesPerPixel, niftiDims, niftiGeometry, niftiPixelType, parseNiftiHeader, type NiftiGeometry, type NiftiHeader } from './niftiHeader.js';
import { allocatePixels, applyRescale } from './pixels.js';

const CHUNK = 1 << 20;

export interface NiftiFileInfo {
  header: NiftiHeader;
  gzipped: boolean;
  dims: Vec3;
  /** Pixel type as stored (before scl_slope/scl_inter). */
  storedType: PixelType;
  geometry: NiftiGeometry;
}

async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

function zlibError(e: unknown, label: string): VolumeReadError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/unexpected end/i.test(msg)) return new VolumeReadError('truncated', `${label} is truncated (the compressed data ends early).`, msg);
  return new VolumeReadError('not-an-image', `${label} is damaged: its gzip data cannot be decompressed.`, msg);
}

/**
 * Streams the (optionally gzipped) file from `skip` bytes on into `target`; resolves with the bytes written.
 * Only as much as `target` holds is decompressed, so reading a header costs a few kilobytes.
 */
async function streamInto(file: string, gzipped: boolean, skip: number, target: Uint8Array, label: string): Promise<number> {
  if (!gzipped) {
    const fh = await open(file, 'r');
    try {
      let done = 0;
      while (done < target.byteLength) {
        const { bytesRead } = await fh.read(target, done, Math.min(target.byteLength - done, 64 * CHUNK), skip + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done;
    } finally {
      await fh.close();
    }
  }
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  raw.on('error', (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  let seen = 0;
  let done = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let c = chunk;
      if (seen < skip) {
        const drop = Math.min(skip - seen, c.byteLength);
        seen += drop;
        c = c.subarray(drop);
      }
      const n = Math.min(c.byteLength, target.byteLength - done);
      target.set(c.subarray(0, n), done);
      done += n;
      if (done >= target.byteLength) break;
    }
  } catch (e) {
    throw zlibError(e, label);
  } finally {
    raw.unpipe(gunzip);
    raw.destroy();
    gunzip.destroy();
  }
  return done;
}

/** Reads and checks only the header (a few kB even for a gzipped file), so sizes are known before allocating. */
export async function readNiftiInfo(file: string): Promise<NiftiFileInfo> {
  const label = path.basename(file);
  const gzipped = await isGzip(file);
  const head = new Uint8Array(540);
  const got = await streamInto(file, gzipped, 0, head, label);
  const header = parseNiftiHeader(head.subarray(0, got), label);
  const storedType = niftiPixelType(header.datatype);
  if (!storedType) {
    throw new VolumeReadError('unsupported-format', `${label} uses NIfTI datatype ${header.datatype} (e.g. RGB or complex), which cannot be opened.`);
  }
  if (header.bitpix !== 8 * bytesPerPixel(storedType)) {
    throw new VolumeReadError('not-an-image', `${label} has an inconsistent NIfTI header (datatype ${header.datatype} with bitpix ${header.bitpix}).`);
  }
  const dims = niftiDims(header, label);
  if (!gzipped) {
    const size = (await stat(file)).size;
    const need = Math.max(header.voxOffset, header.version === 1 ? 348 : 540) + dims[0] * dims[1] * dims[2] * bytesPerPixel(storedType);
    if (Number.isFinite(need) && size < need && need < 2 ** 53) {
      throw new VolumeReadError('truncated', `${label} is truncated: it holds ${size} bytes but its header needs ${need}.`);
    }
  }
  return { header, gzipped, dims, storedType, geometry: niftiGeometry(header) };
}

export interface NiftiVolumeData extends NiftiFileInfo {
  data: PixelArray;
  pixelType: PixelType;
}

/** Reads a whole NIfTI volume with one allocation of the voxel bytes (plus one more only if scaling widens the type). */
export async function readNiftiVolume(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<NiftiVolumeData> {
  const label = path.basename(file);
  const info = await readNiftiInfo(file);
  const bpp = bytesPerPixel(info.storedType);
  checkVoxelBytes(info.dims, bpp, maxBytes, label);
  const count = info.dims[0] * info.dims[1] * info.dims[2];
  const stored = allocatePixels(info.storedType, count, true);
  const bytes = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
  const skip = Math.max(info.header.voxOffset, info.header.version === 1 ? 352 : 544);
  const got = await streamInto(file, info.gzipped, Math.floor(skip), bytes, label);
  if (got < bytes.byteLength) {
    throw new VolumeReadError('truncated', `${label} is truncated: ${got} of ${bytes.byteLength} voxel bytes are present.`);
  }
  if (!info.header.littleEndian && bpp > 1) swapBytes(bytes, bpp);
  const { sclSlope, sclInter } = info.header;
  const scaled = sclSlope !== 0 && Number.isFinite(sclSlope) && (sclSlope !== 1 || sclInter !== 0) ? applyRescale(stored, info.storedType, sclSlope, sclInter) : { data: stored, pixelType: info.storedType };
  return { ...info, data: scaled.data, pixelType: scaled.pixelType };
}

function swapBytes(b: Uint8Array, width: number): void {
  for (let i = 0; i < b.length; i += width) {
    for (let a = 0, z = width - 1; a < z; a++, z--) {
      const t = b[i + a]!;
      b[i + a] = b[i + z]!;
      b[i + z] = t;
    }
  }
}
