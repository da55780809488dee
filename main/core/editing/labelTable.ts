import type { LabelInfo } from '../volume/types.js';

type Rgb = [number, number, number];

/** Distinct colours for new labels, cycled in order of value. */
export const LABEL_PALETTE: readonly Rgb[] = [
  [230, 25, 75],
  [60, 180, 75],
  [255, 225, 25],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
  [210, 245, 60],
  [250, 190, 212],
  [0, 128, 128],
  [170, 110, 40],
];

export const MAX_LABEL_VALUE = 255;

export function findLabel(labels: readonly LabelInfo[], value: number): LabelInfo | undefined {
  return labels.find((l) => l.value === value);
}

export function nextFreeLabelValue(labels: readonly LabelInfo[]): number {
  const used = new Set(labels.map((l) => l.value));
  for (let v = 1; v <= MAX_LABEL_VALUE; v++) if (!used.has(v)) return v;
  throw new Error('label table is full (255 labels)');
}

function checkColor(color: Rgb): Rgb {
  if (color.length !== 3 || color.some((c) => !Number.isInteger(c) || c < 0 || c > 255)) {
    throw new Error(`colour must be three integers 0–255, got ${JSON.stringify(color)}`);
  }
  return [color[0], color[1], color[2]];
}

function checkValue(value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_LABEL_VALUE) {
    throw new Error(`label value must be an integer 1–255, got ${value}`);
  }
}

/**
 * `name`, or where a label already has it, the next free "<name> N" (N from 2; a trailing number is replaced, so a
 * second "Nodule 1" becomes "Nodule 2"): a second nodule click or accepted candidate must not be a second "Nodule".
 */
export function freeLabelName(name: string, labels: readonly Pick<LabelInfo, 'name'>[]): string {
  const used = new Set(labels.map((l) => l.name));
  if (!used.has(name)) return name;
  const base = name.replace(/ \d+$/, '');
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** `color`, or where a label already has it, the first palette colour no label has (the palette cycles when all are taken). */
export function freeLabelColor(color: Rgb, labels: readonly Pick<LabelInfo, 'color'>[]): Rgb {
  const key = (c: readonly number[]) => c.join(',');
  const used = new Set(labels.map((l) => key(l.color)));
  if (!used.has(key(color))) return [color[0], color[1], color[2]];
  const free = LABEL_PALETTE.find((c) => !used.has(key(c))) ?? LABEL_PALETTE[labels.length % LABEL_PALETTE.length]!;
  return [free[0], free[1], free[2]];
}

/** A new table with one more label (the lowest free value unless `value` is given), sorted by value. */
export function withLabelAdded(
  labels: readonly LabelInfo[],
  name: string,
  color?: Rgb,
  value?: number,
): { labels: LabelInfo[]; added: LabelInfo } {
  const v = value ?? nextFreeLabelValue(labels);
  checkValue(v);
  if (findLabel(labels, v)) throw new Error(`label ${v} already exists`);
  const added: LabelInfo = {
    value: v,
    name,
    color: checkColor(color ?? LABEL_PALETTE[(v - 1) % LABEL_PALETTE.length]!),
  };
  return { labels: [...labels.map(copyLabel), added].sort((a, b) => a.value - b.value), added };
}

export function withLabelRenamed(labels: readonly LabelInfo[], value: number, name: string): LabelInfo[] {
  return update(labels, value, (l) => ({ ...l, name }));
}

export function withLabelRecolored(labels: readonly LabelInfo[], value: number, color: Rgb): LabelInfo[] {
  const c = checkColor(color);
  return update(labels, value, (l) => ({ ...l, color: c }));
}

export function withLabelRemoved(labels: readonly LabelInfo[], value: number): LabelInfo[] {
  if (!findLabel(labels, value)) throw new Error(`no label ${value}`);
  return labels.filter((l) => l.value !== value).map(copyLabel);
}

export function copyLabel(l: LabelInfo): LabelInfo {
  return { value: l.value, name: l.name, color: [l.color[0], l.color[1], l.color[2]] };
}

function update(labels: readonly LabelInfo[], value: number, change: (l: LabelInfo) => LabelInfo): LabelInfo[] {
  if (!findLabel(labels, value)) throw new Error(`no label ${value}`);
  return labels.map((l) => (l.value === value ? change(copyLabel(l)) : copyLabel(l)));
}
