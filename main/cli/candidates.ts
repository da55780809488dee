import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { assertWriteAllowed, writeFileAtomic, writeLabelMapNifti } from '../core/export/index.js';
import { JobManager, type JobProgress } from '../core/jobs/jobs.js';
import type { CandidateSearchOutcome, RankedCandidate } from '../core/nodules/candidateSearch.js';
import { segmentationBackend } from '../core/service/backends.js';
import { openSource } from '../core/volume/index.js';
import { parseProvider, progressLine } from './commands.js';
import { CliError } from './run.js';

const USAGE = 'Usage: lobus candidates <ct> [--out candidates.nii.gz] [--json candidates.json] [--provider auto|cuda|cpu] [--model <id>] [--series UID]';
const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));

/** One candidate in the units and spelling of the `stats` report. */
function candidateRow(c: RankedCandidate) {
  return {
    rank: c.rank,
    centroid_lps_mm: c.centroidLps.map((v) => round(v, 2)),
    volume_ml: round(c.volumeMl, 4),
    mean_diameter_mm: round(c.meanDiameterMm, 2),
    equivalent_diameter_mm: round(c.equivalentDiameterMm, 2),
    recist_long_mm: round(c.recistLongMm, 2),
    recist_short_mm: round(c.recistShortMm, 2),
    feret_mm: round(c.feretMm, 2),
    mean_hu: round(c.meanHu, 1),
    solid_fraction: round(c.solidFraction, 3),
    solid_long_mm: round(c.solidLongMm, 2),
    score: round(c.score, 4),
    outlined_by: c.method,
  };
}

function candidatesDocument(outcome: CandidateSearchOutcome, imagePath: string, mask: string | null) {
  return {
    image: imagePath,
    mask,
    execution: {
      modelId: outcome.modelId,
      provider: outcome.provider,
      fallbackReason: outcome.fallbackReason ?? null,
      seconds: round(outcome.seconds, 2),
      seedsTried: outcome.seedsTried,
      lungVolumeMl: round(outcome.lungVolumeMl, 1),
    },
    candidates: outcome.candidates.map(candidateRow),
  };
}

/** `lobus candidates`: lung mask + nodule candidates, ranked; JSON on stdout, progress on stderr. */
export async function candidatesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      json: { type: 'string' },
      provider: { type: 'string', default: 'auto' },
      model: { type: 'string', default: 'nodule-unetpp' },
      series: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new CliError(USAGE);
  const imagePath = path.resolve(positionals[0]!);
  const outPath = values.out ? path.resolve(values.out) : undefined;
  const jsonPath = values.json ? path.resolve(values.json) : undefined;
  const chosen = [outPath, jsonPath].filter((p): p is string => p !== undefined);
  const policy = { allowedPaths: chosen, protectedPaths: [imagePath] };
  for (const p of chosen) await assertWriteAllowed(p, policy);
  const provider = parseProvider(values.provider ?? 'auto');

  process.stderr.write(`[candidates] reading ${imagePath}\n`);
  const image = await openSource(imagePath, values.series ? { seriesUid: values.series } : {});
  const jobs = new JobManager();
  let lastLine = '';
  jobs.on('progress', (job: JobProgress) => {
    const line = progressLine(job, 'candidates');
    if (line !== lastLine) process.stderr.write(`${line}\n`);
    lastLine = line;
  });
  const { result } = jobs.start('cli', `candidates:${values.model}`, (ctx) =>
    segmentationBackend().findCandidates(image, { modelId: values.model!, provider }, ctx),
  );
  const outcome = await result;
  if (outcome.fallbackReason) process.stderr.write(`[candidates] ran on CPU: ${outcome.fallbackReason}\n`);
  const written = outPath ? await writeLabelMapNifti(outcome.labelMap, outPath, { sourcePath: imagePath, policy }) : null;
  const document = candidatesDocument(outcome, imagePath, written?.mask ?? null);
  if (jsonPath) await writeFileAtomic(jsonPath, Readable.from([JSON.stringify(document, null, 2)]));
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  return 0;
}
