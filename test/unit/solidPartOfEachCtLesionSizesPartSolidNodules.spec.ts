import { describe, expect, it } from 'vitest';
import { measureLesions, type SolidPart } from '../../main/core/analysis/index.js';
import type { LabelMap, Mat3, Vec3, Volume } from '../../main/core/volume/types.js';

/**
 * 0.5 mm lung (−850 HU) with three 12 mm nodules, each labelled out to 1 mm beyond its surface (the readers'
 * convention): solid (30 HU), part-solid (ground glass −550 HU around a 5 mm solid core) and pure ground glass.
 */
function threeNodules(): { volume: Volume; labels: LabelMap } {
  const n = 110;
  const h = 0.5;
  const centres: Vec3[] = [[9, 27, 27], [27, 27, 27], [45, 27, 27]];
  const data = new Int16Array(n * n * n).fill(-850);
  const label = new Uint8Array(n * n * n);
  for (let k = 0, o = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++, o++) {
        const p: Vec3 = [i * h, j * h, k * h];
        centres.forEach((c, m) => {
          const r = Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]);
          if (r <= 7) label[o] = m + 1;
          if (r <= 6) data[o] = m === 0 || (m === 1 && r <= 2.5) ? 30 : -550;
        });
      }
  const geometry = { dims: [n, n, n] as Vec3, spacing: [h, h, h] as Vec3, origin: [0, 0, 0] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 };
  return {
    volume: { ...geometry, data, pixelType: 'int16', meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] } },
    labels: { ...geometry, data: label, labels: [1, 2, 3].map((value) => ({ value, name: `nodule ${value}`, color: [255, 200, 40] as [number, number, number] })) },
  };
}

describe('solid part of each CT lesion (Fleischner and Lung-RADS size a part-solid nodule by it)', () => {
  const { volume, labels } = threeNodules();
  const lesions = measureLesions(labels, volume);
  const parts = new Map<number, SolidPart | undefined>(lesions.map((l) => [l.label, l.solidPart]));

  it('measures a solid nodule whole, less the partial-volume rim of its label', () => {
    const solid = parts.get(1)!;
    expect(Math.abs(solid.solidLongMm! - 12)).toBeLessThanOrEqual(0.6); // one 0.5 mm voxel

    expect(solid.solidFraction).toBeCloseTo((6 / 7) ** 3, 1);
  });

  it('measures the 5 mm core of a part-solid nodule, not the ground glass around it', () => {
    const partSolid = parts.get(2)!;
    // Within two voxels: RECIST runs between the corners of the outermost voxels, diagonals included.
    expect(Math.abs(partSolid.solidLongMm! - 5)).toBeLessThanOrEqual(1);

    expect(partSolid.solidFraction).toBeCloseTo((2.5 / 7) ** 3, 2);
  });

  it('finds no solid part in pure ground glass', () => {
    expect(parts.get(3)).toEqual({ solidFraction: 0, solidLongMm: null });
  });

  it('does not take a vessel crossing ground glass for a solid part, nor let it lengthen a solid core', () => {
    // A 2.5 mm vessel (40 HU) straight through the ground glass of nodule 3 and the part-solid nodule 2, along x.
    const vessel = { ...volume, data: Int16Array.from(volume.data) };
    const [nx, ny, nz] = volume.dims;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) if (Math.hypot(j * 0.5 - 27, k * 0.5 - 27) <= 1.25) vessel.data[i + nx * (j + ny * k)] = 40;
    const crossed = new Map(measureLesions(labels, vessel).map((l) => [l.label, l.solidPart]));
    expect(crossed.get(3)!.solidLongMm).toBeNull();
    expect(crossed.get(3)!.solidFraction).toBeGreaterThan(0.02);
    expect(Math.abs(crossed.get(2)!.solidLongMm! - 5)).toBeLessThanOrEqual(1);
  });

  it('takes a lesion with no voxel below −300 HU whole, and measures no solid part off CT', () => {
    const core = { ...labels, data: labels.data.map((v, i) => (v === 1 && volume.data[i]! > -300 ? 1 : 0)) };
    const [solidCore] = measureLesions(core, volume);
    expect(solidCore!.solidPart).toEqual({ solidFraction: 1, solidLongMm: solidCore!.recist!.longMm });
    const mr = { ...volume, meta: { ...volume.meta, modality: 'MR' as const } };
    expect(measureLesions(labels, mr).every((l) => l.solidPart === undefined)).toBe(true);
  });
});
