import { describe, expect, it } from 'vitest';
import { segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { indexToWorld, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { withInserts } from '../support/syntheticNodules.js';
import { distance, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * A 6 mm ground-glass ball (−600 HU) laid on a real vessel of LIDC-IDRI-0002, the vessel running through its edge: one
 * of `npm run bench -- noduleJuxtavascular`'s balls. The model keeps the ball with the vessel inside it, and the vessel
 * goes on beyond it on both sides; the through-vessel test had refused it as a piece of vessel. A piece of vessel is
 * solid tissue and this component is mostly ground glass, so the test no longer judges it.
 */
const CENTRE: Vec3 = [-38.2, 1.54, -99.74];
const RADIUS_MM = 3;

describe.skipIf(!HAVE_SHARED_DATA)('a ground-glass nodule on a vessel', () => {
  it('is outlined, not refused as a piece of the vessel', async () => {
    const base = await lidcVolume('lidc_idri_0002');
    const volume = withInserts(base, [{ kind: 'ball', centre: CENTRE, radiusMm: RADIUS_MM, hu: -600 }]);
    const r = await segmentNoduleFromSeed(volume, noduleManifest(), CENTRE, SEED_OPTS);
    expect(r.found, r.message).toBe(true);
    const [nx, ny] = base.dims;
    let [truth, both] = [0, 0];
    const inBall = (v: number) => distance(indexToWorld(base, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]), CENTRE) <= RADIUS_MM;
    for (const v of r.voxels) both += inBall(v) ? 1 : 0;
    const [ci, cj, ck] = worldToIndex(base, CENTRE).map(Math.round);
    const reach = [0, 1, 2].map((a) => Math.ceil(RADIUS_MM / base.spacing[a]!) + 1);
    for (let k = ck! - reach[2]!; k <= ck! + reach[2]!; k++)
      for (let j = cj! - reach[1]!; j <= cj! + reach[1]!; j++)
        for (let i = ci! - reach[0]!; i <= ci! + reach[0]!; i++) truth += inBall(i + nx * (j + ny * k)) ? 1 : 0;
    const dice = (2 * both) / (r.voxelCount + truth);
    console.log(`ground-glass 6 mm ball on a vessel: Dice ${dice.toFixed(3)}, ${r.volumeMl.toFixed(2)} mL`);
    expect(dice).toBeGreaterThan(0.7);
  }, 120_000);
});
