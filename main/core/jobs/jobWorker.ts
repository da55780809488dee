import type { Worker } from 'node:worker_threads';
import { JobCancelledError, type JobContext } from './jobs.js';

/** What every job worker may send its parent, besides its result and any messages of its own. */
export type JobWorkerReport =
  | { type: 'progress'; done: number; total: number; message?: string }
  | { type: 'cancelled' }
  | { type: 'error'; name: string; message: string };

export interface JobWorkerSupervision<M extends { type: string }, R> {
  /** Names the worker in the error when it exits without answering. */
  what: string;
  /** After a cancel message, how long the worker may take to stop on its own before it is terminated. */
  graceMs: number;
  /** The message that asks the worker to stop. */
  cancelMessage: unknown;
  /** The result carried by a `{ type: 'result' }` message. */
  resultOf(msg: Extract<M, { type: 'result' }>): R;
  /** Messages of the worker's own protocol (not progress, result, cancelled or error). */
  onMessage?(msg: M, settled: boolean): void;
  onExit?(): void;
}

/**
 * One job's worker thread, watched until it settles once: progress goes to `ctx`, aborting `ctx.signal`
 * asks the worker to stop and terminates it after a grace period, errors and unexpected exits reject.
 */
export function superviseJobWorker<M extends { type: string }, R>(worker: Worker, ctx: JobContext | undefined, s: JobWorkerSupervision<M, R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx?.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      void worker.terminate();
      fn();
    };
    const onAbort = () => {
      worker.postMessage(s.cancelMessage);
      killTimer ??= setTimeout(() => finish(() => reject(new JobCancelledError())), s.graceMs);
    };
    ctx?.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: M) => {
      const report = msg as unknown as JobWorkerReport | { type: 'result' };
      switch (report.type) {
        case 'progress':
          try {
            ctx?.progress(report.done, report.total, report.message);
          } catch (err) {
            if (err instanceof JobCancelledError) onAbort();
            else finish(() => reject(err));
          }
          return;
        case 'result':
          return finish(() => resolve(s.resultOf(msg as Extract<M, { type: 'result' }>)));
        case 'cancelled':
          return finish(() => reject(new JobCancelledError()));
        case 'error': {
          const err = new Error(report.message);
          err.name = report.name;
          return finish(() => reject(err));
        }
        default:
          s.onMessage?.(msg, settled);
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => {
      s.onExit?.();
      finish(() => reject(new Error(`The ${s.what} stopped unexpectedly (exit code ${code}).`)));
    });
  });
}

/** Inside a job worker: the context whose progress goes to the parent and whose signal a cancel aborts. */
export function workerJobContext(controller: AbortController, send: (report: JobWorkerReport) => void): JobContext {
  return {
    signal: controller.signal,
    progress(done, total, message) {
      if (controller.signal.aborted) throw new JobCancelledError();
      send({ type: 'progress', done, total, ...(message !== undefined ? { message } : {}) });
    },
  };
}

/** Inside a job worker: how a thrown error is reported to the parent. */
export function failureReport(err: unknown, aborted: boolean): JobWorkerReport {
  if (err instanceof JobCancelledError || aborted) return { type: 'cancelled' };
  return { type: 'error', name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) };
}
