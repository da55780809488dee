import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Geometry, LabelMap, Mat3, Vec3, Volume } from '../../../main/core/volume/types.js';

/** Direction matrix (columns = LPS unit vectors of i, j, k) rotated `zDeg` about z, then `xDeg` about x. */
export function rotatedDirection(zDeg: number, xDeg: number): Mat3 {
  const cz = Math.cos((zDeg * Math.PI) / 180);
  const sz = Math.sin((zDeg * Math.PI) / 180);
  const cx = Math.cos((xDeg * Math.PI) / 180);
  const sx = Math.sin((xDeg * Math.PI) / 180);
  // Rx · Rz, row-major.
  const rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
  const m: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let v = 0;
      for (let t = 0; t < 3; t++) v += rx[3 * r + t]! * rz[3 * t + c]!;
      m.push(v);
    }
  }
  return m as Mat3;
}

/** The anisotropic, oblique grid of the issue: 0.7 × 0.9 × 2.5 mm, rotated 30° about z and 10° about x. */
export function obliqueGeometry(dims: Vec3): Geometry {
  return { dims, spacing: [0.7, 0.9, 2.5], origin: [-31.4, 12.2, -87.5], direction: rotatedDirection(30, 10) };
}

/** Label map whose voxels are `label` where `inside(world LPS point)` holds at the voxel centre. */
export function paintLabelMap(g: Geometry, inside: (p: Vec3) => boolean, label = 1): LabelMap {
  const [nx, ny, nz] = g.dims;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (inside(indexToWorld(g, [i, j, k]))) data[i + nx * (j + ny * k)] = label;
      }
    }
  }
  return { ...g, dims: [...g.dims] as Vec3, data, labels: [{ value: label, name: 'lesion', color: [255, 0, 0] }] };
}

export function emptyLabelMap(g: Geometry): LabelMap {
  return { ...g, data: new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]), labels: [] };
}

/** A CT-like volume on the same grid whose value at each voxel is `value(world point)`. */
export function paintVolume(g: Geometry, value: (p: Vec3) => number): Volume {
  const [nx, ny, nz] = g.dims;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = value(indexToWorld(g, [i, j, k]));
    }
  }
  return {
    ...g,
    data,
    pixelType: 'int16',
    meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] },
  };
}

/** LPS point at a fractional index: convenience for placing shapes inside the grid. */
export function gridPoint(g: Geometry, ijk: Vec3): Vec3 {
  return indexToWorld(g, ijk);
}
