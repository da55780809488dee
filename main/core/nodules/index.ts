export { segmentNoduleFromSeed, noduleLabelMap, NO_NODULE_MESSAGE, type NoduleSegmentation, type SeedSegmentOptions } from './seedSegment.js';
export { predictCrop, type CropModelOptions, type CropPrediction } from './modelCrop.js';
export { segmentLungs, type LungMask, type LungMaskOptions } from './lungMask.js';
export { findBlobPasses, findBlobs, findSmallBlobs, gaussianBlur, type BlobSeed, type BlobOptions } from './blobs.js';
export { findNoduleCandidates, candidatesToLabelMap, pickSeeds, sortedOverlap, type NoduleCandidate, type CandidateOptions, type CandidateResult } from './candidates.js';
export { componentShape, symmetricEigenvalues, type ComponentShape } from './shape.js';
export { searchNoduleCandidates, type RankedCandidate, type CandidateSearchOutcome, type CandidateSearchOptions } from './candidateSearch.js';
export { searchNoduleCandidatesInWorker } from './runCandidatesInWorker.js';
export { componentAtSeed } from './componentPick.js';
