import { describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { cropGrid } from '../../../main/core/inference/segment.js';
import { groundGlassAt } from '../../../main/core/nodules/clickHints.js';
import { outlineGroundGlass } from '../../../main/core/nodules/groundGlassOutline.js';
import { segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { openSource } from '../../../main/core/volume/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { seededRandom } from '../editing/editingFixtures.js';
import { consensusLabels, contouredNodules, dice, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

const LIMITS = { minDiameterMm: 3, maxElongation: 3, maxBorderFraction: 0.03, minFillRatio: 0.6 };
const OUTLINED = /outlined by density: -800 to -300 HU joined to the click, out to \d+ mm from its centre, where it fills less than half of the lung around it, with lobes up to 2 mm beyond and its partial-volume edge\. Check the outline; the Threshold brush at -800 to -300 HU corrects it\.$/;

/** The demo phantom's grid (1 × 1 × 2.5 mm) as noisy −870 HU lung holding a ball of `hu` with a one-voxel partial-volume edge. */
function lungWithBall(diameterMm: number, hu: number, lungHu = -870): { volume: Volume; centre: Vec3 } {
  const phantom = makeDemoPhantom();
  const [nx, ny, nz] = phantom.dims;
  const random = seededRandom(3);
  const data = new Int16Array(phantom.data.length);
  const c = [nx / 2, ny / 2, nz / 2].map(Math.floor) as Vec3;
  const centre = indexToWorld(phantom, c);
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        const r = Math.hypot(i - c[0], j - c[1], (k - c[2]) * phantom.spacing[2]);
        const a = Math.min(1, Math.max(0, diameterMm / 2 + 0.5 - r));
        data[v] = Math.round((1 - a) * lungHu + a * hu + 30 * (random() - 0.5));
      }
  return { volume: { ...phantom, data }, centre };
}

describe('outlineGroundGlass', () => {
  const manifest = noduleManifest();
  const outline = (s: { volume: Volume; centre: Vec3 }) => outlineGroundGlass(s.volume, cropGrid(manifest, s.centre), s.centre, LIMITS);

  it('outlines a 16 mm ground-glass ball in lung to within a voxel of its diameter, also from a click 4 mm off its centre', () => {
    const ball = lungWithBall(16, -600);
    for (const off of [0, 4]) {
      const r = outline({ volume: ball.volume, centre: [ball.centre[0] + off, ball.centre[1], ball.centre[2]] })!;
      expect(r, `click ${off} mm off`).not.toBeNull();
      const diameter = Math.cbrt((6 * r.picked.shape.voxels) / Math.PI); // 1 mm crop voxels
      expect(Math.abs(diameter - 16), `click ${off} mm off: ⌀${diameter.toFixed(1)} mm`).toBeLessThanOrEqual(2.5); // one slice
      expect(r.contrastHu).toBeGreaterThan(200);
    }
  });

  it('outlines nothing in diffuse haze, nor ground glass under 10 mm, nor a faint blush 60 HU above the lung', () => {
    expect(outline(lungWithBall(0, -700, -700))).toBeNull();
    expect(outline(lungWithBall(7, -600))).toBeNull();
    expect(outline(lungWithBall(16, -790, -850))).toBeNull();
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('a click on the ground glass the model misses', () => {
  it("on LIDC-0002's subpleural ground-glass nodule, outlines it by density (Dice ≥ 0.75, volume inside the readers' range) from its centre and from 3 mm off", async () => {
    const volume = await lidcVolume('lidc_idri_0002');
    const ggo = contouredNodules('lidc_idri_0002')[0]!;
    const consensus = consensusLabels('lidc_idri_0002');
    const c = ggo.centroid_lps_mm;
    for (const seed of [c, [c[0] + 3, c[1], c[2]], [c[0], c[1] - 3, c[2]]] as Vec3[]) {
      const r = await segmentNoduleFromSeed(volume, noduleManifest(), seed, SEED_OPTS);
      expect(r.found).toBe(true);
      expect(r.method).toBe('density');
      const mask = new Uint8Array(volume.data.length);
      for (const v of r.voxels) mask[v] = 1;
      const d = dice(mask, 1, consensus, ggo.label_value_in_nodules_50pct!);
      console.log(`LIDC-0002 ground glass from ${seed.map((x) => x.toFixed(1))}: Dice ${d.toFixed(3)}, ${r.volumeMl.toFixed(2)} mL (readers ${ggo.volume_ml_min_max_of_readers.join('–')})`);
      // Measured 0.81–0.82 at 7.3–8.2 mL from clicks up to 5 mm off (the ball alone, without the lobes and the
      // partial-volume edge it cut: 0.70–0.72 at 5.4–5.6 mL, below both readers).
      expect(d).toBeGreaterThan(0.75);
      const [least, most] = ggo.volume_ml_min_max_of_readers;
      expect(r.volumeMl).toBeGreaterThanOrEqual(least!);
      expect(r.volumeMl).toBeLessThanOrEqual(most!);
      expect(r.note).toMatch(OUTLINED);
    }
  }, 180_000);

  it('outlines ground glass against the chest wall, but not ground glass lying against a solid organ', async () => {
    // A 16 mm ground-glass ball whose centre lies 5 mm inside a flat 40 HU chest wall: juxtapleural.
    const manifest = noduleManifest();
    const ball = lungWithBall(16, -600);
    const [nx] = ball.volume.dims;
    const wallFrom = Math.floor(nx / 2) + 5;
    for (let v = 0; v < ball.volume.data.length; v++) if (v % nx >= wallFrom) ball.volume.data[v] = 40 + ((v * 7919) % 30) - 15;
    const juxtapleural = outlineGroundGlass(ball.volume, cropGrid(manifest, ball.centre), ball.centre, LIMITS);
    expect(juxtapleural).not.toBeNull();
    expect(juxtapleural!.wallShare).toBeLessThan(0.45);
    // The lung base of the CHAOS abdominal CT, where a 2 mm slice cuts the dome of the diaphragm obliquely: ground-glass
    // density with solid tissue under half its surroundings was listed as a 4 mL "ground-glass nodule" candidate.
    const chaos = await openSource(caseFile('chaos_ct_liver', 'image.nii.gz'));
    const dome: Vec3 = [77.4, 31.4, 1632.0];
    expect(groundGlassAt(chaos, dome)).not.toBeNull();
    expect(outlineGroundGlass(chaos, cropGrid(manifest, dome), dome, LIMITS)).toBeNull();
  }, 120_000);

  it('on ground-glass-looking lung at the bases of two abdominal CTs, with no nodule, outlines nothing', async () => {
    const manifest = noduleManifest();
    for (const name of ['chaos_ct_liver', 'ts_ct_abdomen']) {
      const volume = await openSource(caseFile(name, 'image.nii.gz'));
      const lung = segmentLungs(volume).mask;
      const inLung: number[] = [];
      for (let v = 0; v < lung.length; v++) if (lung[v]) inLung.push(v);
      const random = seededRandom(5);
      const [nx, ny] = volume.dims;
      let clicks = 0;
      for (let tries = 0; clicks < 20 && tries < 10_000; tries++) {
        const v = inLung[Math.floor(random() * inLung.length)]!;
        const p = indexToWorld(volume, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]);
        if (groundGlassAt(volume, p) === null) continue;
        clicks++;
        expect(outlineGroundGlass(volume, cropGrid(manifest, p), p, LIMITS), `${name} at ${p.map((x) => x.toFixed(0))}`).toBeNull();
      }
      expect(clicks, name).toBe(20);
    }
  }, 180_000);
});
