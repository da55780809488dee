/** Public API of volume reading: what services, the CLI and tests import. */
export { openSource, detectFormat, type OpenSourceOptions, type SourceFormat } from './openSource.js';
export { listDicomSeries, type SeriesSummary } from './dicomSeries.js';
export { describeSource, type SourceInfo } from './describeSource.js';
export { readLabelMap } from './labelMapRead.js';
export { VolumeReadError, isVolumeReadError, DEFAULT_MAX_BYTES, type VolumeReadErrorCode } from './errors.js';
export { openSourceInWorker, configureReadWorker } from './worker.js';
