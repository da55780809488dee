import type { Mat3, Volume } from '../../../main/core/volume/types.js';

/**
 * The same image (same voxels at the same LPS positions) stored with the index axes in `axes` reversed: each such
 * direction column negated and the origin moved to the far end, as a scanner writing the other way round would.
 * `toReversed` maps a linear index of `volume` to that of the returned one.
 */
export function withReversedAxes(volume: Volume, axes: (0 | 1 | 2)[]): { reversed: Volume; toReversed: (index: number) => number } {
  const [nx, ny, nz] = volume.dims;
  const flip = (i: number, j: number, k: number): [number, number, number] => [
    axes.includes(0) ? nx - 1 - i : i, axes.includes(1) ? ny - 1 - j : j, axes.includes(2) ? nz - 1 - k : k,
  ];
  const toReversed = (index: number) => {
    const [i, j, k] = flip(index % nx, Math.floor(index / nx) % ny, Math.floor(index / (nx * ny)));
    return i + nx * (j + ny * k);
  };
  const data = volume.data.slice();
  for (let v = 0; v < volume.data.length; v++) data[toReversed(v)] = volume.data[v]!;
  const direction = [...volume.direction] as Mat3;
  const origin: [number, number, number] = [...volume.origin];
  for (const a of axes)
    for (let r = 0; r < 3; r++) {
      origin[r] = origin[r]! + direction[r * 3 + a]! * volume.spacing[a]! * (volume.dims[a]! - 1);
      direction[r * 3 + a] = -direction[r * 3 + a]!;
    }
  return { reversed: { ...volume, data, direction, origin }, toReversed };
}
