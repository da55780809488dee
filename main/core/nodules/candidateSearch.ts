import { measureLesions } from '../analysis/index.js';
import type { ModelManifest } from '../inference/manifest.js';
import { modelFilePath } from '../inference/registry.js';
import { openModelSession, type ProviderRequest } from '../inference/session.js';
import type { JobContext } from '../jobs/jobs.js';
import type { LabelMap, Vec3, Volume } from '../volume/types.js';
import { candidatesToLabelMap, findNoduleCandidates, type CandidateOptions, type NoduleCandidate } from './candidates.js';
import { segmentLungs } from './lungMask.js';
import { meanAxialDiameterMm } from './noduleSize.js';

/** One candidate as a user sees it; every measurement comes from `measureLesions` on its voxels. */
export interface RankedCandidate {
  /** 1 = most nodule-like; also the candidate's value in the candidates label map. */
  rank: number;
  centroidLps: Vec3;
  volumeMl: number;
  equivalentDiameterMm: number;
  /** Mean axial diameter, (long + short) / 2, as Fleischner and Lung-RADS size a nodule (`meanAxialDiameterMm`). */
  meanDiameterMm: number;
  /** Longest in-slice diameter and its perpendicular, mm (null when no axial slice could be measured). */
  recistLongMm: number | null;
  recistShortMm: number | null;
  /** 3-D maximum diameter, mm. */
  feretMm: number;
  meanHu: number | null;
  /** Share of voxels above −300 HU (solid tissue), and the solid part's longest axial diameter (Lung-RADS). */
  solidFraction: number;
  solidLongMm: number | null;
  /** Mean model probability inside the candidate: the ranking score (0 for one outlined by density). */
  score: number;
  /** What outlined it: the model, or density where the model missed a solid blob (listed after the model's). */
  method: 'model' | 'density';
}

export interface CandidateSearchOutcome {
  modelId: string;
  candidates: RankedCandidate[];
  /** Every candidate in the source grid, value = rank. */
  labelMap: LabelMap;
  provider: 'cpu' | 'cuda';
  fallbackReason?: string;
  lungVolumeMl: number;
  seedsTried: number;
  seconds: number;
}

export interface CandidateSearchOptions extends Omit<CandidateOptions, 'ctx' | 'provider'> {
  provider: ProviderRequest;
  ctx?: JobContext;
}

/** Lets queued progress events and cancel requests through between long synchronous steps. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The whole candidate workflow on a CT: classical lung mask, candidate finding with the click-to-segment
 * nodule model, then lesion statistics of each candidate from the analysis module, ranked by score.
 */
export async function searchNoduleCandidates(volume: Volume, manifest: ModelManifest, opts: CandidateSearchOptions): Promise<CandidateSearchOutcome> {
  // Task, not `seedCrop`: every nodule model can be run on a crop around a seed, as candidates need.
  if (manifest.task !== 'nodule') throw new Error(`${manifest.name} is not a nodule model, so it cannot check nodule candidates.`);
  if (volume.meta.modality !== 'CT') throw new Error('Nodule candidates need a CT study.');
  const started = performance.now();
  const { ctx, provider, ...rest } = opts;
  // Resolve the provider once (sessions are cached), so the outcome can say where the model ran and why.
  const session = await openModelSession(modelFilePath(manifest, opts.modelsDir), provider, { intraOpNumThreads: opts.intraOpNumThreads });
  ctx?.progress(0, 0, 'Finding the lungs…');
  await yieldToEventLoop();
  const lungs = segmentLungs(volume);
  ctx?.progress(0, 0, 'Looking for round structures in the lungs…');
  await yieldToEventLoop();
  let seeds = 0;
  const counting: JobContext | undefined = ctx && {
    signal: ctx.signal,
    progress: (done, total, message) => ctx.progress(done, (seeds = total), message),
  };
  const found = await findNoduleCandidates(volume, lungs, manifest, { ...rest, provider: session.provider, ...(counting ? { ctx: counting } : {}) });
  ctx?.progress(seeds, seeds, 'Measuring the candidates…');
  await yieldToEventLoop();
  const labelMap = candidatesToLabelMap(volume, found.candidates, manifest.labels[0]?.color);
  const candidates = rankedStatistics(labelMap, volume, found.candidates);
  return {
    modelId: manifest.id,
    candidates,
    labelMap,
    provider: session.provider,
    ...(session.fallbackReason ? { fallbackReason: session.fallbackReason } : {}),
    lungVolumeMl: lungs.volumeMl,
    seedsTried: found.seedsTried,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Statistics of each candidate label (its largest component: a candidate is one model component). */
function rankedStatistics(labelMap: LabelMap, volume: Volume, found: Pick<NoduleCandidate, 'score' | 'method'>[]): RankedCandidate[] {
  const lesions = measureLesions(labelMap, volume);
  return labelMap.labels.flatMap((label) => {
    const lesion = lesions.filter((l) => l.label === label.value).sort((a, b) => b.voxelCount - a.voxelCount)[0];
    if (!lesion) return [];
    const size = { recistLongMm: lesion.recist?.longMm ?? null, recistShortMm: lesion.recist?.shortMm ?? null, equivalentDiameterMm: lesion.equivalentDiameterMm };
    return [
      {
        rank: label.value,
        centroidLps: lesion.centroidLps,
        volumeMl: lesion.volumeMl,
        ...size,
        meanDiameterMm: meanAxialDiameterMm(size),
        feretMm: lesion.feretMm,
        meanHu: lesion.intensity?.mean ?? null,
        solidFraction: lesion.solidPart?.solidFraction ?? 0,
        solidLongMm: lesion.solidPart?.solidLongMm ?? null,
        score: found[label.value - 1]?.score ?? 0,
        method: found[label.value - 1]?.method ?? 'model',
      },
    ];
  });
}
