import type { Volume } from '../../../main/core/volume/types.js';
import { seededRandom } from '../editing/editingFixtures.js';

/**
 * The volume with CT-like noise added, as a lower dose gives: seeded white Gaussian noise blurred in-plane by
 * [1, 2, 1] / 4 along x and along y (CT noise is correlated over a pixel or two by the reconstruction kernel),
 * scaled so that what is added has a standard deviation of `stdHu`. Voxels below −1500 HU (outside the scan
 * circle) are left as they are.
 */
export function withCtNoise(volume: Volume, stdHu: number, seed: number): Volume {
  const [nx, ny, nz] = volume.dims;
  const random = seededRandom(seed);
  const white = new Float32Array(nx * ny * nz);
  for (let v = 0; v < white.length; v += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const t = 2 * Math.PI * random();
    white[v] = r * Math.cos(t);
    if (v + 1 < white.length) white[v + 1] = r * Math.sin(t);
  }
  const alongX = blur3(white, (v) => (v % nx > 0 ? v - 1 : v), (v) => (v % nx < nx - 1 ? v + 1 : v));
  const plane = (v: number) => Math.floor(v / nx) % ny;
  const noise = blur3(alongX, (v) => (plane(v) > 0 ? v - nx : v), (v) => (plane(v) < ny - 1 ? v + nx : v));
  // Each [1, 2, 1] / 4 pass keeps sqrt(0.375) of a white noise's standard deviation.
  const gain = stdHu / 0.375;
  const data = new Float32Array(white.length);
  for (let v = 0; v < data.length; v++) {
    const hu = volume.data[v]!;
    data[v] = hu < -1500 ? hu : hu + noise[v]! * gain;
  }
  return { ...volume, data, pixelType: 'float32' };
}

function blur3(src: Float32Array, before: (v: number) => number, after: (v: number) => number): Float32Array {
  const out = new Float32Array(src.length);
  for (let v = 0; v < src.length; v++) out[v] = 0.25 * src[before(v)]! + 0.5 * src[v]! + 0.25 * src[after(v)]!;
  return out;
}
