import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { NoduleCandidatesHeader } from '../../../main/core/api/contract';
import { labelHoldingMost } from '../../../main/core/editing/alreadyOutlined';
import type { JobProgress } from '../../../main/core/jobs/jobs';
import type { RankedCandidate } from '../../../main/core/nodules/candidateSearch';
import { getApi } from '../api/client';
import { useEditingStore } from './editing';
import { useJobsStore } from './jobs';
import { useNoticesStore } from './notices';
import { useSegmentationStore } from './segmentation';
import { useStudyStore } from './study';
import { useViewStore } from './view';

/** Lung nodule candidates of the open CT: the search job, the ranked list, which ones the user added. */
export const useCandidatesStore = defineStore('candidates', () => {
  const jobs = useJobsStore();
  const jobId = ref<string | null>(null);
  const starting = ref(false);
  const header = shallowRef<NoduleCandidatesHeader | null>(null);
  /** The candidates' label map (value = rank), in the study's grid. */
  let voxels: Uint8Array | null = null;
  const selectedRank = ref<number | null>(null);
  /** Rank → the label value the candidate was added as. */
  const added = ref<Record<number, number>>({});

  const study = useStudyStore();
  /** The nodule model, offered for CT studies only. */
  const model = computed(() => (study.study?.meta.modality === 'CT' ? (useSegmentationStore().models.find((m) => m.task === 'nodule') ?? null) : null));
  const job = computed<JobProgress | null>(() => (jobId.value ? (jobs.jobs[jobId.value] ?? null) : null));
  const running = computed(() => starting.value || job.value?.state === 'running');
  const candidates = computed<RankedCandidate[]>(() => header.value?.candidates ?? []);

  function reset(): void {
    jobId.value = null;
    header.value = null;
    voxels = null;
    selectedRank.value = null;
    added.value = {};
  }
  watch(() => study.study?.studyId, reset);

  jobs.onUpdate((update) => {
    if (update.jobId !== jobId.value) return;
    if (update.state === 'done') void load(update.studyId);
    else if (update.state === 'failed') useNoticesStore().push('error', `Finding nodule candidates failed: ${update.error ?? update.message}`);
    else if (update.state === 'cancelled') useNoticesStore().push('info', 'Candidate search cancelled.');
  });

  async function find(): Promise<void> {
    const open = study.study;
    if (!open || !model.value || running.value) return;
    starting.value = true;
    try {
      reset();
      if (useViewStore().showLungWindow()) useNoticesStore().push('info', 'The window is now Lung, to review the candidates.');
      jobs.connect();
      const started = await getApi().startCandidateSearch({ studyId: open.studyId, modelId: model.value.id, provider: useSegmentationStore().provider });
      jobId.value = started.jobId;
      jobs.follow(started.jobId, open.studyId, `candidates:${model.value.id}`);
    } catch (err) {
      useNoticesStore().error(err, 'Could not start the candidate search');
    } finally {
      starting.value = false;
    }
  }

  async function load(studyId: string): Promise<void> {
    try {
      const payload = await getApi().getNoduleCandidates({ studyId });
      if (!payload || study.study?.studyId !== studyId) return;
      voxels = new Uint8Array(payload.data);
      header.value = payload.header;
      if (payload.header.lungVolumeMl < 1) useNoticesStore().push('info', 'No aerated lung was found in this scan, so there was nowhere to look for nodules.');
      else if (payload.header.candidates.length === 0) useNoticesStore().push('info', 'No nodule candidates were found in the lungs.');
    } catch (err) {
      useNoticesStore().error(err, 'Could not load the nodule candidates');
    }
  }

  async function cancel(): Promise<void> {
    if (!jobId.value) return;
    await getApi()
      .cancelJob({ jobId: jobId.value })
      .catch((err: unknown) => useNoticesStore().error(err, 'Could not cancel'));
  }

  /** Moves every view to the candidate's centroid. */
  function goTo(candidate: RankedCandidate): void {
    selectedRank.value = candidate.rank;
    useViewStore().setCrosshair(candidate.centroidLps);
  }

  /** Adds the candidate as a nodule label (one undoable step). */
  function add(candidate: RankedCandidate): void {
    const modelId = header.value?.modelId;
    if (!voxels || !modelId || isAdded(candidate.rank)) return;
    const indices: number[] = [];
    for (let v = 0; v < voxels.length; v++) if (voxels[v] === candidate.rank) indices.push(v);
    // A nodule the user has already clicked (or added) is shown as added, not given a second label over the first.
    const editor = useEditingStore().editor;
    const held = editor ? labelHoldingMost(editor.labelMap.data, indices) : 0;
    if (editor && held) {
      added.value = { ...added.value, [candidate.rank]: held };
      const name = editor.labels.find((l) => l.value === held)?.name ?? `label ${held}`;
      useNoticesStore().push('info', `Candidate ${candidate.rank} is already outlined as “${name}”; nothing was added.`);
      return;
    }
    try {
      const label = useEditingStore().addModelLabel(modelId, `Nodule ${candidate.rank}`, Uint32Array.from(indices));
      if (label) added.value = { ...added.value, [candidate.rank]: label.value };
    } catch (err) {
      useNoticesStore().error(err, 'Could not add the candidate');
    }
  }

  /** Whether an added candidate's label is still in the editor (an undo takes it away). */
  function isAdded(rank: number): boolean {
    const value = added.value[rank];
    return value !== undefined && useEditingStore().state.labels.some((l) => l.value === value);
  }

  return { model, job, running, candidates, header, selectedRank, find, cancel, goTo, add, isAdded };
});
