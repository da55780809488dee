import type { JobProgress } from '../../../main/core/jobs/jobs.js';

/** "1 min 05 s" style remaining time; null while the service cannot estimate yet. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

export function progressFraction(job: JobProgress): number {
  if (job.state === 'done') return 1;
  return job.total > 0 ? Math.min(1, Math.max(0, job.done / job.total)) : 0;
}

export function jobSummary(job: JobProgress): string {
  if (job.state === 'failed') return `Failed: ${job.error ?? job.message}`;
  if (job.state === 'cancelled') return 'Cancelled';
  if (job.state === 'done') return job.answer ?? 'Done';
  const percent = Math.round(progressFraction(job) * 100);
  const eta = formatEta(job.etaSeconds);
  return `${job.message} · ${percent}%${eta ? ` · about ${eta} left` : ''}`;
}

export function providerText(p: { provider: 'cpu' | 'cuda'; fallbackReason?: string }): string {
  const name = p.provider === 'cuda' ? 'GPU (CUDA)' : 'CPU';
  return p.fallbackReason ? `${name} — ${p.fallbackReason}` : name;
}
