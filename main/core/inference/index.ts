export { validateManifest, ManifestError, type ModelManifest, type Normalisation, type PostprocessSpec } from './manifest.js';
export { loadModelRegistry, modelFilePath, ModelNotFoundError, type ModelRegistry, type ManifestProblem } from './registry.js';
export { openModelSession, releaseSessions, ModelFileMissingError, ProviderUnavailableError, type Provider, type ProviderRequest } from './session.js';
export {
  segmentVolume,
  segmentCrop,
  cropGrid,
  InputTooLargeError,
  UnsupportedModalityError,
  type SegmentOptions,
  type SegmentResult,
  type SegmentTimings,
} from './segment.js';
export { ModelContractError } from './patchRunner.js';
export { runInWorker, activeInferenceWorkers } from './runInWorker.js';
export type { UpsampleMode } from './upsample.js';
