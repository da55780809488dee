import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

const GOES_ON = /Ground glass goes on beyond this outline \(\d+ % of the lung just around it is -800 to -300 HU\), so the nodule may be larger than outlined: check it, and outline the rest with the Threshold brush at -800 to -300 HU\.$/;

/**
 * A click 0.6 mm above the centre of LIDC-0002's ground-glass nodule (as a click on a slice centre can land) keeps a
 * 0.4 mL piece of it, against the readers' 7.2–8.5 mL: the model marks what crosses the nodule, not the nodule. The
 * user must be told that ground glass goes on beyond the outline; a nodule in aerated lung must not get that note.
 */
describe.skipIf(!HAVE_SHARED_DATA)('a kept nodule with ground glass all around it', () => {
  it('on LIDC-0002, a piece of its ground-glass nodule says the nodule may be larger', async () => {
    const volume = await lidcVolume('lidc_idri_0002');
    const [x, y, z] = contouredNodules('lidc_idri_0002')[0]!.centroid_lps_mm;
    const r = await segmentNoduleFromSeed(volume, noduleManifest(), [x, y, z + 0.6], SEED_OPTS);
    console.log(`LIDC-0002 ground glass, 0.6 mm off its centre: ${r.found ? `${r.volumeMl.toFixed(2)} mL; ${r.note}` : r.message}`);
    if (!r.found) {
      // A model that keeps nothing there is answered by the ground-glass hint (clickOnMissedGroundGlassSaysSo).
      expect(r.message).toMatch(/looks like ground glass/);
      return;
    }
    expect(r.volumeMl).toBeLessThan(7.17); // smaller than every reader's outline…
    expect(r.note).toMatch(GOES_ON); // …and the user is told
  }, 120_000);

  it('on LIDC-0003 nodules 2 and 3 and the phantom spheres, in aerated lung, says nothing of the kind', async () => {
    const lidc = await lidcVolume('lidc_idri_0003');
    const phantom = makeDemoPhantom();
    const clicks: [string, typeof lidc, Vec3][] = [
      ...contouredNodules('lidc_idri_0003').filter((n) => n.id === 2 || n.id === 3).map((n) => [`LIDC-0003 #${n.id}`, lidc, n.centroid_lps_mm] as [string, typeof lidc, Vec3]),
      ...DEMO_NODULES.map((n) => [`phantom ${n.diameterMm} mm`, phantom, n.centerLps] as [string, typeof lidc, Vec3]),
    ];
    for (const [name, volume, seed] of clicks) {
      const r = await segmentNoduleFromSeed(volume, noduleManifest(), seed, SEED_OPTS);
      expect(r.found, name).toBe(true);
      expect(r.note ?? '', name).not.toMatch(/Ground glass goes on/);
    }
  }, 120_000);
});
