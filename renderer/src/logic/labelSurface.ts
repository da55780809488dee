/// <reference path="../vtk/untypedFilters.d.ts" />
/**
 * One label of a label map as a smooth closed surface in LPS millimetres: marching cubes on the label's
 * binary mask (cropped to its bounding box), windowed-sinc smoothing, point normals. Runs in Node and in
 * a Worker (no DOM), so the same code is tested and shipped.
 */
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray.js';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData.js';
import vtkPolyDataNormals from '@kitware/vtk.js/Filters/Core/PolyDataNormals.js';
import vtkImageMarchingCubes, { type VtkPolyDataOut } from '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js';
import vtkWindowedSincPolyDataFilter from '@kitware/vtk.js/Filters/General/WindowedSincPolyDataFilter.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';

/** Inclusive box of voxel indices. */
export interface VoxelBox {
  min: Vec3;
  max: Vec3;
}

export interface LabelSurfaceMesh {
  label: number;
  /** x, y, z per point, LPS mm. */
  points: Float32Array;
  /** vtk cell array: 3, a, b, c for each triangle. */
  polys: Uint32Array;
  /** Unit normal per point (LPS). */
  normals: Float32Array;
  /** Voxels of the label (its size decides how opaque it is drawn). */
  voxels: number;
}

export interface PointBounds {
  min: Vec3;
  max: Vec3;
  centroid: Vec3;
}

const SMOOTHING_ITERATIONS = 15;
const MESH_VOXEL_BUDGET = 400_000;
const MAX_FACTOR = 4;
/** Lower keeps less of the voxel staircase (the 3 mm slice terraces of a liver); the surface stays within a voxel of the mask. */
const SMOOTHING_PASS_BAND = 0.02;

/** The box and voxel count of `label` in the map (null when the label has no voxel). */
export function labelBox(dims: Vec3, data: Uint8Array, label: number): { box: VoxelBox; voxels: number } | null {
  const [nx, ny, nz] = dims;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  let voxels = 0;
  let v = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let rowHit = false;
      for (let i = 0; i < nx; i++, v++) {
        if (data[v] !== label) continue;
        voxels++;
        rowHit = true;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
      }
      if (!rowHit) continue;
      if (j < min[1]) min[1] = j;
      if (j > max[1]) max[1] = j;
      if (k < min[2]) min[2] = k;
      if (k > max[2]) max[2] = k;
    }
  }
  return voxels ? { box: { min, max }, voxels } : null;
}

/**
 * The label's surface, or null when it has no voxel. The crop has one voxel of background on every
 * side (beyond the grid too), so a mask touching the edge of the image still gives a closed surface.
 */
export function buildLabelSurface(geometry: Geometry, data: Uint8Array, label: number): LabelSurfaceMesh | null {
  const found = labelBox(geometry.dims, data, label);
  if (!found) return null;
  const { box, voxels } = found;
  const factors = meshingFactors(geometry.spacing, voxels);
  const { mask, dims } = pooledCrop(geometry.dims, data, label, box, factors);
  // Marching cubes ignores an image's direction, so it runs in the grid's own axes (mm from the crop's
  // first cell); the points are rotated into LPS afterwards. Smoothing before the rotation is the same
  // as after it (a rotation keeps distances).
  const image = vtkImageData.newInstance();
  image.setDimensions(dims[0], dims[1], dims[2]);
  image.setSpacing([0, 1, 2].map((c) => geometry.spacing[c]! * factors[c]!));
  image.setOrigin([0, 0, 0]);
  const scalars = vtkDataArray.newInstance({ name: 'mask', numberOfComponents: 1, values: mask as unknown as number[] });
  (image as unknown as { getPointData(): { setScalars(s: unknown): void } }).getPointData().setScalars(scalars);
  // Cell a of the crop is centred on fine voxel min + f·(a − 1) + (f − 1)/2 (cell 0 is the padding).
  const firstCell = [0, 1, 2].map((c) => box.min[c]! - (factors[c]! + 1) / 2) as Vec3;

  const cubes = vtkImageMarchingCubes.newInstance({ contourValue: 0.5, computeNormals: false, mergePoints: true });
  cubes.setInputData(image);
  const raw = cubes.getOutputData();
  const smoother = vtkWindowedSincPolyDataFilter.newInstance({
    numberOfIterations: SMOOTHING_ITERATIONS,
    passBand: SMOOTHING_PASS_BAND,
    normalizeCoordinates: 1,
    boundarySmoothing: 1,
    nonManifoldSmoothing: 1,
    featureEdgeSmoothing: 0,
  });
  smoother.setInputData(raw);
  const smooth = smoother.getOutputData();
  const points = toWorld(geometry, firstCell, smooth.getPoints().getData());
  smooth.getPoints().setData(points, 3);
  const normals = pointNormals(smooth);
  const polys = Uint32Array.from(smooth.getPolys().getData());
  cubes.delete();
  smoother.delete();
  return { label, points, polys, normals, voxels };
}

