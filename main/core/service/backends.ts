import type { ReadOutcome, SegmentationBackend } from './lobusService.js';

// Wired to main/core/volume and main/core/inference as those modules land.
export async function readStudyFromPath(path: string): Promise<ReadOutcome> {
  throw new Error(`Reading ${path}: file reading is not available in this build yet.`);
}

export function segmentationBackend(): SegmentationBackend {
  return {
    listModels: async () => [],
    segment: async () => {
      throw new Error('No segmentation models are installed.');
    },
  };
}
