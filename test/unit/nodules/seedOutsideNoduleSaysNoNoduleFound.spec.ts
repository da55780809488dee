import { beforeAll, describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import type { ModelManifest } from '../../../main/core/inference/manifest.js';
import { NO_NODULE_MESSAGE, noduleLabelMap, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/** Points of LIDC-IDRI-0003 ≥ 50 mm from every annotated nodule (found on the 1 mm grid: lung, > 15 mm from the pleura). */
const PARENCHYMA: Vec3[] = [[55.2, -7.0, -175.0], [68.2, 9.0, -193.0]];
/** Centre lines of pulmonary vessels (local HU maxima > 200 HU inside the lung, > 12 mm from the pleura). */
const VESSELS: Vec3[] = [[-78.8, 9.0, -217.0], [54.2, 15.0, -216.0], [62.2, -9.0, -224.0]];

describe.skipIf(!HAVE_SHARED_DATA)('a seed outside any nodule', () => {
  let volume: Volume;
  let manifest: ModelManifest;
  beforeAll(async () => {
    manifest = noduleManifest();
    volume = await lidcVolume('lidc_idri_0003');
  }, 120_000);

  const huAt = (p: Vec3) => {
    const [i, j, k] = worldToIndex(volume, p).map(Math.round) as Vec3;
    return volume.data[i + volume.dims[0] * (j + volume.dims[1] * k)]!;
  };

  it('the test points are what they claim: far from nodules, air-like parenchyma or bright vessel', () => {
    for (const p of [...PARENCHYMA, ...VESSELS])
      for (const n of contouredNodules('lidc_idri_0003')) expect(distance(p, n.centroid_lps_mm)).toBeGreaterThan(50);
    for (const p of PARENCHYMA) expect(huAt(p)).toBeLessThan(-800);
    for (const p of VESSELS) expect(huAt(p)).toBeGreaterThan(150);
  });

  for (const [what, points] of [['lung parenchyma', PARENCHYMA], ['a vessel', VESSELS]] as const) {
    it(`in ${what} gives an empty map and says "${NO_NODULE_MESSAGE}"`, async () => {
      for (const p of points) {
        const r = await segmentNoduleFromSeed(volume, manifest, p, SEED_OPTS);
        console.log(`${what} ${p.join(',')}: found ${r.found}, ${r.message ?? ''} (${r.timings.totalMs.toFixed(0)} ms)`);
        expect(r.found).toBe(false);
        expect(r.message).toMatch(/^No nodule found at this point/);
        expect(r.voxelCount).toBe(0);
        expect(r.voxels).toHaveLength(0);
        const labelMap = noduleLabelMap(volume, manifest, r);
        expect(labelMap.data.some((v) => v !== 0)).toBe(false);
        expect(labelMap.dims).toEqual(volume.dims);
      }
    }, 120_000);
  }
});

describe('a seed outside the image', () => {
  it('is refused with a message before any model pass (the crop would read only the mirrored image)', async () => {
    const phantom = makeDemoPhantom();
    const beyond: Vec3 = [phantom.origin[0], phantom.origin[1], phantom.origin[2] - 20 * phantom.spacing[2]];
    await expect(segmentNoduleFromSeed(phantom, noduleManifest(), beyond, SEED_OPTS)).rejects.toThrow(/lies outside the image/);
  });
});
