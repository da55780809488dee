/**
 * Inference engine benchmark: engine overhead over bare ORT runs, patches per second at 2 threads,
 * and peak memory on a 512×512×600 CT. Run: `npx tsx test/bench/inference.ts` (or from the bench index).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { ModelManifest } from '../../main/core/inference/manifest.js';
import { normaliseInPlace } from '../../main/core/inference/normalise.js';
import { loadModelRegistry, modelFilePath } from '../../main/core/inference/registry.js';
import { canonicalGrid, minMax, resampleTrilinear } from '../../main/core/inference/resample.js';
import { runInWorker } from '../../main/core/inference/runInWorker.js';
import { segmentVolume, type SegmentTimings } from '../../main/core/inference/segment.js';
import { extractPatch, planWindows } from '../../main/core/inference/slidingWindow.js';
import type { Volume } from '../../main/core/volume/types.js';
import { caseFile, HAVE_SHARED_DATA, REPO_ROOT } from '../unit/dataPaths.js';
import { readNiftiForTest } from '../unit/support/niftiTestReader.js';

const MODELS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'models');
const THREADS = 2;
const REPEATS = 5;

/** The patches the engine would feed the network, prepared outside any timing. */
function enginePatches(volume: Volume, manifest: ModelManifest): Float32Array[] {
  const grid = canonicalGrid(volume, manifest.spacingMm);
  const image = resampleTrilinear(volume.data, volume, grid, minMax(volume.data)[0]);
  normaliseInPlace(image, manifest.normalisation[volume.meta.modality]!);
  const pad = minMax(image)[0];
  const plan = planWindows(grid.dims, manifest.patchSize, manifest.overlap);
  return plan.boxes.map((box) => {
    const p = new Float32Array(plan.patch[0] * plan.patch[1] * plan.patch[2]);
    extractPatch(image, plan, box, pad, p);
    return p;
  });
}

async function bareRunMs(manifest: ModelManifest, patches: Float32Array[]): Promise<number> {
  const session = await ort.InferenceSession.create(modelFilePath(manifest, MODELS_DIR), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: THREADS,
  });
  const [d, h, w] = manifest.patchSize;
  await session.run({ [manifest.inputs.image]: new ort.Tensor('float32', patches[0]!, [1, 1, d, h, w]) });
  const t0 = performance.now();
  for (const p of patches) await session.run({ [manifest.inputs.image]: new ort.Tensor('float32', p, [1, 1, d, h, w]) });
  const ms = performance.now() - t0;
  await session.release();
  return ms;
}

