import type { JobContext, RanOn } from '../jobs/jobs.js';
import { JobManager, ranOnOf } from '../jobs/jobs.js';
import {
  validateRequest,
  type AppInfo,
  type LabelMapHeader,
  type MethodName,
  type ModelSummary,
  type OpenResult,
  type RequestOf,
  type ResponseMap,
  type SeriesChoice,
  type StudySummary,
} from '../api/contract.js';
import { makeDemoPhantom } from '../demo/phantom.js';
import { freeLabelColor, freeLabelName } from '../editing/labelTable.js';
import type { CandidateSearchOutcome } from '../nodules/candidateSearch.js';
import type { LabelMap, Vec3, Volume } from '../volume/types.js';
import { valueRange } from '../volume/pixels.js';
import { alreadyOutlinedAnswer, labelAtPoint, labelOutlinedAgain } from '../editing/alreadyOutlined.js';
import { listLibrary, resolveLibraryItem } from './library.js';
import { readUpload, readUploadedMask } from './uploadReads.js';
import { UploadArea } from './uploads.js';
import { candidatesPayload } from './noduleCandidates.js';
import { exportStem, maskDownload, statsDocument, writeMaskFiles, writeStatsFile, type ExportableStudy } from './studyExport.js';

export type ReadOutcome = { kind: 'volume'; volume: Volume } | { kind: 'choose-series'; series: SeriesChoice[] };

export interface SegmentationResult extends RanOn {
  labelMap: LabelMap;
  /** What the user should know about how the result was made (a nodule outlined by density, not by the model). */
  note?: string;
}

/** A valid answer with nothing to add: a click that found no nodule. The study's labels stay as they were. */
export interface NothingFound extends RanOn {
  labelMap: null;
  /** What was found instead, and how to outline by hand what the model misses there. */
  answer: string;
}

export type SegmentationOutcome = SegmentationResult | NothingFound;

/** A click on a nodule that is already a label, answered before any model ran. */
interface AlreadyOutlined {
  labelMap: null;
  answer: string;
}

type SegmentRequest = { modelId: string; provider: 'auto' | 'cpu' | 'cuda'; seedLps?: Vec3 | undefined; tta?: boolean | undefined };

export interface SegmentationBackend {
  listModels(): Promise<ModelSummary[]>;
  segment(volume: Volume, request: SegmentRequest, ctx: JobContext): Promise<SegmentationOutcome>;
  /** Lung nodule candidates of a CT, checked by a click-to-segment model. */
  findCandidates(volume: Volume, request: { modelId: string; provider: 'auto' | 'cpu' | 'cuda' }, ctx: JobContext): Promise<CandidateSearchOutcome>;
}

export interface ServiceOptions {
  door: AppInfo['door'];
  version: string;
  libraryRoot: string | null;
  readStudy(path: string, seriesUid?: string): Promise<ReadOutcome>;
  segmentation: SegmentationBackend;
  /** Electron only: shows the native open dialog and returns the chosen path. */
  pickPath?: () => Promise<string | null>;
  /** Electron only: shows the native save dialog with a suggested file name. */
  pickSavePath?: (suggestedName: string) => Promise<string | null>;
  /** Electron only: the file or folder the user last dropped onto the window (recorded by the main process). */
  droppedPath?: () => string | null;
}

interface OpenStudy extends ExportableStudy {
  range: [number, number];
}

/** The app's state and behaviour behind LobusApi, shared by every door. */
export class LobusService {
  readonly jobs = new JobManager();
  private readonly studies = new Map<string, OpenStudy>();
  private readonly uploads = new UploadArea();
  private readonly candidates = new Map<string, CandidateSearchOutcome>();
  private nextStudy = 1;
  /** What the open dialog last chose, so a series of it can be opened without the renderer naming it. */
  private dialogPath: string | null = null;

  constructor(private readonly options: ServiceOptions) {}

  /** Validates an untrusted request and runs it. */
  async dispatch<M extends MethodName>(method: M, request: unknown): Promise<ResponseMap[M]> {
    const valid = validateRequest(method, request);
    const handler = this.handlers[method] as (r: RequestOf<M>) => Promise<ResponseMap[M]>;
    return handler(valid);
  }

  /** Opens a path chosen by the user through a trusted channel (command line, dialog). */
  async openPath(path: string, seriesUid?: string, itemId = path): Promise<OpenResult> {
    return this.opened(await this.options.readStudy(path, seriesUid), itemId);
  }

  private opened(outcome: ReadOutcome, itemId: string): OpenResult {
    if (outcome.kind === 'choose-series') return { kind: 'choose-series', itemId, series: outcome.series };
    return { kind: 'study', study: this.addStudy(outcome.volume) };
  }

