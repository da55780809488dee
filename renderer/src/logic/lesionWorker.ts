/// <reference lib="webworker" />
/** Lesion statistics off the main thread, with the same code the CLI uses (main/core/analysis). */
import { measureLesions } from '../../../main/core/analysis/index.js';
import type { LesionStats } from '../../../main/core/analysis/types.js';
import type { LabelMap, Volume } from '../../../main/core/volume/types.js';

export interface LesionRequest {
  id: number;
  labelMap: LabelMap;
  image: Volume;
  /** Measure only these labels (after an edit); all labels when absent. */
  labels?: number[];
}

export type LesionReply = { id: number; lesions: LesionStats[] } | { id: number; error: string };

self.onmessage = (event: MessageEvent<LesionRequest>) => {
  const { id, labelMap, image, labels } = event.data;
  try {
    const lesions = measureLesions(labelMap, image, labels ? { connectivity: 26, labels } : { connectivity: 26 });
    (self as unknown as Worker).postMessage({ id, lesions } satisfies LesionReply);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies LesionReply);
  }
};
