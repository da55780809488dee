import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { LabelInfo, LabelMap } from '../volume/types.js';
import { voxelCount } from '../volume/types.js';
import { isOrthonormal } from '../volume/geometry.js';
import { encodeNifti1Header } from './niftiEncode.js';
import { assertWriteAllowed, fileStem, writeFileAtomic, WriteRefusedError, type WritePolicy } from './writePolicy.js';

export interface WriteLabelMapOptions {
  /** The image the mask belongs to: never overwritten, and named in the label table. */
  sourcePath?: string;
  /** Where writing is allowed (from the user's dialog choices). Required: core never picks destinations. */
  policy: WritePolicy;
  /** Also write one binary (0/1) NIfTI per label. */
  perLabelFiles?: boolean;
}

export interface WrittenFiles {
  mask: string;
  labelTable: string;
  perLabel: { value: number; name: string; path: string }[];
}

const CHUNK = 1 << 20;

function niftiStream(header: Uint8Array, voxels: Uint8Array, gzip: boolean): Readable {
  function* chunks(): Generator<Uint8Array> {
    yield header;
    for (let o = 0; o < voxels.byteLength; o += CHUNK) yield voxels.subarray(o, Math.min(o + CHUNK, voxels.byteLength));
  }
  const raw = Readable.from(chunks(), { objectMode: false });
  return gzip ? raw.pipe(createGzip({ level: 6 })) : raw;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'label';
}

function checkLabelMap(m: LabelMap): void {
  if (m.data.length !== voxelCount(m.dims)) {
    throw new Error(`Label map has ${m.data.length} voxels but its grid is ${m.dims.join('×')}.`);
  }
  if (!isOrthonormal(m.direction)) throw new Error('Label map direction is not orthonormal; refusing to write a misleading affine.');
  if (m.spacing.some((s) => !(s > 0))) throw new Error('Label map spacing must be positive.');
}

/**
 * Writes a uint8 label map as NIfTI-1 (gzipped when the name ends in .gz) on the source grid, with qform
 * and sform both set, plus `<stem>.labels.json` (value, name, colour) and optionally one binary file per
 * label. Every file is written atomically and only where `policy` allows.
 */
export async function writeLabelMapNifti(labelMap: LabelMap, outPath: string, opts: WriteLabelMapOptions): Promise<WrittenFiles> {
  checkLabelMap(labelMap);
  if (!/\.nii(\.gz)?$/i.test(outPath)) throw new WriteRefusedError(`The mask file name must end in .nii.gz or .nii (got ${path.basename(outPath)}).`);
  const policy: WritePolicy = { ...opts.policy, protectedPaths: [...(opts.policy.protectedPaths ?? []), ...(opts.sourcePath ? [opts.sourcePath] : [])] };
  const gzip = /\.gz$/i.test(outPath);
  const dir = path.dirname(outPath);
  const stem = fileStem(outPath);
  const ext = gzip ? '.nii.gz' : '.nii';
  const labelTablePath = path.join(dir, `${stem}.labels.json`);
  const perLabel = (opts.perLabelFiles ? labelMap.labels.filter((l) => l.value !== 0) : []).map((l) => ({
    value: l.value,
    name: l.name,
    path: path.join(dir, `${stem}_label-${l.value}_${safeName(l.name)}${ext}`),
  }));
  // Check every destination before writing anything, so a refusal leaves no partial set of files.
  const mask = await assertWriteAllowed(outPath, policy);
  const table = await assertWriteAllowed(labelTablePath, policy);
  for (const p of perLabel) p.path = await assertWriteAllowed(p.path, policy);

  const maxLabel = labelMap.labels.reduce((m, l) => Math.max(m, l.value), 0);
  await writeFileAtomic(mask, niftiStream(encodeNifti1Header(labelMap, { calMax: maxLabel }), labelMap.data, gzip));
  await writeFileAtomic(table, Readable.from([Buffer.from(labelTableJson(labelMap.labels, opts.sourcePath, path.basename(mask)))]));
  for (const p of perLabel) {
    const binary = new Uint8Array(labelMap.data.length);
    for (let i = 0; i < binary.length; i++) binary[i] = labelMap.data[i] === p.value ? 1 : 0;
    await writeFileAtomic(p.path, niftiStream(encodeNifti1Header(labelMap, { calMax: 1, description: `Lobus ${p.name}`.slice(0, 79) }), binary, gzip));
  }
  return { mask, labelTable: table, perLabel };
}

export function labelTableJson(labels: LabelInfo[], sourcePath: string | undefined, maskFile: string): string {
  return `${JSON.stringify(
    {
      mask: maskFile,
      ...(sourcePath ? { source: path.basename(sourcePath) } : {}),
      labels: labels.map((l) => ({ value: l.value, name: l.name, color: l.color })),
    },
    null,
    2,
  )}\n`;
}
