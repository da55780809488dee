/** Transfer functions for the 3D view: value → colour and opacity points. Pure data. */
import type { WindowLevel } from './windowLevel.js';

export type VolumePresetName = 'ct-soft-tissue' | 'ct-lung' | 'mr';
export const VOLUME_PRESETS: { name: VolumePresetName; label: string }[] = [
  { name: 'ct-soft-tissue', label: 'CT soft tissue' },
  { name: 'ct-lung', label: 'CT lung' },
  { name: 'mr', label: 'MR' },
];

export interface TransferFunction {
  /** [value, r, g, b] with colours 0…1. */
  colors: [number, number, number, number][];
  /** [value, opacity]. */
  opacities: [number, number][];
  shade: boolean;
}

/**
 * CT presets in HU. Soft tissue hides air and fat and shows enhancing organs and bone; lung shows the aerated
 * lung (−950…−500 HU) faintly and bone, so nodules and airways stand out.
 */
export function volumeTransfer(name: VolumePresetName, mrWindow: WindowLevel): TransferFunction {
  if (name === 'ct-soft-tissue') {
    return {
      colors: [
        [-200, 0.25, 0.1, 0.05],
        [20, 0.7, 0.3, 0.2],
        [80, 0.9, 0.55, 0.45],
        [300, 1, 0.85, 0.7],
        [1000, 1, 1, 0.95],
      ],
      opacities: [
        [-200, 0],
        [40, 0],
        [100, 0.05],
        [250, 0.3],
        [1000, 0.8],
      ],
      shade: true,
    };
  }
  if (name === 'ct-lung') {
    return {
      colors: [
        [-1000, 0.3, 0.4, 0.6],
        [-850, 0.55, 0.7, 0.95],
        [-500, 0.9, 0.75, 0.7],
        [200, 0.9, 0.8, 0.7],
        [1000, 1, 1, 1],
      ],
      opacities: [
        [-1000, 0],
        [-950, 0],
        [-850, 0.04],
        [-600, 0.02],
        [-450, 0],
        [150, 0],
        [300, 0.3],
        [1000, 0.7],
      ],
      shade: true,
    };
  }
  const lo = mrWindow.center - mrWindow.width / 2;
  const hi = mrWindow.center + mrWindow.width / 2;
  const at = (f: number) => lo + f * (hi - lo);
  return {
    colors: [
      [at(0), 0, 0, 0],
      [at(0.3), 0.55, 0.35, 0.3],
      [at(0.7), 0.9, 0.8, 0.7],
      [at(1), 1, 1, 1],
    ],
    opacities: [
      [at(0), 0],
      [at(0.25), 0],
      [at(0.6), 0.2],
      [at(1), 0.6],
    ],
    shade: true,
  };
}