  private addStudy(volume: Volume): StudySummary {
    const studyId = `s${this.nextStudy++}`;
    const range = valueRange(volume.data);
    this.studies.set(studyId, { volume, range, mask: null });
    const title = volume.meta.seriesDescription || volume.meta.studyDescription || volume.meta.sourcePath || 'Study';
    const { dims, spacing, origin, direction, pixelType, meta } = volume;
    return { studyId, title, dims, spacing, origin, direction, pixelType, meta, range };
  }

  private study(studyId: string): OpenStudy {
    const study = this.studies.get(studyId);
    if (!study) throw new Error(`No open study ${studyId}.`);
    return study;
  }

  private readonly handlers: { [M in MethodName]: (r: RequestOf<M>) => Promise<ResponseMap[M]> } = {
    getAppInfo: async () => ({
      version: this.options.version,
      door: this.options.door,
      nativeDialogs: Boolean(this.options.pickPath),
      libraryRoot: this.options.libraryRoot,
    }),
    openDemo: async () => ({ kind: 'study', study: this.addStudy(makeDemoPhantom()) }),
    listLibrary: async () => (this.options.libraryRoot ? listLibrary(this.options.libraryRoot) : []),
    openLibraryItem: async ({ itemId, seriesUid }) => {
      if (!this.options.libraryRoot) throw new Error('No library folder was given to this server.');
      return this.openPath(await resolveLibraryItem(this.options.libraryRoot, itemId), seriesUid, itemId);
    },
    openWithDialog: async ({ seriesUid }) => {
      if (!this.options.pickPath) throw new Error('Open dialogs are only available in the desktop app.');
      if (seriesUid) {
        if (!this.dialogPath) throw new Error('Nothing was chosen in the open dialog to pick a series from.');
        return this.openPath(this.dialogPath, seriesUid, 'dialog');
      }
      const chosen = await this.options.pickPath();
      if (!chosen) return null;
      this.dialogPath = chosen;
      return this.openPath(chosen, undefined, 'dialog');
    },
    getVolume: async ({ studyId }) => {
      const { volume, range } = this.study(studyId);
      const { dims, spacing, origin, direction, pixelType, meta, data } = volume;
      // A copy in a plain ArrayBuffer: voxels may live in a SharedArrayBuffer, which IPC cannot send.
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
      return { header: { studyId, dims, spacing, origin, direction, pixelType, meta, range }, data: bytes };
    },
    listModels: async ({ studyId }) => {
      const modality = this.study(studyId).volume.meta.modality;
      return (await this.options.segmentation.listModels()).filter((m) => m.modalities.includes(modality));
    },
    startSegmentation: async ({ studyId, modelId, provider, seedLps, tta }) => {
      const study = this.study(studyId);
      const { jobId, result } = this.jobs.start(
        studyId,
        `segment:${modelId}`,
        (ctx) => this.segment(study, { modelId, provider, seedLps, tta }, ctx),
        (outcome) => (outcome.labelMap ? undefined : { answer: outcome.answer, ...('provider' in outcome ? { ranOn: ranOnOf(outcome) } : {}) }),
      );
      result.then(
        (outcome) => {
          if (outcome.labelMap) study.mask = mergeMask(study.mask, outcome, modelId);
        },
        () => undefined,
      );
      return { jobId };
    },
    cancelJob: async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    listJobs: async () => this.jobs.list(),
    getLabelMap: async ({ studyId }) => {
      const mask = this.study(studyId).mask;
      if (!mask) return null;
      const data = mask.labelMap.data;
      return {
        header: { studyId, labels: mask.labelMap.labels, provenance: mask.provenance },
        data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
      };
    },
    closeStudy: async ({ studyId }) => {
      this.candidates.delete(studyId);
      return { closed: this.studies.delete(studyId) };
    },
    putLabelMap: async ({ studyId, labels, editProvenance, data }) => {
      const study = this.study(studyId);
      const { dims, spacing, origin, direction } = study.volume;
      if (data.byteLength !== dims[0] * dims[1] * dims[2]) {
        throw new Error(`The label map has ${data.byteLength} voxels but the study has ${dims.join('×')}.`);
      }
      const bytes = new Uint8Array(data);
      const known = new Set(labels.map((l) => l.value));
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0 && !known.has(bytes[i]!)) throw new Error(`Voxel value ${bytes[i]} has no entry in the label table.`);
      }
      const labelMap: LabelMap = { dims, spacing, origin, direction, data: bytes, labels };
      study.mask = { labelMap, provenance: study.mask?.provenance ?? [], ...(editProvenance ? { editProvenance } : {}) };
      return { voxels: bytes.length };
    },
    saveMaskAs: async ({ studyId, perLabelFiles }) => {
      const study = this.study(studyId);
      const target = await this.pickSave(`${exportStem(study.volume)}.nii.gz`);
      return target ? writeMaskFiles(study, target, perLabelFiles ?? false) : null;
    },
    downloadMask: async ({ studyId }) => maskDownload(this.study(studyId)),
    saveStatsAs: async ({ studyId, format, lesionNames }) => {
      const study = this.study(studyId);
      const target = await this.pickSave(statsDocument(study, format).fileName);
      return target ? writeStatsFile(study, format, target, lesionNames ?? []) : null;
    },
    downloadStats: async ({ studyId, format, lesionNames }) => statsDocument(this.study(studyId), format, lesionNames ?? []),
    beginUpload: async (announced) => ({ uploadId: await this.uploads.begin(announced) }),
    uploadFile: async ({ uploadId, name, data }) => this.uploads.addFile(uploadId, name, data),
    openUpload: async ({ uploadId, seriesUid }) => this.opened(await readUpload(this.uploads, this.options.readStudy, uploadId, seriesUid), uploadId),
    loadMaskFile: async ({ studyId, ...upload }) => readUploadedMask(studyId, this.study(studyId).volume, upload),
    openDropped: async ({ seriesUid }) => {
      const dropped = this.options.droppedPath?.();
      if (!dropped) throw new Error('Nothing was dropped onto the window to open.');
      return this.openPath(dropped, seriesUid, 'dropped');
    },
    startCandidateSearch: async ({ studyId, modelId, provider }) => {
      const study = this.study(studyId);
      const { jobId, result } = this.jobs.start(studyId, `candidates:${modelId}`, (ctx) =>
        this.options.segmentation.findCandidates(study.volume, { modelId, provider }, ctx),
      );
      result.then(
        (outcome) => this.studies.has(studyId) && this.candidates.set(studyId, outcome),
        () => undefined,
      );
      return { jobId };
    },
    getNoduleCandidates: async ({ studyId }) => {
      this.study(studyId);
      const outcome = this.candidates.get(studyId);
      return outcome ? candidatesPayload(studyId, outcome) : null;
    },
  };

  /**
   * Runs the model, except that a click on a nodule already outlined (the point is in a label, or the new outline lies
   * mostly in one) is answered instead of added again as a second label over the first; nodule mode stays on from
   * click to click, so such clicks happen.
   */
  private async segment(study: OpenStudy, request: SegmentRequest, ctx: JobContext): Promise<SegmentationOutcome | AlreadyOutlined> {
    const held = request.seedLps ? study.mask?.labelMap : undefined;
    const at = held && request.seedLps ? labelAtPoint(held, request.seedLps) : 0;
    if (held && at) return { labelMap: null, answer: alreadyOutlinedAnswer(held, at) };
    const outcome = await this.options.segmentation.segment(study.volume, request, ctx);
    const again = held && outcome.labelMap ? labelOutlinedAgain(held, outcome.labelMap.data) : 0;
    if (held && again) return { labelMap: null, answer: alreadyOutlinedAnswer(held, again), ...ranOnOf(outcome) };
    return outcome;
  }

  private async pickSave(suggestedName: string): Promise<string | null> {
    if (!this.options.pickSavePath) throw new Error('Save dialogs are only available in the desktop app; use the download instead.');
    return this.options.pickSavePath(suggestedName);
  }
}

/** A new model result is added to the study's label map; its labels get values, names and colours not used yet ("Nodule 2"). */
function mergeMask(current: OpenStudy['mask'], outcome: SegmentationResult, modelId: string): NonNullable<OpenStudy['mask']> {
  const provenance = { modelId, ...ranOnOf(outcome), ...(outcome.note ? { note: outcome.note } : {}) };
  if (!current) return { labelMap: outcome.labelMap, provenance: [provenance] };
  const used = new Set(current.labelMap.labels.map((l) => l.value));
  const remap = new Map<number, number>();
  let next = 1;
  for (const label of outcome.labelMap.labels) {
    while (used.has(next)) next++;
    remap.set(label.value, next);
    used.add(next);
    const labels = current.labelMap.labels;
    labels.push({ value: next, name: freeLabelName(label.name, labels), color: freeLabelColor(label.color, labels) });
  }
  const target = current.labelMap.data;
  const source = outcome.labelMap.data;
  for (let i = 0; i < source.length; i++) {
    const v = source[i]!;
    if (v !== 0) target[i] = remap.get(v) ?? v;
  }
  current.provenance.push(provenance);
  return current;
}
