import { describe, expect, it } from 'vitest';
import { activeInferenceWorkers, runInWorker } from '../../../main/core/inference/runInWorker.js';
import { segmentVolume } from '../../../main/core/inference/segment.js';
import { JobCancelledError, JobManager, type JobProgress } from '../../../main/core/jobs/jobs.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';
import { TEST_MODELS_DIR, denseRule, testModel } from './support.js';

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
}

describe.skipIf(!HAVE_SHARED_DATA)('inference jobs: progress, cancel, worker thread', () => {
  const ct = HAVE_SHARED_DATA ? readNiftiForTest(caseFile('ts_ct_abdomen', 'image.nii.gz')) : undefined!;

  it('reports patch k of n with an ETA and stops within one patch of a cancel (in process)', async () => {
    const manifest = await testModel('threshold-ct', { patchSize: [16, 16, 16] });
    const jobs = new JobManager();
    const events: JobProgress[] = [];
    let doneAtCancel = -1;
    let jobId = '';
    jobs.on('progress', (p: JobProgress) => {
      events.push(p);
      if (p.done === 3 && doneAtCancel < 0) {
        doneAtCancel = p.done;
        jobs.cancel(jobId);
      }
    });
    const job = jobs.start('study-1', 'segment', (ctx) => segmentVolume(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR, ctx }));
    jobId = job.jobId;
    await expect(job.result).rejects.toBeInstanceOf(JobCancelledError);
    const total = events.find((e) => e.total > 0)!.total;
    expect(total).toBeGreaterThan(1000);
    expect(events.find((e) => e.done === 2)?.message).toBe(`Patch 2 of ${total}`);
    expect(events.find((e) => e.done === 2)?.etaSeconds).toBeGreaterThan(0);
    expect(Math.max(...events.map((e) => e.done))).toBeLessThanOrEqual(doneAtCancel + 1);
    expect(jobs.get(jobId)?.state).toBe('cancelled');
  });

  it('runs in a worker thread with the same result as in process, and the worker exits', async () => {
    const manifest = await testModel('threshold-ct');
    const jobs = new JobManager();
    const seen: JobProgress[] = [];
    jobs.on('progress', (p: JobProgress) => seen.push(p));
    const job = jobs.start('study-2', 'segment', (ctx) => runInWorker(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR, ctx }));
    const r = await job.result;
    expect(r.provider).toBe('cpu');
    expect(Buffer.compare(Buffer.from(r.labelMap.data), Buffer.from(denseRule(ct.data)))).toBe(0);
    expect(seen.some((p) => p.done === 252 && p.total === 252)).toBe(true);
    expect(await waitFor(() => activeInferenceWorkers() === 0, 2000)).toBe(true);
  });

  it('sends a large volume to the worker in chunks, or shares it when it lives in a SharedArrayBuffer', async () => {
    const big = readNiftiForTest(caseFile('chaos_ct_liver', 'image.nii.gz'));
    expect(big.data.length).toBeGreaterThan(4 * 4 * 1024 * 1024); // several 4 Mi-voxel chunks
    const manifest = await testModel('threshold-ct', { patchSize: [64, 64, 64] });
    const opts = { provider: 'cpu' as const, modelsDir: TEST_MODELS_DIR };
    const local = await segmentVolume(big, manifest, opts);
    const chunked = await runInWorker(big, manifest, opts);
    expect(Buffer.compare(Buffer.from(chunked.labelMap.data), Buffer.from(local.labelMap.data))).toBe(0);
    const shared = new Int16Array(new SharedArrayBuffer(big.data.byteLength));
    shared.set(big.data as Int16Array);
    const viaShared = await runInWorker({ ...big, data: shared }, manifest, opts);
    expect(Buffer.compare(Buffer.from(viaShared.labelMap.data), Buffer.from(local.labelMap.data))).toBe(0);
    // The caller's voxels are untouched (the worker drops only its own copy).
    expect(big.data.length).toBe(512 * 512 * 78);
    expect(shared.length).toBe(512 * 512 * 78);
  });

  it('cancelling a worker job rejects it and frees the worker promptly', async () => {
    const manifest = await testModel('threshold-ct', { patchSize: [16, 16, 16] });
    const jobs = new JobManager();
    let jobId = '';
    let cancelledAt = 0;
    jobs.on('progress', (p: JobProgress) => {
      if (p.done >= 2 && !cancelledAt) {
        cancelledAt = Date.now();
        jobs.cancel(jobId);
      }
    });
    const job = jobs.start('study-3', 'segment', (ctx) => runInWorker(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR, ctx }));
    jobId = job.jobId;
    await expect(job.result).rejects.toBeInstanceOf(JobCancelledError);
    expect(await waitFor(() => activeInferenceWorkers() === 0, 3000)).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(3000);
    // One job per study: a new job for the same study may start once the cancelled one is gone.
    expect(() => jobs.start('study-3', 'noop', async () => 1)).not.toThrow();
  });
});
