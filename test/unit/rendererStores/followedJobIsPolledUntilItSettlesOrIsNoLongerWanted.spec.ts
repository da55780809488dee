import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LobusEvent } from '../../../main/core/api/contract.js';
import { JobManager, type JobProgress } from '../../../main/core/jobs/jobs.js';
import { useJobsStore } from '../../../renderer/src/stores/jobs.js';

/** The renderer's view of a real JobManager: listJobs answers from it; events arrive only while the "socket" is up. */
function fakeDoor(manager: JobManager) {
  const door = { listJobsCalls: 0, socketUp: true, listener: null as ((event: LobusEvent) => void) | null };
  manager.on('progress', (job: JobProgress) => door.socketUp && door.listener?.({ type: 'job', job }));
  const api = {
    listJobs: async () => (door.listJobsCalls++, manager.list()),
    onEvent: (listener: (event: LobusEvent) => void) => ((door.listener = listener), () => (door.listener = null)),
  };
  (globalThis as { window?: unknown }).window = { lobus: api };
  return door;
}

function controlledJob(manager: JobManager, studyId: string) {
  let finish!: () => void;
  const { jobId, result } = manager.start(studyId, 'segment:liver', (ctx) => new Promise<void>((resolve) => (ctx.progress(1, 4, 'Window 1/4'), (finish = resolve))));
  return { jobId, result, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a followed job is polled while it runs, until it settles or its starter lets it go', () => {
  const manager = new JobManager();
  const door = fakeDoor(manager);
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    setActivePinia(createPinia());
    door.listJobsCalls = 0;
    door.socketUp = true;
  });
  afterEach(() => vi.useRealTimers());

  it('with the socket down the poll finds the end once; a late duplicate final event is ignored and polling stops', async () => {
    const jobs = useJobsStore();
    jobs.connect();
    const heard: JobProgress['state'][] = [];
    jobs.onUpdate((job) => heard.push(job.state));
    door.socketUp = false;
    const job = controlledJob(manager, 's1');
    jobs.follow(job.jobId, 's1', 'segment:liver');
    await settle();
    expect(door.listJobsCalls).toBe(1);
    expect(jobs.jobs[job.jobId]?.message).toBe('Window 1/4');
    vi.advanceTimersByTime(2000);
    await settle();
    expect(door.listJobsCalls).toBe(2);
    job.finish();
    await job.result;
    vi.advanceTimersByTime(2000);
    await settle();
    expect(jobs.jobs[job.jobId]?.state).toBe('done');
    expect(heard).toEqual(['done']);
    door.socketUp = true;
    door.listener?.({ type: 'job', job: { ...jobs.jobs[job.jobId]! } });
    door.listener?.({ type: 'job', job: { ...jobs.jobs[job.jobId]!, state: 'running' } });
    expect(heard).toEqual(['done']);
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(door.listJobsCalls).toBe(3);
  });

  it('progress events update the job as they come; a job its starter no longer wants is not polled any more', async () => {
    const jobs = useJobsStore();
    jobs.connect();
    let wanted = true;
    const job = controlledJob(manager, 's2');
    jobs.follow(job.jobId, 's2', 'segment:liver', () => wanted);
    await settle();
    expect(jobs.jobs[job.jobId]?.state).toBe('running');
    vi.advanceTimersByTime(4000);
    await settle();
    expect(door.listJobsCalls).toBe(3);
    wanted = false;
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(door.listJobsCalls).toBe(3);
    job.finish();
    await job.result;
    expect(jobs.jobs[job.jobId]?.state).toBe('done');
  });

  it('a job that ended before its starter knew its id is told to the starter when it follows it, once', async () => {
    const jobs = useJobsStore();
    jobs.connect();
    let mine: string | null = null;
    const heard: string[] = [];
    // Like the stores: a listener that acts only on the job it started.
    jobs.onUpdate((job) => job.jobId === mine && heard.push(job.answer ?? job.state));
    const { jobId, result } = manager.start('s3', 'segment:nodule-unetpp', async () => null, () => ({ answer: 'No nodule found at this point' }));
    await result;
    await settle();
    expect(jobs.jobs[jobId]?.state).toBe('done');
    expect(heard).toEqual([]);
    mine = jobId;
    jobs.follow(jobId, 's3', 'segment:nodule-unetpp');
    expect(heard).toEqual(['No nodule found at this point']);
    await settle();
    vi.advanceTimersByTime(4000);
    await settle();
    expect(heard).toHaveLength(1);
  });
});
