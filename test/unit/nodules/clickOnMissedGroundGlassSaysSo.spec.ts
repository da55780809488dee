import { describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { groundGlassHint, medianNear } from '../../../main/core/nodules/clickHints.js';
import { NO_NODULE_MESSAGE, noduleLabelMap, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { voxelVolumeMm3, worldToIndex } from '../../../main/core/volume/geometry.js';
import { consensusLabels, contouredNodules, dice, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

describe('medianNear', () => {
  it('takes the median of the voxels whose centres lie within the radius, on anisotropic voxels', () => {
    const volume = makeDemoPhantom(); // 1 × 1 × 2.5 mm
    const data = new Int16Array(volume.data.length).fill(-900);
    const [nx, ny] = volume.dims;
    const at = (i: number, j: number, k: number) => i + nx * (j + ny * k);
    data[at(100, 100, 50)] = 100; // the centre
    data[at(101, 100, 50)] = 100; // 1 mm away: inside a 1.5 mm radius
    data[at(100, 100, 51)] = 100; // 2.5 mm away: outside
    const v = { ...volume, data };
    const centre: Vec3 = [volume.origin[0] + 100, volume.origin[1] + 100, volume.origin[2] + 50 * 2.5];
    // Within 1.5 mm: the centre, its four in-plane 1 mm neighbours and the four at √2 mm; two of the nine are 100.
    expect(medianNear(v, centre, 1.5)).toBe(-900);
    // Within 1 mm: the centre and its four in-plane neighbours; two of the five are 100.
    data[at(99, 100, 50)] = 100;
    expect(medianNear(v, centre, 1)).toBe(100);
    expect(medianNear(v, [-1e4, 0, 0], 3)).toBeNull();
  });
});

describe('groundGlassHint', () => {
  /** The demo phantom's grid (1 × 1 × 2.5 mm) as flat −870 HU lung holding one ball of `hu` at its centre, and a rim of `rimHu` out to `rimMm`. */
  function lungWithBall(radiusMm: number, hu: number, rimMm = radiusMm, rimHu = hu) {
    const volume = makeDemoPhantom();
    const [nx, ny, nz] = volume.dims;
    const data = new Int16Array(volume.data.length).fill(-870);
    const c = [nx / 2, ny / 2, nz / 2].map(Math.floor) as Vec3;
    for (let k = 0; k < nz; k++)
      for (let j = c[1] - 10; j <= c[1] + 10; j++)
        for (let i = c[0] - 10; i <= c[0] + 10; i++) {
          const r = Math.hypot(i - c[0], j - c[1], (k - c[2]) * volume.spacing[2]);
          if (r <= rimMm) data[i + nx * (j + ny * k)] = r <= radiusMm ? hu : rimHu;
        }
    const centre: Vec3 = [0, 1, 2].map((a) => volume.origin[a]! + c[a]! * volume.spacing[a]!) as Vec3;
    return { volume: { ...volume, data }, centre };
  }

  it('names ground glass for a faint ball, not for a 4 mm solid one whose surroundings average to a ground-glass median', () => {
    const solid = lungWithBall(2, 30, 3.2, -400); // the rim: partial volume on thick slices
    const median = medianNear(solid.volume, solid.centre, 3)!;
    expect(median).toBeGreaterThan(-800); // what the hint used to go by alone
    expect(median).toBeLessThan(-300);
    expect(groundGlassHint(solid.volume, solid.centre)).toBeNull();
    const faint = lungWithBall(8, -600);
    expect(groundGlassHint(faint.volume, faint.centre)).toMatch(/^This looks like ground glass \(about -600 HU\)/);
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('a click on ground glass the model misses', () => {
  // Without the ground-glass outline (clickOnGroundGlassTheModelMissesOutlinesItByDensity), which answers this click.
  it('on the subpleural ground-glass nodule of LIDC-0002, says so and points to the threshold brush', async (ctx) => {
    const volume = await lidcVolume('lidc_idri_0002');
    const ggo = contouredNodules('lidc_idri_0002')[0]!;
    const r = await segmentNoduleFromSeed(volume, noduleManifest(), ggo.centroid_lps_mm, { ...SEED_OPTS, groundGlassFallback: false });
    console.log(`LIDC-0002 ground glass: ${r.found ? `found ${r.volumeMl.toFixed(2)} mL` : r.message}`);
    // Should a model come to find it, there is no miss left to explain here: skipped, not passed.
    if (r.found) ctx.skip();
    expect(r.message).toMatch(/^No nodule found at this point( \(.*\))?\. This looks like ground glass \(about -\d+ HU\)/);
    expect(r.message).toMatch(/Threshold brush at -800 to -300 HU/);
  }, 120_000);

  it('points to the tool that outlines it: the threshold brush it names does, Grow over that range leaks', async () => {
    const volume = await lidcVolume('lidc_idri_0002');
    const ggo = contouredNodules('lidc_idri_0002')[0]!;
    const consensus = consensusLabels('lidc_idri_0002');
    const emptyMap = () => noduleLabelMap(volume, noduleManifest(), { voxels: new Uint32Array(0) });
    const brushed = new LabelEditor(emptyMap(), volume);
    // One 3-D dab of the brush, 14 mm, over the nodule; a user painting slice by slice does better.
    brushed.paintBrush(ggo.centroid_lps_mm, 14, { plane: '3d', mode: 'paint', label: 1, hu: [-800, -300] });
    const brushDice = dice(brushed.labelMap.data, 1, consensus, ggo.label_value_in_nodules_50pct!);
    const grown = new LabelEditor(emptyMap(), volume);
    grown.growFromSeed(worldToIndex(volume, ggo.centroid_lps_mm).map(Math.round) as Vec3, [-800, -300], 1, 2_000_000, { maxRadiusMm: 150 });
    let grownVoxels = 0;
    for (const v of grown.labelMap.data) grownVoxels += v;
    const grownMl = (grownVoxels * voxelVolumeMm3(volume)) / 1000;
    console.log(`LIDC-0002 ground glass: threshold brush Dice ${brushDice.toFixed(2)}; Grow ${grownMl.toFixed(0)} mL`);
    expect(brushDice).toBeGreaterThan(0.6);
    expect(grownMl).toBeGreaterThan(5 * ggo.volume_ml_min_max_of_readers[1]);
  }, 120_000);

  it('in aerated lung, says only that no nodule was found', async () => {
    const volume = await lidcVolume('lidc_idri_0003');
    const parenchyma: Vec3 = [55.2, -7.0, -175.0];
    expect(groundGlassHint(volume, parenchyma)).toBeNull();
    const r = await segmentNoduleFromSeed(volume, noduleManifest(), parenchyma, SEED_OPTS);
    expect(r.message).toBe(`${NO_NODULE_MESSAGE}.`);
  }, 120_000);
});
