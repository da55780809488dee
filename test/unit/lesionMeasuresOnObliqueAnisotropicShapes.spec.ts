import { describe, expect, it } from 'vitest';
import { measureLesions, analyzeLabelMap, axialSliceAxis } from '../../main/core/analysis/index.js';
import { worldToIndex } from '../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../main/core/volume/types.js';
import { gridPoint, obliqueGeometry, paintLabelMap, paintVolume } from './support/syntheticShapes.js';

/*
 * Shapes with known answers on the grid: spacing 0.7 × 0.9 × 2.5 mm, direction rotated 30°
 * about z and 10° about x. "Within one voxel" means within the extent of one voxel box along the
 * measured direction, w(u) = Σ |u·axis_c| spacing_c (0.7 mm … 2.75 mm here).
 */

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Extent of one voxel of `g` along the LPS direction from a to b. */
function voxelExtentAlong(g: Geometry, a: Vec3, b: Vec3): number {
  const d = dist(a, b);
  const u = [(b[0] - a[0]) / d, (b[1] - a[1]) / d, (b[2] - a[2]) / d];
  let w = 0;
  for (let c = 0; c < 3; c++) {
    const axis = [g.direction[c], g.direction[3 + c], g.direction[6 + c]];
    w += Math.abs(u[0]! * axis[0]! + u[1]! * axis[1]! + u[2]! * axis[2]!) * g.spacing[c]!;
  }
  return w;
}

const g = obliqueGeometry([90, 72, 26]);

describe('a sphere of radius 15 mm in an oblique 0.7 × 0.9 × 2.5 mm grid', () => {
  const R = 15;
  const centre = gridPoint(g, [45.3, 36.2, 12.4]);
  const labelMap = paintLabelMap(g, (p) => dist(p, centre) <= R);
  const image = paintVolume(g, (p) => (dist(p, centre) <= R ? 40 + Math.round(p[2] - centre[2]) : -1000));
  const [sphere] = measureLesions(labelMap, image);

  it('is one lesion whose volume is within 1 % of 4/3 πR³', () => {
    expect(measureLesions(labelMap)).toHaveLength(1);
    const trueMl = ((4 / 3) * Math.PI * R ** 3) / 1000;
    expect(sphere!.volumeMl).toBeCloseTo((sphere!.voxelCount * 0.7 * 0.9 * 2.5) / 1000, 10);
    expect(Math.abs(sphere!.volumeMl - trueMl) / trueMl).toBeLessThan(0.01);
    expect(sphere!.equivalentDiameterMm).toBeGreaterThan(2 * R - 0.1);
    expect(sphere!.equivalentDiameterMm).toBeLessThan(2 * R + 0.1);
  });

  it('has its centroid at the centre, in LPS mm', () => {
    expect(dist(sphere!.centroidLps, centre)).toBeLessThan(0.1);
  });

  it('has a Feret diameter within one voxel of 2R, with end points on the sphere', () => {
    const [a, b] = sphere!.feretEndpointsLps;
    const w = voxelExtentAlong(g, a, b);
    expect(Math.abs(sphere!.feretMm - 2 * R)).toBeLessThanOrEqual(w);
    expect(dist(a, b)).toBeCloseTo(sphere!.feretMm, 6);
    for (const p of [a, b]) expect(Math.abs(dist(p, centre) - R)).toBeLessThanOrEqual(w);
  });

  it('has RECIST long and short axes of 2R within one in-plane voxel, perpendicular, in one k slice', () => {
    const recist = sphere!.recist!;
    expect(axialSliceAxis(g)).toBe(2);
    expect(recist.sliceAxis).toBe(2);
    expect(recist.sliceK).toBe(12);
    const [l0, l1] = recist.longEndpointsLps;
    const [s0, s1] = recist.shortEndpointsLps;
    expect(Math.abs(recist.longMm - 2 * R)).toBeLessThanOrEqual(voxelExtentAlong(g, l0, l1));
    expect(Math.abs(recist.shortMm - 2 * R)).toBeLessThanOrEqual(voxelExtentAlong(g, s0, s1));
    expect(recist.shortMm).toBeLessThanOrEqual(recist.longMm);
    expect(dist(l0, l1)).toBeCloseTo(recist.longMm, 6);
    expect(dist(s0, s1)).toBeCloseTo(recist.shortMm, 6);
    const long = [l1[0] - l0[0], l1[1] - l0[1], l1[2] - l0[2]];
    const short = [s1[0] - s0[0], s1[1] - s0[1], s1[2] - s0[2]];
    const cos = (long[0]! * short[0]! + long[1]! * short[1]! + long[2]! * short[2]!) / (recist.longMm * recist.shortMm);
    expect(Math.abs(cos)).toBeLessThan(1e-9);
    for (const p of [l0, l1, s0, s1]) expect(worldToIndex(g, p)[2]).toBeCloseTo(12, 9);
    expect(sphere!.meanDiameterMm).toBeCloseTo((recist.longMm + recist.shortMm) / 2, 12);
  });

  it('has a marching-cubes surface area within 5 % of 4πR² and a sphericity near 1', () => {
    const area = 4 * Math.PI * R * R;
    expect(Math.abs(sphere!.surfaceAreaMm2 - area) / area).toBeLessThan(0.05);
    expect(sphere!.sphericity).toBeGreaterThan(0.95);
    expect(sphere!.sphericity).toBeLessThanOrEqual(1);
  });

  it('has HU statistics of the voxels inside', () => {
    const hu = sphere!.intensity!;
    expect(hu.min).toBeGreaterThanOrEqual(40 - R - 1);
    expect(hu.max).toBeLessThanOrEqual(40 + R + 1);
    expect(Math.abs(hu.mean - 40)).toBeLessThan(0.5);
    expect(hu.median).toBe(40);
    expect(hu.std).toBeGreaterThan(3);
  });

  it('reports a whole-label summary equal to the single component', () => {
    const { labels, lesions } = analyzeLabelMap(labelMap, image);
    expect(labels).toHaveLength(1);
    expect(labels[0]!.componentCount).toBe(1);
    expect(labels[0]!.volumeMl).toBe(lesions[0]!.volumeMl);
    expect(labels[0]!.intensity!.mean).toBeCloseTo(lesions[0]!.intensity!.mean, 9);
  });
});

