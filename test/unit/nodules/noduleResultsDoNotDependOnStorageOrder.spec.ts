import { beforeAll, describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { findNoduleCandidates, segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Volume } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { withReversedAxes } from '../support/storageOrder.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * One world frame (LPS, mm) end to end: the same CT written with its rows, columns or slices the other way round (a
 * different direction matrix and origin, the same voxels in the same places) must give the same nodule, voxel for voxel.
 * The crop the model reads is laid out in LPS, so storage order reaches nothing but the indices.
 */
describe.skipIf(!HAVE_SHARED_DATA)('nodule results whatever the storage order of the image', () => {
  let volume: Volume;
  beforeAll(async () => {
    volume = await lidcVolume('lidc_idri_0003');
  }, 120_000);

  for (const axes of [[0], [2], [0, 1, 2]] as (0 | 1 | 2)[][]) {
    it(`a click on LIDC-0003 nodule 2 gives the same voxels with index axes ${axes.join(', ')} reversed`, async () => {
      const manifest = noduleManifest();
      const { centroid_lps_mm: seed } = contouredNodules('lidc_idri_0003').find((n) => n.id === 2)!;
      const { reversed, toReversed } = withReversedAxes(volume, axes);
      const original = await segmentNoduleFromSeed(volume, manifest, seed, SEED_OPTS);
      const other = await segmentNoduleFromSeed(reversed, manifest, seed, SEED_OPTS);
      expect(original.found && other.found).toBe(true);
      expect([...other.voxels]).toEqual([...original.voxels].map(toReversed).sort((a, b) => a - b));
      for (let a = 0; a < 3; a++) expect(other.centroidLps![a]).toBeCloseTo(original.centroidLps![a]!, 6);
    }, 60_000);
  }
});

describe('nodule candidates whatever the storage order of the image', () => {
  it('finds the demo phantom’s two nodules at the same places and sizes with x and z stored reversed', async () => {
    const phantom = makeDemoPhantom();
    const { reversed } = withReversedAxes(phantom, [0, 2]);
    const found = async (v: Volume) => (await findNoduleCandidates(v, segmentLungs(v), noduleManifest(), SEED_OPTS)).candidates;
    const [a, b] = [await found(phantom), await found(reversed)];
    expect(b.length).toBe(a.length);
    for (const [n, c] of a.entries()) {
      expect(b[n]!.volumeMl).toBeCloseTo(c.volumeMl, 6);
      for (let x = 0; x < 3; x++) expect(b[n]!.centroidLps[x]).toBeCloseTo(c.centroidLps[x]!, 3);
    }
    // Two whole candidate searches: about 60 s alone on 2 cores, twice that beside the other specs' workers.
  }, 300_000);
});
