import type { LabelInfo } from '../volume/types.js';
import { MAX_LABEL_VALUE } from './labelTable.js';

/**
 * How a loaded mask's labels join the editor's table: a value already used by another label moves to the
 * lowest free value (a label of the same value and name is the same label and keeps it). Returns the
 * labels to add and the mask's voxels rewritten with the final values.
 */
export function planLabelImport(existing: readonly LabelInfo[], incoming: readonly LabelInfo[], data: Uint8Array): { labels: LabelInfo[]; data: Uint8Array } {
  const used = new Set(existing.map((l) => l.value));
  const remap = new Uint8Array(256).map((_, v) => v);
  const labels: LabelInfo[] = [];
  let free = 1;
  for (const label of incoming) {
    const same = existing.find((l) => l.value === label.value);
    if (same && same.name === label.name) continue;
    let value = label.value;
    if (used.has(value)) {
      while (free <= MAX_LABEL_VALUE && used.has(free)) free++;
      if (free > MAX_LABEL_VALUE) throw new Error('The label table is full (255 labels): delete a label before loading this mask.');
      value = free;
    }
    used.add(value);
    remap[label.value] = value;
    labels.push({ ...label, color: [...label.color] as LabelInfo['color'], value });
  }
  const unchanged = remap.every((to, from) => to === from);
  return { labels, data: unchanged ? data : data.map((v) => remap[v]!) };
}