describe('an ellipsoid with semi-axes 14, 7 and 9 mm, turned 25° within the slice plane', () => {
  const [A, B, C] = [14, 7, 9];
  // Centre on slice k = 13 so that slice holds the largest cross-section exactly.
  const centre = gridPoint(g, [44.6, 35.3, 13]);
  const axis = (c: number): Vec3 => [g.direction[c]!, g.direction[3 + c]!, g.direction[6 + c]!];
  const [ei, ej, ek] = [axis(0), axis(1), axis(2)];
  const t = (25 * Math.PI) / 180;
  const major: Vec3 = [0, 1, 2].map((n) => Math.cos(t) * ei[n]! + Math.sin(t) * ej[n]!) as Vec3;
  const minor: Vec3 = [0, 1, 2].map((n) => -Math.sin(t) * ei[n]! + Math.cos(t) * ej[n]!) as Vec3;
  const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const labelMap = paintLabelMap(g, (p) => {
    const d: Vec3 = [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]];
    return (dot(d, major) / A) ** 2 + (dot(d, minor) / B) ** 2 + (dot(d, ek) / C) ** 2 <= 1;
  });
  const [ellipsoid] = measureLesions(labelMap);

  it('has the volume 4/3 πABC within 2 %', () => {
    const trueMl = ((4 / 3) * Math.PI * A * B * C) / 1000;
    expect(Math.abs(ellipsoid!.volumeMl - trueMl) / trueMl).toBeLessThan(0.02);
  });

  it('has a Feret diameter of 2A within one voxel, along the major axis', () => {
    const [a, b] = ellipsoid!.feretEndpointsLps;
    expect(Math.abs(ellipsoid!.feretMm - 2 * A)).toBeLessThanOrEqual(voxelExtentAlong(g, a, b));
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]] as Vec3;
    expect(Math.abs(dot(u, major)) / dist(a, b)).toBeGreaterThan(0.99);
  });

  it('has RECIST long 2A and short 2B within one voxel, measured on slice 13', () => {
    const recist = ellipsoid!.recist!;
    expect(recist.sliceK).toBe(13);
    const [l0, l1] = recist.longEndpointsLps;
    const [s0, s1] = recist.shortEndpointsLps;
    expect(Math.abs(recist.longMm - 2 * A)).toBeLessThanOrEqual(voxelExtentAlong(g, l0, l1));
    expect(Math.abs(recist.shortMm - 2 * B)).toBeLessThanOrEqual(voxelExtentAlong(g, s0, s1));
    const shortDir = [s1[0] - s0[0], s1[1] - s0[1], s1[2] - s0[2]] as Vec3;
    expect(Math.abs(dot(shortDir, minor)) / recist.shortMm).toBeGreaterThan(0.99);
    // The short axis crosses the long axis near the centre of the ellipse.
    const mid: Vec3 = [(s0[0] + s1[0]) / 2, (s0[1] + s1[1]) / 2, (s0[2] + s1[2]) / 2];
    expect(dist(mid, centre)).toBeLessThan(1.5);
    expect(Math.abs(ellipsoid!.meanDiameterMm - (A + B))).toBeLessThanOrEqual(0.9);
  });

  it('has the surface area and sphericity of the ellipsoid (Knud Thomsen area) within 5 %', () => {
    const q = 1.6075;
    const area = 4 * Math.PI * (((A * B) ** q + (A * C) ** q + (B * C) ** q) / 3) ** (1 / q);
    const sphericity = (Math.cbrt(Math.PI) * Math.cbrt(6 * ((4 / 3) * Math.PI * A * B * C)) ** 2) / area;
    expect(Math.abs(ellipsoid!.surfaceAreaMm2 - area) / area).toBeLessThan(0.05);
    expect(Math.abs(ellipsoid!.sphericity - sphericity)).toBeLessThan(0.05);
    expect(ellipsoid!.sphericity).toBeLessThan(0.95);
  });
});

describe('a small 4 mm-radius nodule (about three slices thick)', () => {
  const R = 4;
  const centre = gridPoint(g, [40.2, 30.7, 10.3]);
  const [nodule] = measureLesions(paintLabelMap(g, (p) => dist(p, centre) <= R));

  it('keeps its surface area within 8 % of 4πR², so sphericity still means something', () => {
    const area = 4 * Math.PI * R * R;
    expect(Math.abs(nodule!.surfaceAreaMm2 - area) / area).toBeLessThan(0.08);
    expect(nodule!.sphericity).toBeGreaterThan(0.88);
    expect(nodule!.sphericity).toBeLessThan(1);
  });

  it('has Feret and RECIST diameters within one voxel of 2R', () => {
    const [a, b] = nodule!.feretEndpointsLps;
    expect(Math.abs(nodule!.feretMm - 2 * R)).toBeLessThanOrEqual(voxelExtentAlong(g, a, b));
    const [l0, l1] = nodule!.recist!.longEndpointsLps;
    expect(Math.abs(nodule!.recist!.longMm - 2 * R)).toBeLessThanOrEqual(voxelExtentAlong(g, l0, l1));
  });
});
