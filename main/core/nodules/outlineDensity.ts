import { squaredDistanceToMask3d } from '../editing/distanceTransform.js';
import type { Geometry } from '../volume/types.js';
import { GROUND_GLASS_HU } from './clickHints.js';

/** The aerated lung an outline is measured against: 2–5 mm from its surface (past its partial-volume edge, before the next structure). */
export const AROUND_MM: readonly [number, number] = [2, 5];

/**
 * The HU inside an outline (`inside` = 1) and of the lung around it (`AROUND_MM` out, solid tissue left out), each
 * sorted ascending, for quantiles (`quantile`), and the share of that shell that is solid tissue (left out of `around`).
 */
export function valuesInsideAndAround(hu: Float32Array, grid: Geometry, inside: Uint8Array): { within: number[]; around: number[]; solidAroundShare: number } {
  const distance2 = squaredDistanceToMask3d(inside, grid.dims, grid.spacing);
  const [lo2, hi2] = AROUND_MM.map((d) => d * d) as [number, number];
  const within: number[] = [];
  const around: number[] = [];
  let solidAround = 0;
  for (let v = 0; v < hu.length; v++) {
    if (inside[v]) within.push(hu[v]!);
    else if (distance2[v]! > lo2 && distance2[v]! <= hi2) {
      if (hu[v]! <= GROUND_GLASS_HU[1]) around.push(hu[v]!);
      else solidAround++;
    }
  }
  within.sort((a, b) => a - b);
  around.sort((a, b) => a - b);
  const shell = around.length + solidAround;
  return { within, around, solidAroundShare: shell ? solidAround / shell : 0 };
}

/** The `q` quantile (0–1) of values sorted ascending; 0 when there are none. */
export const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
