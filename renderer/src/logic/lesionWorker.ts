/// <reference lib="webworker" />
/** Lesion statistics off the main thread, with the same code the CLI uses (main/core/analysis). */
import { measureLesions } from '../../../main/core/analysis/index.js';
import type { LesionStats } from '../../../main/core/analysis/types.js';
import type { LabelMap, Volume } from '../../../main/core/volume/types.js';

export interface LesionRequest {
  id: number;
  labelMap: LabelMap;
  /** Identifies the image; it is sent only when it changes and the worker keeps it. */
  imageKey: string;
  image?: Volume;
  /** Measure only these labels (after an edit); all labels when absent. */
  labels?: number[];
}

export type LesionReply = { id: number; lesions: LesionStats[] } | { id: number; error: string; needImage?: boolean };

let cached: { key: string; image: Volume } | null = null;

self.onmessage = (event: MessageEvent<LesionRequest>) => {
  const { id, labelMap, imageKey, image, labels } = event.data;
  const post = (reply: LesionReply) => (self as unknown as Worker).postMessage(reply);
  if (image) cached = { key: imageKey, image };
  if (!cached || cached.key !== imageKey) {
    post({ id, error: 'the image is not loaded in the worker', needImage: true });
    return;
  }
  try {
    const lesions = measureLesions(labelMap, cached.image, labels ? { connectivity: 26, labels } : { connectivity: 26 });
    post({ id, lesions });
  } catch (err) {
    post({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
