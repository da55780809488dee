/**
 * LobusApi: the one contract between the renderer and the app, whichever door it comes through
 * (Electron IPC, the local HTTP/WebSocket server). Requests are validated here, on the receiving side.
 */
import type { JobProgress } from '../jobs/jobs.js';
import type { RankedCandidate } from '../nodules/candidateSearch.js';
import type { LabelInfo, Mat3, Modality, PixelType, Vec3, VolumeMeta } from '../volume/types.js';
import { arrayOf, bool, num, obj, oneOf, optional, str, tuple3, ValidationError, type Infer, type Validator } from './validate.js';

export type Provider = 'auto' | 'cpu' | 'cuda';

export interface AppInfo {
  version: string;
  door: 'electron' | 'server';
  /** Whether this door can show native open/save dialogs. */
  nativeDialogs: boolean;
  /** Folder `lobus serve` was given, if any (its files are listed by listLibrary). */
  libraryRoot: string | null;
}

export interface VolumeHeader {
  studyId: string;
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Mat3;
  pixelType: PixelType;
  meta: VolumeMeta;
  /** Smallest and largest voxel value, for window presets. */
  range: [number, number];
}

export interface StudySummary extends VolumeHeader {
  title: string;
}

export interface SeriesChoice {
  seriesUid: string;
  modality: string;
  description: string;
  sliceCount: number;
  dims: Vec3 | null;
}

/** A series choice's `itemId` names its source for the follow-up request (library item, upload), never a path. */
export type OpenResult = { kind: 'study'; study: StudySummary } | { kind: 'choose-series'; itemId: string; series: SeriesChoice[] };

export interface LibraryItem {
  itemId: string;
  name: string;
  kind: 'file' | 'folder';
}

export interface ModelSummary {
  id: string;
  name: string;
  task: string;
  modalities: Modality[];
  labels: LabelInfo[];
  needsSeed: boolean;
}

export interface LabelMapHeader {
  studyId: string;
  labels: LabelInfo[];
  /** Which model and execution provider produced it, and why the provider was chosen. */
  provenance: { modelId: string; provider: 'cpu' | 'cuda'; fallbackReason?: string; note?: string }[];
}

export interface BinaryPayload<H> {
  header: H;
  data: ArrayBuffer;
}

export interface ExportedFile {
  fileName: string;
  /** Where it was written (desktop: the path the user chose in the save dialog). */
  path?: string;
}

export interface MaskDownloadHeader {
  fileName: string;
  /** The label table sidecar (value, name, colour) and the provenance sidecar, as JSON text. */
  labelTableJson: string;
  provenanceJson: string;
}

/** Nodule candidates found on a CT study; the payload is their label map (one byte per voxel, value = rank). */
export interface NoduleCandidatesHeader {
  studyId: string;
  modelId: string;
  provider: 'cpu' | 'cuda';
  fallbackReason?: string;
  candidates: RankedCandidate[];
  /** Lung the search looked in, mL (0: no aerated lung in the scan). */
  lungVolumeMl: number;
  seedsTried: number;
  seconds: number;
}

export const labelInfo = obj({
  value: num({ min: 1, max: 255, integer: true }),
  name: str({ min: 1, max: 128 }),
  color: tuple3(num({ min: 0, max: 255, integer: true })),
});

/** A raw byte buffer (label maps from the renderer); its length is checked against the study by the service. */
const bytes =
  (maxBytes: number): Validator<ArrayBuffer> =>
  (v, path = '') => {
    const buffer = ArrayBuffer.isView(v) ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v;
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength > maxBytes) throw new ValidationError(path, `binary data of at most ${maxBytes} bytes`);
    return buffer;
  };

const studyId = str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });
const itemId = str({ min: 1, max: 1024 });
const provider = oneOf('auto', 'cpu', 'cuda');
const mm = num({ min: -1e6, max: 1e6 });
/** A name the user gave one lesion, which is found by its label and anchor voxel (LesionStats.anchorIjk). */
const lesionName = obj({
  label: num({ min: 1, max: 255, integer: true }),
  anchorIjk: tuple3(num({ min: 0, max: 1e5, integer: true })),
  name: str({ min: 1, max: 128 }),
});
const lesionNames = optional(arrayOf(lesionName, 10_000));
const uploadId = str({ min: 1, max: 16, pattern: /^u\d+$/ });
const seriesUid = optional(str({ min: 1, max: 128 }));
const modelId = str({ min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9_.-]*$/ });