/**
 * How many voxels along each axis make one marching-cubes cell. A big label (an organ) is meshed on a grid
 * coarsened in its finest axes until about MESH_VOXEL_BUDGET cells are inside, which keeps a liver's rebuild
 * near a second (the CHAOS liver, 0.73 × 0.73 × 2 mm, is meshed at 1.45 × 1.45 × 2 mm); its surface is then
 * within one coarse cell of the mask. Lesions and nodules stay at full resolution.
 */
export function meshingFactors(spacing: Vec3, voxels: number): Vec3 {
  const f: Vec3 = [1, 1, 1];
  let cells = voxels;
  while (cells > MESH_VOXEL_BUDGET) {
    const axes = [0, 1, 2].filter((c) => f[c]! < MAX_FACTOR);
    if (!axes.length) break;
    const finest = axes.reduce((a, c) => (spacing[c]! * f[c]! < spacing[a]! * f[a]! ? c : a));
    f[finest] = f[finest]! * 2;
    cells /= 2;
  }
  return f;
}

/**
 * The label's box as a 0/1 mask of cells of f voxels each (a cell is inside when at least half its voxels
 * are), with one cell of background padding on every side.
 */
function pooledCrop(dims: Vec3, data: Uint8Array, label: number, box: VoxelBox, f: Vec3): { mask: Uint8Array; dims: Vec3 } {
  const [nx, ny] = dims;
  const cd = [0, 1, 2].map((c) => Math.ceil((box.max[c]! - box.min[c]! + 1) / f[c]!) + 2) as Vec3;
  const counts = new Uint8Array(cd[0] * cd[1] * cd[2]);
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    const ck = Math.floor((k - box.min[2]) / f[2]) + 1;
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      const row = (ck * cd[1] + Math.floor((j - box.min[1]) / f[1]) + 1) * cd[0] + 1;
      const src = (k * ny + j) * nx;
      for (let i = box.min[0]; i <= box.max[0]; i++) if (data[src + i] === label) counts[row + Math.floor((i - box.min[0]) / f[0])]!++;
    }
  }
  const half = (f[0] * f[1] * f[2]) / 2;
  const mask = new Uint8Array(counts.length);
  for (let c = 0; c < counts.length; c++) if (counts[c]! >= half) mask[c] = 1;
  return { mask, dims: cd };
}

/** Crop-axis millimetres → LPS: origin + direction · ((first cell's voxel index) · spacing + p). */
function toWorld(g: Geometry, lo: Vec3, local: ArrayLike<number>): Float32Array {
  const d = g.direction;
  const off = [lo[0] * g.spacing[0], lo[1] * g.spacing[1], lo[2] * g.spacing[2]];
  const out = new Float32Array(local.length);
  for (let p = 0; p < local.length; p += 3) {
    const a = local[p]! + off[0]!;
    const b = local[p + 1]! + off[1]!;
    const c = local[p + 2]! + off[2]!;
    out[p] = g.origin[0] + d[0] * a + d[1] * b + d[2] * c;
    out[p + 1] = g.origin[1] + d[3] * a + d[4] * b + d[5] * c;
    out[p + 2] = g.origin[2] + d[6] * a + d[7] * b + d[8] * c;
  }
  return out;
}

function pointNormals(polyData: VtkPolyDataOut): Float32Array {
  const filter = vtkPolyDataNormals.newInstance({ computePointNormals: true, computeCellNormals: false });
  filter.setInputData(polyData);
  const normals = filter.getOutputData().getPointData().getNormals();
  filter.delete();
  return normals ? Float32Array.from(normals.getData()) : new Float32Array(0);
}

/** Axis-aligned LPS bounds and mean of a mesh's points. */
export function meshBounds(points: ArrayLike<number>): PointBounds {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  const sum: Vec3 = [0, 0, 0];
  const n = points.length / 3;
  for (let p = 0; p < points.length; p += 3) {
    for (let c = 0; c < 3; c++) {
      const x = points[p + c]!;
      if (x < min[c]!) min[c] = x;
      if (x > max[c]!) max[c] = x;
      sum[c] = sum[c]! + x;
    }
  }
  return { min, max, centroid: [sum[0] / n, sum[1] / n, sum[2] / n] };
}
