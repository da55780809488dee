import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { JobProgress } from '../../../main/core/jobs/jobs';
import { getApi } from '../api/client';

type JobListener = (job: JobProgress) => void;

/** Long-running work as the service reports it (WebSocket or IPC events), keyed by job id. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobProgress>>({});
  const listeners = new Set<JobListener>();
  let unsubscribe: (() => void) | null = null;

  function connect(): void {
    if (unsubscribe) return;
    unsubscribe = getApi().onEvent((event) => {
      if (event.type !== 'job') return;
      const previous = jobs.value[event.job.jobId];
      // Events can overtake each other; never let a stale "running" replace a final state.
      if (previous && previous.state !== 'running' && (event.job.state === 'running' || event.job.state === previous.state)) return;
      jobs.value = { ...jobs.value, [event.job.jobId]: event.job };
      for (const listener of listeners) listener(event.job);
    });
  }

  function track(job: JobProgress): void {
    jobs.value = { ...jobs.value, [job.jobId]: job };
  }

  function onUpdate(listener: JobListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Catch up after a reconnect: events sent while the socket was down are lost, the job list is not. */
  async function refresh(): Promise<void> {
    const list = await getApi().listJobs({});
    for (const job of list) {
      const previous = jobs.value[job.jobId];
      track(job);
      if (!previous || previous.state !== job.state) for (const listener of listeners) listener(job);
    }
  }

  /**
   * Tracks a job just started: shown as starting until its first event, and polled until it settles
   * (or its starter no longer `wants` it), since it may finish before the socket delivers an event, or the socket may drop.
   * A job that ended before its starter knew its id (a click answered in a few hundred ms) had its final event passed
   * over by the starter's listener: it is told again here.
   */
  function follow(jobId: string, studyId: string, kind: string, wants: () => boolean = () => true): void {
    const known = jobs.value[jobId];
    if (!known) track({ jobId, studyId, kind, state: 'running', done: 0, total: 0, message: 'Starting…', etaSeconds: null });
    else if (known.state !== 'running') for (const listener of listeners) listener(known);
    const poll = setInterval(() => {
      if (!wants() || jobs.value[jobId]?.state !== 'running') clearInterval(poll);
      else void refresh().catch(() => undefined);
    }, 2000);
    void refresh().catch(() => undefined);
  }

  return { jobs, connect, track, onUpdate, refresh, follow };
});
