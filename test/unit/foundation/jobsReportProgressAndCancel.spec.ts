import { describe, expect, it } from 'vitest';
import { JobCancelledError, JobConflictError, JobManager, type JobProgress } from '../../../main/core/jobs/jobs.js';

describe('JobManager', () => {
  it('reports progress with an ETA and finishes', async () => {
    let now = 0;
    const jobs = new JobManager(() => now);
    const events: JobProgress[] = [];
    jobs.on('progress', (p: JobProgress) => events.push(p));
    const { result } = jobs.start('s1', 'test', async (ctx) => {
      for (let k = 1; k <= 4; k++) {
        now += 1000;
        ctx.progress(k, 4, `patch ${k} of 4`);
      }
      return 42;
    });
    expect(await result).toBe(42);
    const two = events.find((e) => e.done === 2)!;
    expect(two.etaSeconds).toBeCloseTo(2, 5);
    expect(events.at(-1)!.state).toBe('done');
  });

  it('cancels within one step and allows one job per study', async () => {
    const jobs = new JobManager();
    let steps = 0;
    const { jobId, result } = jobs.start('s1', 'test', async (ctx) => {
      for (;;) {
        await new Promise((r) => setTimeout(r, 5));
        steps++;
        ctx.progress(steps, 1000);
      }
    });
    expect(() => jobs.start('s1', 'again', async () => 1)).toThrow(JobConflictError);
    await new Promise((r) => setTimeout(r, 30));
    expect(jobs.cancel(jobId)).toBe(true);
    await expect(result).rejects.toBeInstanceOf(JobCancelledError);
    const stepsAtCancel = steps;
    await new Promise((r) => setTimeout(r, 30));
    expect(steps - stepsAtCancel).toBeLessThanOrEqual(1);
    expect(jobs.get(jobId)!.state).toBe('cancelled');
    await expect(jobs.start('s1', 'after', async () => 'ok').result).resolves.toBe('ok');
  });

  it('reports failures with their message', async () => {
    const jobs = new JobManager();
    const { jobId, result } = jobs.start('s1', 'test', async () => {
      throw new Error('model missing: liver.onnx');
    });
    await expect(result).rejects.toThrow('model missing');
    expect(jobs.get(jobId)).toMatchObject({ state: 'failed', error: 'model missing: liver.onnx' });
  });

  it('a job that ends with nothing to show is done, with the answer it gives and where it ran; one with a result has none', async () => {
    const jobs = new JobManager();
    const ranOn = { provider: 'cpu' as const, fallbackReason: 'CUDA is not available here' };
    const answerOf = (v: { found: boolean }) => (v.found ? undefined : { answer: 'No nodule found at this point', ranOn });
    const empty = jobs.start('s1', 'segment:nodule-unetpp', async () => ({ found: false }), answerOf);
    await expect(empty.result).resolves.toEqual({ found: false });
    expect(jobs.get(empty.jobId)).toMatchObject({ state: 'done', message: 'Done', answer: 'No nodule found at this point', answerRanOn: ranOn });
    const found = jobs.start('s1', 'segment:nodule-unetpp', async () => ({ found: true }), answerOf);
    await found.result;
    expect(jobs.get(found.jobId)!.state).toBe('done');
    expect(jobs.get(found.jobId)).not.toHaveProperty('answer');
    expect(jobs.get(found.jobId)).not.toHaveProperty('answerRanOn');
  });
});
