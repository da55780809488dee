import { stat } from 'node:fs/promises';
import type { ModelSummary, SeriesChoice } from '../api/contract.js';
import { ranOnOf } from '../jobs/jobs.js';
import { loadModelRegistry, runInWorker, type ModelManifest, type ModelRegistry } from '../inference/index.js';
import { NO_NODULE_MESSAGE, noduleLabelMap, searchNoduleCandidatesInWorker, segmentNoduleFromSeed } from '../nodules/index.js';
import { listDicomSeries, openSourceInWorker } from '../volume/index.js';
import type { ReadOutcome, SegmentationBackend } from './lobusService.js';
import { modelsDir } from './paths.js';

/** Opens a file, or a DICOM folder; a folder with several series asks the user to choose. */
export async function readStudyFromPath(path: string, seriesUid?: string): Promise<ReadOutcome> {
  const info = await stat(path);
  if (info.isDirectory() && seriesUid === undefined) {
    const series = await listDicomSeries(path);
    const readable = series.filter((s) => !s.unreadableReason);
    if (readable.length > 1) {
      const choices: SeriesChoice[] = series.map((s) => ({
        seriesUid: s.id,
        modality: s.modality,
        description: s.seriesDescription || '(no description)',
        sliceCount: s.sliceCount,
        dims: s.dims ?? null,
      }));
      return { kind: 'choose-series', series: choices };
    }
  }
  const volume = await openSourceInWorker(path, seriesUid ? { seriesUid } : {});
  return { kind: 'volume', volume };
}

function summarise(m: ModelManifest): ModelSummary {
  return { id: m.id, name: m.name, task: m.task, modalities: [...m.modalities], labels: m.labels, needsSeed: Boolean(m.seedCrop) };
}

/** Models from `models/*.json`, run in a worker (whole-volume models) or on a seed crop (click-to-segment). */
export function segmentationBackend(dir = modelsDir()): SegmentationBackend {
  let registry: Promise<ModelRegistry> | null = null;
  const models = () => (registry ??= loadModelRegistry(dir));
  return {
    listModels: async () => (await models()).list().map(summarise),
    segment: async (volume, request, ctx) => {
      const manifest = (await models()).get(request.modelId);
      if (manifest.seedCrop) {
        if (!request.seedLps) throw new Error(`${manifest.name} segments from a point: click a nodule in a slice view.`);
        ctx.progress(0, 1, 'Segmenting the nodule…');
        const result = await segmentNoduleFromSeed(volume, manifest, request.seedLps, { modelsDir: dir, provider: request.provider });
        ctx.progress(1, 1, 'Done');
        const ranOn = ranOnOf(result);
        if (!result.found) return { labelMap: null, answer: result.message ?? NO_NODULE_MESSAGE, ...ranOn };
        return { labelMap: noduleLabelMap(volume, manifest, result), ...ranOn, ...(result.note ? { note: result.note } : {}) };
      }
      const result = await runInWorker(volume, manifest, { provider: request.provider, modelsDir: dir, tta: request.tta ?? false, ctx });
      return { labelMap: result.labelMap, ...ranOnOf(result) };
    },
    findCandidates: async (volume, request, ctx) =>
      searchNoduleCandidatesInWorker(volume, (await models()).get(request.modelId), { modelsDir: dir, provider: request.provider, ctx }),
  };
}
