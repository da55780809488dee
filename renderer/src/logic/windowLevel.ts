/** Window/level: which HU (or MR intensity) range maps to black…white. Pure maths, no DOM. */
import type { Modality, WindowPreset } from '../../../main/core/volume/types.js';

export interface WindowLevel {
  center: number;
  width: number;
}

export const PRESET_NAMES = ['abdomen', 'liver', 'lung', 'mediastinum', 'bone', 'brain', 'mr-auto'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Fixed CT presets (HU), as radiology departments commonly use them. */
export const CT_PRESETS: Record<Exclude<PresetName, 'mr-auto'>, WindowLevel> = {
  abdomen: { center: 40, width: 400 },
  liver: { center: 60, width: 160 },
  lung: { center: -600, width: 1500 },
  mediastinum: { center: 50, width: 350 },
  bone: { center: 400, width: 1800 },
  brain: { center: 40, width: 80 },
};

export const PRESET_LABELS: Record<PresetName, string> = {
  abdomen: 'Abdomen',
  liver: 'Liver',
  lung: 'Lung',
  mediastinum: 'Mediastinum',
  bone: 'Bone',
  brain: 'Brain',
  'mr-auto': 'MR auto',
};

export const MIN_WINDOW_WIDTH = 1;

/**
 * The window spanning the `low`–`high` percentiles of the voxel values: robust against the few very bright
 * or dark voxels that make a min–max window useless on MR. Histogram over the value range, so O(n) and exact
 * to one bin (range / 4096).
 */
export function percentileWindow(data: ArrayLike<number>, range: [number, number], low = 1, high = 99): WindowLevel {
  const [min, max] = range;
  if (!(max > min) || data.length === 0) return { center: min, width: Math.max(MIN_WINDOW_WIDTH, max - min) };
  const bins = 4096;
  const histogram = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  // Every voxel would be exact but slow for 500 MB volumes; a stride keeps it under ~4 M samples.
  const stride = Math.max(1, Math.floor(data.length / 4_000_000));
  let counted = 0;
  for (let n = 0; n < data.length; n += stride) {
    const v = data[n] as number;
    if (!Number.isFinite(v)) continue;
    histogram[Math.min(bins - 1, Math.max(0, Math.floor((v - min) * scale)))]! += 1;
    counted++;
  }
  const valueAt = (fraction: number): number => {
    const target = fraction * counted;
    let cumulative = 0;
    for (let b = 0; b < bins; b++) {
      cumulative += histogram[b]!;
      if (cumulative >= target) return min + (b + 0.5) / scale;
    }
    return max;
  };
  const lo = valueAt(low / 100);
  const hi = valueAt(high / 100);
  return { center: (lo + hi) / 2, width: Math.max(MIN_WINDOW_WIDTH, hi - lo) };
}

export function presetWindow(name: PresetName, data: ArrayLike<number>, range: [number, number]): WindowLevel {
  return name === 'mr-auto' ? percentileWindow(data, range) : CT_PRESETS[name];
}

/** The CT preset whose values these are, so its button can show as selected. */
export function matchingCtPreset(w: WindowLevel): PresetName | null {
  const names = Object.keys(CT_PRESETS) as (keyof typeof CT_PRESETS)[];
  return names.find((name) => CT_PRESETS[name].center === w.center && CT_PRESETS[name].width === w.width) ?? null;
}

/** The window a study opens with: the file's own first preset, else abdomen for CT, else the MR auto window. */
export function initialWindow(
  modality: Modality,
  filePresets: WindowPreset[],
  data: ArrayLike<number>,
  range: [number, number],
): { window: WindowLevel; preset: PresetName | null } {
  const fromFile = filePresets.find((p) => p.width > 0);
  if (fromFile) {
    const window = { center: fromFile.center, width: fromFile.width };
    return { window, preset: modality === 'CT' ? matchingCtPreset(window) : null };
  }
  if (modality === 'CT') return { window: CT_PRESETS.abdomen, preset: 'abdomen' };
  return { window: percentileWindow(data, range), preset: 'mr-auto' };
}

/**
 * Mouse drag → window: right = wider, up = brighter (lower level), as on most PACS. The sensitivity follows the
 * data range so a drag across the view covers it on CT and MR alike.
 */
export function dragWindow(start: WindowLevel, dxPx: number, dyPx: number, range: [number, number]): WindowLevel {
  const perPixel = Math.max(0.5, (range[1] - range[0]) / 1000);
  return {
    center: start.center + dyPx * perPixel,
    width: Math.max(MIN_WINDOW_WIDTH, start.width + dxPx * perPixel * 2),
  };
}

/** Grey value 0…1 of a voxel value under a window (linear ramp, clamped), as the GPU applies it. */
export function greyLevel(value: number, w: WindowLevel): number {
  const lo = w.center - w.width / 2;
  return Math.min(1, Math.max(0, (value - lo) / w.width));
}
