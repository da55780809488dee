import { describe, expect, it } from 'vitest';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { openSource, readLabelMap } from '../../../main/core/volume/index.js';
import type { Geometry, Mat3, Vec3 } from '../../../main/core/volume/types.js';
import { buildLabelSurface, meshBounds, meshingFactors, type PointBounds } from '../../../renderer/src/logic/labelSurface.js';
import { LESION_SURFACE_OPACITY, ORGAN_SURFACE_OPACITY, surfaceOpacity } from '../../../renderer/src/logic/surfaceStyle.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';

const deg = Math.PI / 180;
/** Rz(25°)·Rx(15°), row-major: columns are the i, j, k axes in LPS (k tilted like a gantry tilt). */
function tiltedDirection(): Mat3 {
  const [cz, sz, cx, sx] = [Math.cos(25 * deg), Math.sin(25 * deg), Math.cos(15 * deg), Math.sin(15 * deg)];
  return [cz, -sz * cx, sz * sx, sz, cz * cx, -cz * sx, 0, sx, cx];
}

const OBLIQUE: Geometry = { dims: [48, 40, 18], spacing: [0.8, 1.1, 3], origin: [-41.5, 17.25, -120.5], direction: tiltedDirection() };

/** Label 2: an ellipsoid off-centre in index space; label 3: a block touching the grid's last slice. */
function phantom(g: Geometry): Uint8Array {
  const [nx, ny, nz] = g.dims;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        const e = ((i - 20) * 0.8 / 11) ** 2 + ((j - 17) * 1.1 / 9) ** 2 + ((k - 8) * 3 / 15) ** 2;
        if (e <= 1) data[v] = 2;
        else if (i >= 36 && i <= 42 && j >= 30 && j <= 36 && k >= 14) data[v] = 3;
      }
    }
  }
  return data;
}

/** Bounds of the label's voxel centres in LPS, and how far one voxel (or meshing cell) reaches along each LPS axis. */
function maskWorldBox(g: Geometry, data: Uint8Array, label: number, cell: Vec3 = [1, 1, 1]): PointBounds & { voxelReach: Vec3 } {
  const [nx, ny, nz] = g.dims;
  const centres: number[] = [];
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (data[i + nx * (j + ny * k)] === label) centres.push(...indexToWorld(g, [i, j, k]));
  }
  const d = g.direction;
  const voxelReach = [0, 1, 2].map((r) => [0, 1, 2].reduce((s, c) => s + Math.abs(d[r * 3 + c]!) * g.spacing[c]! * cell[c]!, 0)) as Vec3;
  return { ...meshBounds(centres), voxelReach };
}

function expectWithinOneVoxel(mesh: PointBounds, mask: ReturnType<typeof maskWorldBox>): void {
  for (let c = 0; c < 3; c++) {
    expect(Math.abs(mesh.min[c]! - mask.min[c]!)).toBeLessThanOrEqual(mask.voxelReach[c]!);
    expect(Math.abs(mesh.max[c]! - mask.max[c]!)).toBeLessThanOrEqual(mask.voxelReach[c]!);
  }
}

