import { existsSync } from 'node:fs';
import os from 'node:os';
import * as ort from 'onnxruntime-node';

export type ProviderRequest = 'auto' | 'cpu' | 'cuda';
export type Provider = 'cuda' | 'cpu';

export interface ModelSession {
  session: ort.InferenceSession;
  provider: Provider;
  /** Why `auto` did not get CUDA; absent when it did, or when a provider was forced. */
  fallbackReason?: string;
}

export class ModelFileMissingError extends Error {
  constructor(modelPath: string) {
    super(`Model file is missing: ${modelPath}. Reinstall the model or check the manifest's "onnx" field.`);
    this.name = 'ModelFileMissingError';
  }
}

export class ProviderUnavailableError extends Error {
  constructor(provider: Provider, reason: string) {
    super(`The ${provider.toUpperCase()} execution provider was requested but could not be used: ${reason}`);
    this.name = 'ProviderUnavailableError';
  }
}

export interface SessionTuning {
  /** Threads for one operator; defaults to the machine's cores. */
  intraOpNumThreads?: number;
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();
/** Once CUDA failed for a model we remember why, so `auto` does not retry (and log) on every job. */
const cudaFailures = new Map<string, string>();

function sessionOptions(provider: Provider, tuning: SessionTuning): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: tuning.intraOpNumThreads ?? os.availableParallelism(),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    enableCpuMemArena: true,
    enableMemPattern: true,
    // ORT logs the missing CUDA library at error level; the fallback reason carries that message instead.
    logSeverityLevel: provider === 'cuda' ? 4 : 3,
  };
}

function cachedSession(modelPath: string, provider: Provider, tuning: SessionTuning): Promise<ort.InferenceSession> {
  const key = `${modelPath}|${provider}|${tuning.intraOpNumThreads ?? 'all'}`;
  let s = sessions.get(key);
  if (!s) {
    s = ort.InferenceSession.create(modelPath, sessionOptions(provider, tuning));
    sessions.set(key, s);
    s.catch(() => sessions.delete(key));
  }
  return s;
}

function reasonOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}

/** Opens (or reuses) a session: `auto` tries CUDA then CPU and says why it fell back. */
export async function openModelSession(modelPath: string, request: ProviderRequest, tuning: SessionTuning = {}): Promise<ModelSession> {
  if (!existsSync(modelPath)) throw new ModelFileMissingError(modelPath);
  if (request === 'cpu') return { session: await cachedSession(modelPath, 'cpu', tuning), provider: 'cpu' };
  const knownFailure = cudaFailures.get(modelPath);
  if (knownFailure === undefined) {
    // ORT prints the missing CUDA library in red on stderr at error level; the fallback reason says it instead.
    if (ort.env.logLevel === undefined || ort.env.logLevel === 'warning') ort.env.logLevel = 'fatal';
    try {
      return { session: await cachedSession(modelPath, 'cuda', tuning), provider: 'cuda' };
    } catch (err) {
      cudaFailures.set(modelPath, `CUDA unavailable (${reasonOf(err)})`);
      if (request === 'cuda') throw new ProviderUnavailableError('cuda', reasonOf(err));
    }
  } else if (request === 'cuda') {
    throw new ProviderUnavailableError('cuda', knownFailure);
  }
  const fallbackReason = cudaFailures.get(modelPath) ?? 'CUDA unavailable';
  return { session: await cachedSession(modelPath, 'cpu', tuning), provider: 'cpu', fallbackReason };
}

/** Drops cached sessions (tests, or freeing memory after a model was removed). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  cudaFailures.clear();
  await Promise.all(all.map(async (s) => (await s.catch(() => undefined))?.release()));
}
