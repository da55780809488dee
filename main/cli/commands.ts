import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { analyzeLabelMap } from '../core/analysis/index.js';
import { assertWriteAllowed, writeFileAtomic, writeLabelMapNifti } from '../core/export/index.js';
import { JobManager, type JobProgress } from '../core/jobs/jobs.js';
import { reportContextFromVolume, statsReport, statsReportForFiles } from '../core/report/index.js';
import { segmentationBackend } from '../core/service/backends.js';
import { describeSource, openSource } from '../core/volume/index.js';
import type { Vec3 } from '../core/volume/types.js';
import { CliError } from './run.js';

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

function parseSeed(text: string): Vec3 {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p))) throw new CliError(`--seed must be x,y,z in LPS mm, got "${text}".`);
  return parts as Vec3;
}

/** `--seed -70,10,200` as `--seed=-70,10,200`: parseArgs would take a value starting with a dash for an option. */
export function joinSeedValue(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === '--seed' && next !== undefined && /^-\d|^-\.\d/.test(next)) joined.push(`--seed=${next}`), i++;
    else joined.push(args[i]!);
  }
  return joined;
}

export function parseProvider(text: string): 'auto' | 'cpu' | 'cuda' {
  if (text === 'auto' || text === 'cpu' || text === 'cuda') return text;
  throw new CliError(`--provider must be auto, cpu or cuda, got "${text}".`);
}

async function info(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { series: { type: 'string' } } });
  if (positionals.length !== 1) throw new CliError('Usage: lobus info <image|dicom-folder> [--series UID]');
  print(await describeSource(path.resolve(positionals[0]!), values.series ? { seriesUid: values.series } : {}));
  return 0;
}

async function stats(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw new CliError('Usage: lobus stats <image> <mask.nii.gz>');
  const { report } = await statsReportForFiles(path.resolve(positionals[0]!), path.resolve(positionals[1]!), {
    context: { provider: 'none', generatedAt: new Date().toISOString() },
  });
  print(report);
  return 0;
}

/** `segment --seed` ran and found nothing at the point (a click on a vessel): not an error (1), but no mask either. */
export const NOTHING_FOUND_EXIT = 3;

export function progressLine(job: JobProgress, tag = 'segment'): string {
  const eta = job.etaSeconds === null ? '' : `, about ${Math.ceil(job.etaSeconds)} s left`;
  return job.total > 0 ? `[${tag}] ${job.message} (${job.done}/${job.total}${eta})` : `[${tag}] ${job.message}`;
}

async function segment(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinSeedValue(args),
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      out: { type: 'string' },
      stats: { type: 'string' },
      provider: { type: 'string', default: 'auto' },
      seed: { type: 'string' },
      series: { type: 'string' },
      tta: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1 || !values.model || !values.out) {
    throw new CliError('Usage: lobus segment <image> --model <id> --out <mask.nii.gz> [--stats s.json] [--provider auto|cuda|cpu] [--seed x,y,z] [--tta]');
  }
  const imagePath = path.resolve(positionals[0]!);
  const outPath = path.resolve(values.out);
  const statsPath = values.stats ? path.resolve(values.stats) : undefined;
  const policy = { allowedPaths: [outPath, ...(statsPath ? [statsPath] : [])], protectedPaths: [imagePath] };
  await assertWriteAllowed(outPath, policy);
  if (statsPath) await assertWriteAllowed(statsPath, policy);
  const provider = parseProvider(values.provider ?? 'auto');
  const seedLps = values.seed ? parseSeed(values.seed) : undefined;

  process.stderr.write(`[segment] reading ${imagePath}\n`);
  const image = await openSource(imagePath, values.series ? { seriesUid: values.series } : {});
  const jobs = new JobManager();
  let lastLine = '';
  jobs.on('progress', (job: JobProgress) => {
    const line = progressLine(job);
    if (line !== lastLine) process.stderr.write(`${line}\n`);
    lastLine = line;
  });
  const started = Date.now();
  const { result } = jobs.start('cli', `segment:${values.model}`, (ctx) =>
    segmentationBackend().segment(image, { modelId: values.model!, provider, ...(seedLps ? { seedLps } : {}), tta: values.tta ?? false }, ctx),
  );
  const outcome = await result;
  const ranOn = { modelId: values.model, provider: outcome.provider, fallbackReason: outcome.fallbackReason ?? null };
  if (!outcome.labelMap) {
    // A valid answer, not an error; no mask is written, and the exit status tells a script that nothing was found.
    process.stderr.write(`[segment] ${outcome.answer}\n`);
    print({ mask: null, found: false, answer: outcome.answer, execution: { ...ranOn, seconds: (Date.now() - started) / 1000 } });
    return NOTHING_FOUND_EXIT;
  }
  const written = await writeLabelMapNifti(outcome.labelMap, outPath, { sourcePath: imagePath, policy });
  const execution = { ...ranOn, note: outcome.note ?? null, seconds: (Date.now() - started) / 1000 };
  if (outcome.fallbackReason) process.stderr.write(`[segment] ran on CPU: ${outcome.fallbackReason}\n`);
  if (outcome.note) process.stderr.write(`[segment] ${outcome.note}\n`);
  const analysis = analyzeLabelMap(outcome.labelMap, image);
  const report = statsReport(
    analysis,
    reportContextFromVolume(image, { imagePath, maskPath: written.mask, modelId: values.model, provider: outcome.provider, generatedAt: new Date().toISOString() }),
  );
  if (statsPath) await writeFileAtomic(statsPath, Readable.from([JSON.stringify({ ...report, execution }, null, 2)]));
  print({ mask: written.mask, labelTable: written.labelTable, stats: statsPath ?? null, execution, labels: report.labels });
  return 0;
}

/** info, segment and stats. */
export async function runCommand(command: 'info' | 'segment' | 'stats', args: string[]): Promise<number> {
  switch (command) {
    case 'info':
      return info(args);
    case 'stats':
      return stats(args);
    case 'segment':
      return segment(args);
  }
}
