import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { ModelSummary, Provider } from '../../../main/core/api/contract';
import type { JobProgress } from '../../../main/core/jobs/jobs';
import type { Vec3 } from '../../../main/core/volume/types';
import { getApi } from '../api/client';
import { useEditingStore } from './editing';
import { useExportsStore } from './exports';
import { useJobsStore } from './jobs';
import { useLayersStore } from './layers';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';
import { useViewStore } from './view';

/** Clicks held while a nodule is being outlined; a radiologist clicking through a scan rarely gets further ahead. */
const MAX_WAITING_SEEDS = 8;

/**
 * Models offered for the open study, the run in progress, and nodule (click-to-seed) mode. Nodule mode stays on
 * from click to click until the user stops it (Stop, Escape, an edit tool, another model), and clicks made while
 * a nodule is being outlined wait their turn.
 */
export const useSegmentationStore = defineStore('segmentation', () => {
  const models = ref<ModelSummary[]>([]);
  const selectedModelId = ref<string | null>(null);
  const provider = ref<Provider>('auto');
  const seedMode = ref(false);
  const waitingSeeds = ref<Vec3[]>([]);
  /** A result is being read into the editor: clicks wait until it is there. */
  const loadingResult = ref(false);
  const jobId = ref<string | null>(null);
  const starting = ref(false);
  const jobs = useJobsStore();

  const selectedModel = computed(() => models.value.find((m) => m.id === selectedModelId.value) ?? null);
  const job = computed<JobProgress | null>(() => (jobId.value ? jobs.jobs[jobId.value] ?? null : null));
  const running = computed(() => starting.value || job.value?.state === 'running');

  jobs.onUpdate((update) => {
    if (update.jobId !== jobId.value) return;
    if (update.state === 'done' && update.answer !== undefined) {
      // Nothing was added (a click that found no nodule): a valid answer with how to go on, kept up long enough to read.
      useNoticesStore().push('info', update.answer, 12000);
    } else if (update.state === 'done') {
      // The next click starts only once this result is in the editor: it uploads the editor's labels first, and
      // would otherwise send them without this result, which the service would then drop.
      loadingResult.value = true;
      void useLayersStore()
        .load(update.studyId)
        .then(
          () => undefined,
          (err: unknown) => {
            waitingSeeds.value = [];
            useNoticesStore().error(err, 'Could not load the segmentation');
          },
        )
        .finally(() => {
          loadingResult.value = false;
          runNextSeed();
        });
      return;
    } else if (update.state === 'failed') {
      waitingSeeds.value = [];
      useNoticesStore().push('error', `Segmentation failed: ${update.error ?? update.message}`);
    } else if (update.state === 'cancelled') {
      waitingSeeds.value = [];
      useNoticesStore().push('info', 'Segmentation cancelled.');
    }
    if (update.state !== 'running') runNextSeed();
  });

  // A click with an edit tool edits; nodule mode would only look on while the clicks paint.
  watch(() => useEditingStore().tool, (tool) => {
    if (tool !== 'none') stopSeeding();
  });
  watch(selectedModelId, () => {
    if (!selectedModel.value?.needsSeed) stopSeeding();
  });

  async function loadModels(studyId: string): Promise<void> {
    jobs.connect();
    try {
      models.value = await getApi().listModels({ studyId });
      if (!models.value.some((m) => m.id === selectedModelId.value)) selectedModelId.value = models.value[0]?.id ?? null;
    } catch (err) {
      models.value = [];
      useNoticesStore().error(err, 'Could not list the segmentation models');
    }
  }

  async function run(seedLps?: Vec3): Promise<void> {
    const study = useStudyStore().study;
    const model = selectedModel.value;
    if (!study || !model || running.value) return;
    if (model.needsSeed && !seedLps) {
      if (seedMode.value) return;
      useEditingStore().tool = 'none';
      seedMode.value = true;
      const lung = useViewStore().showLungWindow() ? ' The window is now Lung.' : '';
      useNoticesStore().push('info', `${model.name}: click on the nodule in a slice view.${lung}`);
      return;
    }
    starting.value = true;
    try {
      // The model's labels are merged onto what the service holds: give it the user's edits first (even none left),
      // so new labels get free values, the result does not resurrect erased voxels or deleted labels, and a nodule
      // clicked again is recognised only while its label still exists.
      await useExportsStore().upload(study.studyId, true);
      const request = seedLps
        ? { studyId: study.studyId, modelId: model.id, provider: provider.value, seedLps }
        : { studyId: study.studyId, modelId: model.id, provider: provider.value };
      const started = await getApi().startSegmentation(request);
      jobId.value = started.jobId;
      // Before following: `follow` may report at once a job that already ended, and the next waiting click must see it ended.
      starting.value = false;
      jobs.follow(started.jobId, study.studyId, `segment:${model.id}`, () => jobId.value === started.jobId);
    } catch (err) {
      waitingSeeds.value = [];
      useNoticesStore().error(err, 'Could not start the segmentation');
    } finally {
      starting.value = false;
    }
  }

  /** A click in a slice view while nodule mode is on: segment around that point, now or after the clicks before it. */
  function seedAt(lps: Vec3): void {
    if (!seedMode.value) return;
    if (waitingSeeds.value.length >= MAX_WAITING_SEEDS) {
      useNoticesStore().push('info', `${MAX_WAITING_SEEDS} clicks are already waiting; click again once they are outlined.`);
      return;
    }
    waitingSeeds.value.push(lps);
    runNextSeed();
  }

  /** Starts the first waiting click unless a nodule is being outlined or its result read into the editor. */
  function runNextSeed(): void {
    if (running.value || loadingResult.value) return;
    const next = waitingSeeds.value.shift();
    if (next && seedMode.value) void run(next);
  }

  function stopSeeding(): void {
    seedMode.value = false;
    waitingSeeds.value = [];
  }

  async function cancel(): Promise<void> {
    if (!jobId.value) return;
    try {
      await getApi().cancelJob({ jobId: jobId.value });
    } catch (err) {
      useNoticesStore().error(err, 'Could not cancel');
    }
  }

  function reset(): void {
    models.value = [];
    jobId.value = null;
    stopSeeding();
  }

  return { models, selectedModelId, selectedModel, provider, seedMode, waitingSeeds, jobId, job, running, loadModels, run, seedAt, stopSeeding, cancel, reset };
});
