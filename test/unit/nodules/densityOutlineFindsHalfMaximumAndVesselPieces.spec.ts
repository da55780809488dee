import { describe, expect, it } from 'vitest';
import { aboveThreshold, componentAtSeed, equivalentDiameterMm } from '../../../main/core/nodules/componentPick.js';
import { densityMap, throughCaliberRatio, type DensityMap } from '../../../main/core/nodules/densityOutline.js';
import { indexToWorld, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';
import { imageOn } from '../editing/editingFixtures.js';

const LUNG_HU = -870;
const SOLID_HU = 30;
/** A CT-like grid: 0.7 mm pixels, 1.25 mm slices. */
const source: Geometry = { dims: [110, 110, 64], spacing: [0.7, 0.7, 1.25], origin: [-38.15, -38.15, -39.375], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
/** The crop the functions work on: 1 mm, 48³, centred on the origin (as the model's crop is on a click). */
const crop: Geometry = { dims: [48, 48, 48], spacing: [1, 1, 1], origin: [-23.5, -23.5, -23.5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

/** Lung with solid shapes given as signed distances (mm, < 0 inside), blended over one voxel of partial volume. */
function lungWith(...shapes: ((p: Vec3) => number)[]) {
  return imageOn(source, (i, j, k) => {
    const p = indexToWorld(source, [i, j, k]);
    const a = Math.max(0, ...shapes.map((d) => Math.min(1, Math.max(0, 0.5 - d(p)))));
    return Math.round(LUNG_HU + a * (SOLID_HU - LUNG_HU));
  });
}
const ball = (r: number, c: Vec3 = [0, 0, 0]) => (p: Vec3) => Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) - r;
const tubeAlongZ = (r: number) => (p: Vec3) => Math.hypot(p[0], p[1]) - r;
const wallBeyondX = (x: number) => (p: Vec3) => x - p[0];

/** The crop's voxels where `inside(p)` holds, as a component with id 1. */
function component(inside: (p: Vec3) => boolean): Int32Array {
  const [nx, ny, nz] = crop.dims;
  const labels = new Int32Array(nx * ny * nz);
  for (let k = 0, o = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, o++) labels[o] = inside(indexToWorld(crop, [i, j, k])) ? 1 : 0;
  return labels;
}

function densityAtOrigin(volume: ReturnType<typeof lungWith>): DensityMap {
  const map = densityMap(volume, crop, [0, 0, 0]);
  if (!map) throw new Error('expected a density map at a click on solid tissue');
  return map;
}

describe('the density outline of a click on solid tissue', () => {
  it('scales HU between the lung around it and its peak, so that the half-maximum edge sizes a 6 mm ball within a voxel', () => {
    const map = densityAtOrigin(lungWith(ball(3)));
    expect(map.lungHu).toBeGreaterThanOrEqual(LUNG_HU - 1);
    expect(map.lungHu).toBeLessThanOrEqual(LUNG_HU + 1);
    expect(map.peakHu).toBeGreaterThan(SOLID_HU - 40);
    const picked = componentAtSeed(aboveThreshold(map.probability, 0.5), crop, worldToIndex(crop, [0, 0, 0]), 2.5);
    expect(picked).not.toBeNull();
    expect(Math.abs(equivalentDiameterMm(picked!.shape, crop) - 6)).toBeLessThan(1);
  });

  it('is not made for a click in aerated lung, nor for one beside a nodule farther than 2.5 mm from it', () => {
    const volume = lungWith(ball(3, [8, 0, 0]));
    expect(densityMap(volume, crop, [0, 0, 0])).toBeNull();
    expect(densityMap(volume, crop, [4, 0, 0])).not.toBeNull();
  });
});

describe('how thick the solid structure running through a component is', () => {
  it('is about its own thickness for a piece of vessel, the model answer to a click on a vessel', () => {
    const map = densityAtOrigin(lungWith(tubeAlongZ(2)));
    const piece = component((p) => Math.hypot(p[0], p[1]) <= 2.5 && Math.abs(p[2]) <= 4);
    expect(throughCaliberRatio(piece, 1, crop, map)).toBeGreaterThan(0.6);
  });

  it('is nothing for an isolated nodule, and for a nodule against the pleura on one side only', () => {
    const alone = component((p) => Math.hypot(...p) <= 4.5);
    expect(throughCaliberRatio(alone, 1, crop, densityAtOrigin(lungWith(ball(4))))).toBe(0);
    const juxtapleural = component((p) => Math.hypot(...p) <= 4.5 && p[0] < 5);
    expect(throughCaliberRatio(juxtapleural, 1, crop, densityAtOrigin(lungWith(ball(4), wallBeyondX(5))))).toBeLessThan(0.3);
  });

  it('stays below the vessel limit for a nodule with a vessel a third of its width running through it', () => {
    const map = densityAtOrigin(lungWith(ball(4.5), tubeAlongZ(1.5)));
    const nodule = component((p) => Math.hypot(...p) <= 5);
    const ratio = throughCaliberRatio(nodule, 1, crop, map);
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(0.6);
  });
});