/** Every method: its request validator. Responses are produced by trusted code and are typed only. */
export const requestValidators = {
  getAppInfo: obj({}),
  openDemo: obj({}),
  listLibrary: obj({}),
  openLibraryItem: obj({ itemId, seriesUid: optional(str({ min: 1, max: 128 })) }),
  /** Desktop: the native open dialog; with `seriesUid`, that series of what the dialog last chose (no dialog shown). */
  openWithDialog: obj({ seriesUid }),
  getVolume: obj({ studyId }),
  listModels: obj({ studyId }),
  startSegmentation: obj({ studyId, modelId: str({ min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9_.-]*$/ }), provider, seedLps: optional(tuple3(mm)), tta: optional(bool) }),
  cancelJob: obj({ jobId: str({ min: 1, max: 64, pattern: /^job-\d+$/ }) }),
  listJobs: obj({}),
  getLabelMap: obj({ studyId }),
  closeStudy: obj({ studyId }),
  /** The renderer's edited label map replaces the study's (same grid; one byte per voxel). */
  putLabelMap: obj({
    studyId,
    labels: arrayOf(labelInfo, 255),
    /** Who made which voxels (models, hand edits), as JSON text; written beside exported masks. */
    editProvenance: optional(str({ max: 1 << 20 })),
    data: bytes(2 ** 31),
  }),
  /** Desktop: save dialog, then writes the mask, its label table and provenance; null if cancelled. */
  saveMaskAs: obj({ studyId, perLabelFiles: optional(bool) }),
  /** Browser build: the mask as .nii.gz bytes for a download, sidecars as JSON text in the header. */
  downloadMask: obj({ studyId }),
  saveStatsAs: obj({ studyId, format: oneOf('csv', 'json'), lesionNames }),
  downloadStats: obj({ studyId, format: oneOf('csv', 'json'), lesionNames }),
  /** Browser build: a study sent as files. beginUpload announces them (limits checked first), uploadFile sends each. */
  beginUpload: obj({ displayName: str({ min: 1, max: 255 }), fileCount: num({ min: 1, max: 1e6, integer: true }), totalBytes: num({ min: 0, max: 2 ** 53, integer: true }) }),
  uploadFile: obj({ uploadId, name: str({ min: 1, max: 1024 }), data: bytes(2 ** 31) }),
  openUpload: obj({ uploadId, seriesUid }),
  /** A .nii/.nii.gz label map for the open study, on its grid; `labelsJson` is Lobus's .labels.json sidecar text. */
  loadMaskFile: obj({ studyId, fileName: str({ min: 1, max: 1024 }), labelsJson: optional(str({ max: 1 << 20 })), data: bytes(2 ** 30) }),
  /** Desktop: opens what the user last dropped onto the window; the renderer never names a path. */
  openDropped: obj({ seriesUid }),
  /** A job: lung mask, then nodule candidates checked by a click-to-segment model. */
  startCandidateSearch: obj({ studyId, modelId, provider }),
  /** The last finished candidate search of the study; null before one finished. */
  getNoduleCandidates: obj({ studyId }),
} satisfies Record<string, Validator<unknown>>;

export type MethodName = keyof typeof requestValidators;
export type RequestOf<M extends MethodName> = Infer<(typeof requestValidators)[M]>;

export interface ResponseMap {
  getAppInfo: AppInfo;
  openDemo: OpenResult;
  listLibrary: LibraryItem[];
  openLibraryItem: OpenResult;
  openWithDialog: OpenResult | null;
  getVolume: BinaryPayload<VolumeHeader>;
  listModels: ModelSummary[];
  startSegmentation: { jobId: string };
  cancelJob: { cancelled: boolean };
  listJobs: JobProgress[];
  getLabelMap: BinaryPayload<LabelMapHeader> | null;
  closeStudy: { closed: boolean };
  putLabelMap: { voxels: number };
  saveMaskAs: ExportedFile[] | null;
  downloadMask: BinaryPayload<MaskDownloadHeader>;
  saveStatsAs: ExportedFile | null;
  downloadStats: { fileName: string; mimeType: string; content: string };
  beginUpload: { uploadId: string };
  uploadFile: { received: number };
  openUpload: OpenResult;
  loadMaskFile: BinaryPayload<LabelMapHeader>;
  openDropped: OpenResult;
  startCandidateSearch: { jobId: string };
  getNoduleCandidates: BinaryPayload<NoduleCandidatesHeader> | null;
}

/** Methods whose response carries a large typed array. */
export const binaryMethods: ReadonlySet<MethodName> = new Set<MethodName>(['getVolume', 'getLabelMap', 'downloadMask', 'loadMaskFile', 'getNoduleCandidates']);

/** Methods whose request carries a `data` byte buffer: over HTTP the body is an envelope (header = the rest). */
export const binaryRequestMethods: ReadonlySet<MethodName> = new Set<MethodName>(['putLabelMap', 'uploadFile', 'loadMaskFile']);

export type LobusEvent = { type: 'job'; job: JobProgress };

/** What the renderer calls. Both doors implement it; the renderer does not know which one it has. */
export type LobusApi = { [M in MethodName]: (request: RequestOf<M>) => Promise<ResponseMap[M]> } & {
  onEvent(listener: (event: LobusEvent) => void): () => void;
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestValidators, name);
}

export function validateRequest<M extends MethodName>(method: M, request: unknown): RequestOf<M> {
  return requestValidators[method](request) as RequestOf<M>;
}

