import { EventEmitter } from 'node:events';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  jobId: string;
  studyId: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message: string;
  /** Seconds left, estimated from the rate so far; null until two steps are done. */
  etaSeconds: number | null;
  error?: string;
  /** Set on a job that ended 'done' without a result to show (a click that found no nodule): what it found, and why, for the user to read. */
  answer?: string;
  /** Where the model ran for that answer (a result says so in its provenance; an answer leaves none). */
  answerRanOn?: RanOn;
}

/** The execution provider a model ran on, and why it is not the one asked for. */
export interface RanOn {
  provider: 'cpu' | 'cuda';
  fallbackReason?: string;
}

/** Only the provider fields of `ran` (an outcome, a session), with no empty fallback reason. */
export function ranOnOf(ran: RanOn): RanOn {
  return { provider: ran.provider, ...(ran.fallbackReason ? { fallbackReason: ran.fallbackReason } : {}) };
}

/** What a finished job reports instead of a result: the sentence, and where the model ran to reach it. */
export interface JobAnswer {
  answer: string;
  ranOn?: RanOn;
}

export interface JobContext {
  signal: AbortSignal;
  /** Report `done` of `total` units. Throws `JobCancelledError` if the job was cancelled. */
  progress(done: number, total: number, message?: string): void;
}

export class JobCancelledError extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'JobCancelledError';
  }
}

export class JobConflictError extends Error {
  constructor(studyId: string) {
    super(`A job is already running for study ${studyId}; wait for it or cancel it first.`);
    this.name = 'JobConflictError';
  }
}

interface RunningJob {
  info: JobProgress;
  controller: AbortController;
  startedAt: number;
  result: Promise<unknown>;
}

/** The one place that owns long-running work: progress, ETA, cancellation, one job per study. */
export class JobManager extends EventEmitter {
  private readonly jobs = new Map<string, RunningJob>();
  private nextId = 1;
  constructor(private readonly now: () => number = () => Date.now()) {
    super();
  }

  /** `answerOf` reads, from a finished job's value, what to report instead of a result (or undefined when there is a result). */
  start<T>(
    studyId: string,
    kind: string,
    work: (ctx: JobContext) => Promise<T>,
    answerOf?: (value: T) => JobAnswer | undefined,
  ): { jobId: string; result: Promise<T> } {
    for (const job of this.jobs.values()) {
      if (job.info.studyId === studyId && job.info.state === 'running') throw new JobConflictError(studyId);
    }
    const jobId = `job-${this.nextId++}`;
    const controller = new AbortController();
    const info: JobProgress = { jobId, studyId, kind, state: 'running', done: 0, total: 0, message: 'Starting…', etaSeconds: null };
    const startedAt = this.now();
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, message) => {
        if (controller.signal.aborted) throw new JobCancelledError();
        info.done = done;
        info.total = total;
        if (message !== undefined) info.message = message;
        const elapsed = (this.now() - startedAt) / 1000;
        info.etaSeconds = done >= 2 && total > done ? (elapsed / done) * (total - done) : total > 0 && done >= total ? 0 : null;
        this.emit('progress', { ...info });
      },
    };
    const result = (async () => {
      this.emit('progress', { ...info });
      try {
        const value = await work(ctx);
        if (controller.signal.aborted) throw new JobCancelledError();
        info.state = 'done';
        info.message = 'Done';
        info.etaSeconds = 0;
        const answer = answerOf?.(value);
        if (answer) {
          info.answer = answer.answer;
          if (answer.ranOn) info.answerRanOn = { ...answer.ranOn };
        }
        return value;
      } catch (err) {
        if (controller.signal.aborted || err instanceof JobCancelledError) {
          info.state = 'cancelled';
          info.message = 'Cancelled';
          throw new JobCancelledError();
        }
        info.state = 'failed';
        info.error = err instanceof Error ? err.message : String(err);
        info.message = 'Failed';
        throw err;
      } finally {
        this.emit('progress', { ...info });
      }
    })();
    result.catch(() => undefined);
    this.jobs.set(jobId, { info, controller, startedAt, result });
    return { jobId, result };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.info.state !== 'running') return false;
    job.controller.abort();
    return true;
  }

  get(jobId: string): JobProgress | undefined {
    const job = this.jobs.get(jobId);
    return job ? { ...job.info } : undefined;
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }
}