async function overhead(ct: Volume, manifest: ModelManifest): Promise<void> {
  const patches = enginePatches(ct, manifest);
  const opts = { provider: 'cpu' as const, modelsDir: MODELS_DIR, intraOpNumThreads: THREADS };
  await segmentVolume(ct, manifest, opts); // warm-up: session creation, JIT
  // The bench machine is shared: pair each engine run with a bare run just before it, report medians.
  const bare: number[] = [];
  const engineInference: number[] = [];
  const engineTotal: number[] = [];
  let last: SegmentTimings | undefined;
  for (let r = 0; r < REPEATS; r++) {
    bare.push(await bareRunMs(manifest, patches));
    const res = await segmentVolume(ct, manifest, opts);
    engineInference.push(res.timings.inferenceMs);
    engineTotal.push(res.timings.totalMs);
    last = res.timings;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratio = (xs: number[]) => median(xs.map((x, i) => x / bare[i]!));
  const voxels = ct.data.length;
  const b = median(bare);
  const ns = (ms: number) => ((ms * 1e6) / voxels).toFixed(0);
  console.log(`  model ${manifest.id}, ${patches.length} patches of ${manifest.patchSize.join('×')}, ${THREADS} threads, median of ${REPEATS} paired runs`);
  console.log(`  bare InferenceSession.run loop : ${b.toFixed(0)} ms  (${ns(b)} ns/source voxel, ${((patches.length * 1000) / b).toFixed(1)} patches/s)`);
  console.log(`  engine sliding window + blend  : ${median(engineInference).toFixed(0)} ms  (overhead ${((ratio(engineInference) - 1) * 100).toFixed(1)} %, ${((patches.length * 1000) / median(engineInference)).toFixed(1)} patches/s)`);
  console.log(`  engine end to end              : ${median(engineTotal).toFixed(0)} ms  (${ns(median(engineTotal))} ns/source voxel, overhead ${((ratio(engineTotal) - 1) * 100).toFixed(1)} %)`);
  const t = last!;
  console.log(`  last run: resample ${t.resampleMs.toFixed(0)} ms, normalise ${t.normaliseMs.toFixed(0)}, windows ${t.inferenceMs.toFixed(0)}, post-process ${t.postprocessMs.toFixed(0)}, upsample ${t.upsampleMs.toFixed(0)}`);
}

/** A 512×512×600 int16 CT made from the real chaos_ct_liver slices, mirrored back and forth along z. */
function bigCt(shared: boolean): Volume {
  const src = readNiftiForTest(caseFile('chaos_ct_liver', 'image.nii.gz'));
  const [nx, ny, nz] = src.dims;
  const slice = nx * ny;
  const data = shared ? new Int16Array(new SharedArrayBuffer(slice * 600 * 2)) : new Int16Array(slice * 600);
  for (let k = 0; k < 600; k++) {
    const period = 2 * nz - 2;
    const m = k % period;
    const from = m < nz ? m : period - m;
    data.set((src.data as Int16Array).subarray(from * slice, (from + 1) * slice), k * slice);
  }
  return { ...src, dims: [nx, ny, 600], spacing: [src.spacing[0], src.spacing[1], 1.0], data, pixelType: 'int16' };
}

function procStatusKb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Runs in a child process so earlier allocations do not blur the high-water mark. */
async function memoryChild(modelId: string, out: string, inWorker: boolean, shared: boolean): Promise<void> {
  const manifest = (await loadModelRegistry(MODELS_DIR)).get(modelId);
  const before = procStatusKb('VmRSS');
  const ct = bigCt(shared);
  global.gc?.();
  const withVolume = procStatusKb('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5'); // reset VmHWM to the current RSS
  const opts = { provider: 'cpu' as const, modelsDir: MODELS_DIR, intraOpNumThreads: THREADS };
  const r = inWorker ? await runInWorker(ct, manifest, opts) : await segmentVolume(ct, manifest, opts);
  const peak = procStatusKb('VmHWM');
  writeFileSync(out, JSON.stringify({ before, withVolume, peak, sourceBytes: ct.data.byteLength, timings: r.timings }));
}

async function memory(modelId: string, inWorker: boolean, shared = false): Promise<void> {
  const cache = path.join(REPO_ROOT, '.cache');
  mkdirSync(cache, { recursive: true });
  const out = path.join(cache, `bench-inference-memory-${process.pid}.json`);
  const self = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', self, '--memory-child', modelId, out, ...(inWorker ? ['--worker'] : []), ...(shared ? ['--shared'] : [])];
  const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`memory child failed (${child.status})`);
  const m = JSON.parse(readFileSync(out, 'utf8')) as { before: number; withVolume: number; peak: number; sourceBytes: number; timings: Record<string, unknown> };
  const mb = (kb: number) => (kb / 1024).toFixed(0);
  const source = m.sourceBytes / 2 ** 20;
  const used = (m.peak - m.before) / 1024;
  console.log(`  ${inWorker ? `worker thread${shared ? ', voxels in a SharedArrayBuffer' : ', voxels copied'}` : 'in process'}: 512×512×600 int16 CT (${source.toFixed(0)} MiB), model ${modelId}; RSS before volume ${mb(m.before)} MiB, with volume ${mb(m.withVolume)} MiB, peak ${mb(m.peak)} MiB`);
  console.log(`  peak − RSS before volume = ${used.toFixed(0)} MiB = ${(used / source).toFixed(2)}× the source bytes (bound: 3×)`);
  const t = m.timings as { totalMs: number; resampleMs: number; inferenceMs: number; upsampleMs: number; modelGrid: number[]; patches: number };
  console.log(`  times: total ${t.totalMs.toFixed(0)} ms, resample ${t.resampleMs.toFixed(0)}, inference ${t.inferenceMs.toFixed(0)} (${t.patches} patches on ${t.modelGrid.join('×')}), upsample ${t.upsampleMs.toFixed(0)}`);
}

export async function benchInference(): Promise<void> {
  if (!HAVE_SHARED_DATA) {
    console.log('inference bench: shared data missing, skipped');
    return;
  }
  console.log('inference: engine overhead on ts_ct_abdomen (CPU)');
  const registry = await loadModelRegistry(MODELS_DIR);
  const ct = readNiftiForTest(caseFile('ts_ct_abdomen', 'image.nii.gz'));
  if (!process.argv.includes('--no-overhead')) await overhead(ct, registry.get('conv-ct'));
  console.log('inference: peak memory');
  if (!process.argv.includes('--no-memory')) {
    await memory('conv-ct', false);
    await memory('conv-ct', true);
    await memory('conv-ct', true, true);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--memory-child');
  if (i >= 0) await memoryChild(process.argv[i + 1]!, process.argv[i + 2]!, process.argv.includes('--worker'), process.argv.includes('--shared'));
  else await benchInference();
}