/** Every edge of a closed (watertight) triangle mesh is shared by exactly two triangles. */
function openEdges(polys: Uint32Array): number {
  const count = new Map<string, number>();
  for (let c = 0; c < polys.length; c += polys[c]! + 1) {
    const n = polys[c]!;
    for (let e = 0; e < n; e++) {
      const a = polys[c + 1 + e]!;
      const b = polys[c + 1 + ((e + 1) % n)]!;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  return [...count.values()].filter((n) => n !== 2).length;
}

describe('a label surface in LPS world coordinates', () => {
  const data = phantom(OBLIQUE);

  it('lies on the mask of an oblique, anisotropic grid: bounds within one voxel, centroid within half of one', () => {
    const mesh = buildLabelSurface(OBLIQUE, data, 2)!;
    expect(mesh.polys.length / 4).toBeGreaterThan(500);
    const mask = maskWorldBox(OBLIQUE, data, 2);
    const bounds = meshBounds(mesh.points);
    expectWithinOneVoxel(bounds, mask);
    // The ellipsoid is symmetric about its centre voxel, so the mesh's mean point is that voxel's centre.
    const centre = indexToWorld(OBLIQUE, [20, 17, 8]);
    for (let c = 0; c < 3; c++) expect(Math.abs(bounds.centroid[c]! - centre[c]!)).toBeLessThan(mask.voxelReach[c]! / 2);
    expect(mesh.voxels).toBe(data.filter((v) => v === 2).length);
    expect(mesh.normals.length).toBe(mesh.points.length);
    expect(openEdges(mesh.polys)).toBe(0);
  });

  it('closes the surface of a mask that touches the edge of the grid', () => {
    const mesh = buildLabelSurface(OBLIQUE, data, 3)!;
    expectWithinOneVoxel(meshBounds(mesh.points), maskWorldBox(OBLIQUE, data, 3));
    expect(openEdges(mesh.polys)).toBe(0);
  });

  it('has no surface for a label without voxels', () => {
    expect(buildLabelSurface(OBLIQUE, data, 7)).toBeNull();
  });

  it.skipIf(!HAVE_SHARED_DATA)('lies on the real liver mask of an abdominal CT, and is rebuilt within seconds', async () => {
    const image = await openSource(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    const liver = await readLabelMap(caseFile('ts_ct_abdomen', 'liver.nii.gz'), image);
    const start = performance.now();
    const mesh = buildLabelSurface(liver, liver.data, 1)!;
    const ms = performance.now() - start;
    console.log(`[surface] ts_ct_abdomen liver ${liver.dims.join('×')}: ${mesh.voxels} voxels → ${mesh.polys.length / 4} triangles in ${ms.toFixed(0)} ms`);
    expectWithinOneVoxel(meshBounds(mesh.points), maskWorldBox(liver, liver.data, 1));
    expect(openEdges(mesh.polys)).toBe(0);
    // A loose bound for a shared, loaded test machine (0.2–1 s; `npm run bench labelSurface`).
    expect(ms).toBeLessThan(10_000);
  });

  it.skipIf(!HAVE_SHARED_DATA)('meshes a fine-grid liver on coarser cells that still lie on the mask', async () => {
    const image = await openSource(caseFile('chaos_ct_liver', 'image.nii.gz'));
    const liver = await readLabelMap(caseFile('chaos_ct_liver', 'liver.nii.gz'), image);
    const voxels = liver.data.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
    // 0.73 × 0.73 × 2 mm: the two in-plane axes are halved, giving nearly cubic 1.45 × 1.45 × 2 mm cells.
    const cell = meshingFactors(liver.spacing, voxels);
    expect(cell).toEqual([2, 2, 1]);
    const start = performance.now();
    const mesh = buildLabelSurface(liver, liver.data, 1)!;
    const ms = performance.now() - start;
    console.log(`[surface] chaos_ct_liver liver ${liver.dims.join('×')}: ${voxels} voxels → ${mesh.polys.length / 4} triangles in ${ms.toFixed(0)} ms`);
    expectWithinOneVoxel(meshBounds(mesh.points), maskWorldBox(liver, liver.data, 1, cell));
    expect(openEdges(mesh.polys)).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });

  it('keeps lesions and nodules at full resolution', () => {
    expect(meshingFactors([0.7, 0.7, 1.25], 30_000)).toEqual([1, 1, 1]); // a 3 cm nodule
    expect(meshingFactors([1, 1, 1], 2_000_000)).toEqual([2, 2, 2]); // a 2 L liver on a 1 mm grid
  });
});

describe('how opaque a label surface is drawn', () => {
  it('makes organs see-through and lesions solid, by size', () => {
    const ctVoxelMm3 = 0.75 * 0.75 * 2;
    expect(surfaceOpacity(1_500_000 / ctVoxelMm3, ctVoxelMm3)).toBe(ORGAN_SURFACE_OPACITY); // a 1.5 L liver
    expect(surfaceOpacity(14_000 / ctVoxelMm3, ctVoxelMm3)).toBe(LESION_SURFACE_OPACITY); // a 3 cm nodule
    expect(surfaceOpacity(99_000 / 27, 27)).toBe(LESION_SURFACE_OPACITY); // just under 100 mL on a 3 mm grid
    expect(surfaceOpacity(101_000 / 27, 27)).toBe(ORGAN_SURFACE_OPACITY);
    expect(ORGAN_SURFACE_OPACITY).toBeCloseTo(0.45);
  });
});
