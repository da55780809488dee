import type { LabelInfo } from '../../../main/core/volume/types.js';

export interface LabelStyle {
  value: number;
  name: string;
  color: [number, number, number];
  /** Fill opacity 0…1. */
  opacity: number;
  outline: boolean;
  visible: boolean;
}

export const DEFAULT_FILL_OPACITY = 0.4;

/** Styles for a new label table, keeping what the user already set for labels that are still there. */
export function mergeLabelStyles(labels: LabelInfo[], previous: LabelStyle[]): LabelStyle[] {
  return labels.map((label) => {
    const kept = previous.find((p) => p.value === label.value && p.name === label.name);
    return kept ?? { value: label.value, name: label.name, color: label.color, opacity: DEFAULT_FILL_OPACITY, outline: true, visible: true };
  });
}

export function cssColor(c: [number, number, number]): string {
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export function hexColor(c: [number, number, number]): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

export function parseHexColor(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : null;
}
