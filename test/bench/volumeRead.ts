// Volume reading: Lobus (`openSource`) against calling itk-wasm directly, same files, same run.
// Time: median of alternating runs in this process. Memory: peak RSS growth of a fresh child process per
// reader (so one reader's heap cannot hide the other's), as a multiple of the voxel bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { readImageNode } from '@itk-wasm/image-io';
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { openSource } from '../../main/core/volume/openSource.js';
import { writeSyntheticSeries, type SyntheticSlice } from '../unit/support/syntheticDicom.js';
import { mkdirSync } from 'node:fs';
import { encodeNifti1Header } from '../../main/core/export/niftiEncode.js';
import { writeFileAtomic } from '../../main/core/export/writePolicy.js';
import { caseFile, HAVE_SHARED_DATA } from '../unit/dataPaths.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** 512×512×300 int16 CT: the chaos_ct_liver slices repeated along z, gzipped like a real .nii.gz. */
export async function makeTiledCt(dir: string): Promise<{ file: string; voxelBytes: number }> {
  const src = await openSource(caseFile('chaos_ct_liver', 'image.nii.gz'));
  const [nx, ny, nz] = src.dims;
  const depth = 300;
  const out = new Int16Array(nx * ny * depth);
  const slice = nx * ny;
  for (let k = 0; k < depth; k++) out.set((src.data as Int16Array).subarray((k % nz) * slice, (k % nz + 1) * slice), k * slice);
  const header = encodeNifti1Header({ ...src, dims: [nx, ny, depth] }, { datatype: 4, bitpix: 16, description: 'bench tiled CT' });
  const file = path.join(dir, 'ct512x512x300.nii.gz');
  await writeFileAtomic(file, Readable.from([header, new Uint8Array(out.buffer)]).pipe(createGzip({ level: 6 })));
  return { file, voxelBytes: out.byteLength };
}

