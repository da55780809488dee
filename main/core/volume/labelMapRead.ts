import path from 'node:path';
import type { Geometry, LabelInfo, LabelMap, Vec3 } from './types.js';
import { describeGridDifference, sameGeometry } from './geometry.js';
import { DEFAULT_MAX_BYTES, VolumeReadError } from './errors.js';
import { readNiftiVolume } from './niftiRead.js';

/**
 * Index map from a reference grid to another grid covering the same voxels with axes permuted or
 * flipped (e.g. a LAS mask on an LPS image): mask index = M · ref index + t, M a signed permutation.
 * Undefined when the grids do not share voxel centres.
 */
export function axisAlignment(reference: Geometry, other: Geometry, tolMm = 1e-2): { perm: Vec3; sign: Vec3; offset: Vec3 } | undefined {
  const perm = [0, 0, 0] as Vec3;
  const sign = [1, 1, 1] as Vec3;
  const offset = [0, 0, 0] as Vec3;
  const used = new Set<number>();
  for (let r = 0; r < 3; r++) {
    const refAxis = [0, 1, 2].map((row) => reference.direction[row * 3 + r]! * reference.spacing[r]!);
    let found = false;
    for (let o = 0; o < 3 && !found; o++) {
      if (used.has(o)) continue;
      const axis = [0, 1, 2].map((row) => other.direction[row * 3 + o]! * other.spacing[o]!);
      for (const s of [1, -1] as const) {
        if (refAxis.every((x, i) => Math.abs(x - s * axis[i]!) < 1e-4 * Math.max(1, Math.abs(x)))) {
          perm[r] = o;
          sign[r] = s;
          used.add(o);
          found = true;
          break;
        }
      }
    }
    if (!found) return undefined;
  }
  // Continuous index in `other` of the reference origin.
  const d = other.direction;
  const p = [0, 1, 2].map((i) => reference.origin[i]! - other.origin[i]!);
  const idx = [0, 1, 2].map((c) => (d[c]! * p[0]! + d[3 + c]! * p[1]! + d[6 + c]! * p[2]!) / other.spacing[c]!);
  for (let c = 0; c < 3; c++) {
    const rounded = Math.round(idx[c]!);
    if (Math.abs(idx[c]! - rounded) * other.spacing[c]! > tolMm) return undefined;
    offset[c] = rounded;
  }
  for (let r = 0; r < 3; r++) {
    const o = perm[r]!;
    const lo = offset[o]!;
    const hi = offset[o]! + sign[r]! * (reference.dims[r]! - 1);
    if (Math.min(lo, hi) < 0 || Math.max(lo, hi) > other.dims[o]! - 1) return undefined;
  }
  return { perm, sign, offset };
}

function defaultLabels(data: Uint8Array): LabelInfo[] {
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i++) if (data[i]) seen.add(data[i]!);
  const palette: [number, number, number][] = [[220, 80, 60], [60, 160, 220], [90, 200, 90], [230, 200, 50], [170, 90, 200], [240, 140, 40]];
  return [...seen].sort((a, b) => a - b).map((v, i) => ({ value: v, name: `Label ${v}`, color: palette[i % palette.length]! }));
}

/**
 * Reads a NIfTI label map and returns it on `reference`'s grid: as is when the grids match, re-indexed
 * exactly (no interpolation) when they cover the same voxels with flipped/permuted axes, or a
 * 'grid-mismatch' error. Values must be whole numbers 0–255.
 */
export async function readLabelMap(file: string, reference: Geometry, opts: { labels?: LabelInfo[]; maxBytes?: number } = {}): Promise<LabelMap> {
  const label = path.basename(file);
  const nii = await readNiftiVolume(file, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const src = nii.data;
  const mask: Geometry = { dims: nii.dims, ...nii.geometry };
  const count = reference.dims[0] * reference.dims[1] * reference.dims[2];
  const toLabel = (v: number): number => {
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new VolumeReadError('not-an-image', `${label} is not a label map: it holds the value ${v} (labels are whole numbers 0–255).`);
    }
    return v;
  };
  let data: Uint8Array;
  if (sameGeometry(reference, mask, 1e-2)) {
    if (src instanceof Uint8Array) data = src;
    else {
      data = new Uint8Array(count);
      for (let i = 0; i < count; i++) data[i] = toLabel(src[i]!);
    }
  } else {
    const al = axisAlignment(reference, mask);
    if (!al) {
      throw new VolumeReadError(
        'grid-mismatch',
        `${label} is on a different grid from the image: ${describeGridDifference(reference, mask) ?? 'its voxels do not line up'}. It cannot be overlaid without resampling.`,
      );
    }
    data = new Uint8Array(count);
    const [nx, ny] = mask.dims;
    const stride = [1, nx, nx * ny];
    const step = [0, 1, 2].map((r) => al.sign[r]! * stride[al.perm[r]!]!);
    const base = al.offset[0]! * stride[0]! + al.offset[1]! * stride[1]! + al.offset[2]! * stride[2]!;
    let out = 0;
    for (let k = 0; k < reference.dims[2]; k++) {
      for (let j = 0; j < reference.dims[1]; j++) {
        let at = base + k * step[2]! + j * step[1]!;
        for (let i = 0; i < reference.dims[0]; i++, at += step[0]!) data[out++] = toLabel(src[at]!);
      }
    }
  }
  return { dims: [...reference.dims] as Vec3, spacing: [...reference.spacing] as Vec3, origin: [...reference.origin] as Vec3, direction: [...reference.direction] as Geometry['direction'], data, labels: opts.labels ?? defaultLabels(data) };
}