/** 300 uncompressed CT slices (lidc_idri_0002's 48 repeated, 1.25 mm apart), written in scrambled order. */
async function makeTiledDicom(dir: string): Promise<number> {
  mkdirSync(dir);
  const src = await openSource(caseFile('lidc_idri_0002', 'dicom'));
  const [nx, ny, nz] = src.dims;
  const depth = 300;
  const slices: SyntheticSlice[] = [];
  for (let k = 0; k < depth; k++) {
    const hu = (src.data as Int16Array).subarray((k % nz) * nx * ny, (k % nz + 1) * nx * ny);
    const pixels = new Int16Array(hu.length);
    for (let i = 0; i < hu.length; i++) pixels[i] = hu[i]! + 1024;
    slices.push({ seriesUid: '1.2.826.0.1.3680043.2.1125.77', instance: k + 1, position: [src.origin[0], src.origin[1], src.origin[2] + 1.25 * k], pixelSpacing: [src.spacing[1], src.spacing[0]], rows: ny, columns: nx, pixels });
  }
  const order = slices.map((_, k) => (k * 7919) % depth); // a permutation: 7919 is prime to 300
  writeSyntheticSeries(dir, order.map((k) => slices[k]!));
  return nx * ny * depth * 2;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Peak RSS growth (bytes) of a fresh Node process that runs one read after its imports are loaded. */
function childPeak(reader: 'lobus' | 'itk' | 'lobus-dicom' | 'itk-dicom', target: string): number {
  const mod = (p: string) => JSON.stringify(pathToFileURL(path.join(REPO, p)).href);
  const code = `
    const { openSource } = await import(${mod('main/core/volume/openSource.ts')});
    const { readImageNode } = await import('@itk-wasm/image-io');
    const { readImageDicomFileSeriesNode } = await import('@itk-wasm/dicom');
    const target = ${JSON.stringify(target)};
    const { readdirSync } = await import('node:fs');
    const files = ${JSON.stringify(reader)}.endsWith('dicom') ? readdirSync(target).map((f) => target + '/' + f) : [];
    globalThis.gc?.();
    const { readFileSync, writeFileSync } = await import('node:fs');
    // VmHWM is the process's lifetime peak: reset it to the current RSS so that import-time peaks do not count.
    const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
    try { writeFileSync('/proc/self/clear_refs', '5'); } catch {}
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 2);
    let keep;
    switch (${JSON.stringify(reader)}) {
      case 'lobus': keep = await openSource(target); break;
      case 'itk': keep = await readImageNode(target); break;
      case 'lobus-dicom': keep = await openSource(target); break;
      case 'itk-dicom': keep = (await readImageDicomFileSeriesNode({ inputImages: files })).outputImage; break;
    }
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss, hwm());
    console.log(JSON.stringify({ grow: peak - base, len: keep.data.length }));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', code], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 });
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { grow: number }).grow;
}

export async function benchVolumeRead(): Promise<void> {
  if (!HAVE_SHARED_DATA) {
    console.log('volumeRead: shared data not found; skipped');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lobus-bench-read-'));
  try {
    const { file, voxelBytes } = await makeTiledCt(dir);
    const runs = 5;
    const lobus: number[] = [];
    const itk: number[] = [];
    await openSource(file); // warm both paths (wasm compile, page cache)
    await readImageNode(file);
    for (let r = 0; r < runs; r++) {
      if (r % 2 === 0) {
        lobus.push(await timeIt(() => openSource(file)));
        itk.push(await timeIt(() => readImageNode(file)));
      } else {
        itk.push(await timeIt(() => readImageNode(file)));
        lobus.push(await timeIt(() => openSource(file)));
      }
    }
    const lobusPeak = childPeak('lobus', file);
    const itkPeak = childPeak('itk', file);
    const mb = (b: number) => (b / 1024 ** 2).toFixed(0);
    console.log(`NIfTI 512×512×300 int16 (.nii.gz, ${mb(voxelBytes)} MiB of voxels), median of ${runs}:`);
    console.log(`  read time   Lobus ${median(lobus).toFixed(0)} ms | itk-wasm direct ${median(itk).toFixed(0)} ms | overhead ${((median(lobus) / median(itk) - 1) * 100).toFixed(1)} % (target ≤ 10 %)`);
    console.log(`  peak memory Lobus ${mb(lobusPeak)} MiB = ${(lobusPeak / voxelBytes).toFixed(2)}× voxels | itk-wasm direct ${mb(itkPeak)} MiB = ${(itkPeak / voxelBytes).toFixed(2)}× voxels (target ≤ 2.5×)`);

    const dicomDir = path.join(dir, 'dicom');
    const dicomVoxels = await makeTiledDicom(dicomDir);
    const dicomFiles = readdirSync(dicomDir).map((f) => path.join(dicomDir, f));
    const dl: number[] = [];
    const di: number[] = [];
    await openSource(dicomDir);
    await readImageDicomFileSeriesNode({ inputImages: dicomFiles });
    for (let r = 0; r < runs; r++) {
      dl.push(await timeIt(() => openSource(dicomDir)));
      di.push(await timeIt(() => readImageDicomFileSeriesNode({ inputImages: dicomFiles })));
    }
    const dlPeak = childPeak('lobus-dicom', dicomDir);
    const diPeak = childPeak('itk-dicom', dicomDir);
    console.log(`DICOM 512×512×300 (300 uncompressed files, slices of lidc_idri_0002 repeated, written in scrambled order), median of ${runs}:`);
    console.log(`  read time   Lobus ${median(dl).toFixed(0)} ms (scan headers, group, sort, decode) | itk-wasm direct (GDCM sorts) ${median(di).toFixed(0)} ms | overhead ${((median(dl) / median(di) - 1) * 100).toFixed(1)} %`);
    console.log(`  peak memory Lobus ${mb(dlPeak)} MiB = ${(dlPeak / dicomVoxels).toFixed(2)}× int16 voxels | itk-wasm direct ${mb(diPeak)} MiB = ${(diPeak / dicomVoxels).toFixed(2)}×`);

    const j2k = caseFile('ts_ct_dicom_abdomen', 'dicom');
    const j2kFiles = readdirSync(j2k).map((f) => path.join(j2k, f));
    const jl: number[] = [];
    const ji: number[] = [];
    for (let r = 0; r < 3; r++) {
      jl.push(await timeIt(() => openSource(j2k)));
      ji.push(await timeIt(() => readImageDicomFileSeriesNode({ inputImages: j2kFiles })));
    }
    console.log(`DICOM ts_ct_dicom_abdomen (20 × 512², JPEG 2000 lossless), median of 3:`);
    console.log(`  read time   Lobus ${median(jl).toFixed(0)} ms | itk-wasm direct ${median(ji).toFixed(0)} ms | overhead ${((median(jl) / median(ji) - 1) * 100).toFixed(1)} %`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default benchVolumeRead;
