import { describe, expect, it } from 'vitest';
import { cropGrid, segmentCrop, segmentVolume } from '../../../main/core/inference/segment.js';
import { openModelSession } from '../../../main/core/inference/session.js';
import { modelFilePath } from '../../../main/core/inference/registry.js';
import { indexToWorld, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Mat3 } from '../../../main/core/volume/types.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';
import { TEST_MODELS_DIR, denseRule, testModel } from './support.js';

describe.skipIf(!HAVE_SHARED_DATA)('mirror TTA, seed crops and upsampling paths keep voxels where they belong', () => {
  const ct = HAVE_SHARED_DATA ? readNiftiForTest(caseFile('ts_ct_abdomen', 'image.nii.gz')) : undefined!;

  it('mirror TTA on a flip-equivariant (voxel-wise) model changes nothing: every flip is undone exactly', async () => {
    const manifest = await testModel('threshold-ct', { patchSize: [64, 64, 64] });
    const plain = await segmentVolume(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR });
    const tta = await segmentVolume(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR, tta: true });
    expect(Buffer.compare(Buffer.from(tta.labelMap.data), Buffer.from(plain.labelMap.data))).toBe(0);
  });

  it('batches of patches (where the batch axis is free) give the same labels as one at a time', async () => {
    const manifest = await testModel('threshold-ct', { patchSize: [64, 64, 64] });
    const one = await segmentVolume(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR, batchSize: 1 });
    const three = await segmentVolume(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR, batchSize: 3 });
    expect(three.timings.patches).toBe(27);
    expect(Buffer.compare(Buffer.from(three.labelMap.data), Buffer.from(one.labelMap.data))).toBe(0);
  });

  it('a seed crop segments one patch around the point and pastes it into a full-size map', async () => {
    // Odd sizes put crop voxel centres on source voxel centres, so the rule must hold exactly.
    const manifest = await testModel('threshold-ct', { patchSize: [17, 25, 33] });
    const seed = indexToWorld(ct, [60, 50, 56]);
    const r = await segmentCrop(ct, manifest, seed, { provider: 'cpu', modelsDir: TEST_MODELS_DIR });
    expect(r.timings.patches).toBe(1);
    expect(r.labelMap.dims).toEqual(ct.dims);
    const grid = cropGrid(manifest, seed);
    const rule = denseRule(ct.data);
    const [nx, ny] = ct.dims;
    let inside = 0;
    let ruleInside = 0;
    let wrongOutside = 0;
    let wrongInside = 0;
    for (let k = 0; k < ct.dims[2]; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = i + nx * (j + ny * k);
          const m = worldToIndex(grid, indexToWorld(ct, [i, j, k]));
          const inCrop = m.every((c, a) => Math.round(c) >= 0 && Math.round(c) < grid.dims[a]!);
          if (!inCrop) wrongOutside += r.labelMap.data[v]! === 0 ? 0 : 1;
          else {
            inside++;
            ruleInside += rule[v]!;
            wrongInside += r.labelMap.data[v] === rule[v] ? 0 : 1;
          }
        }
    expect(inside).toBe(33 * 25 * 17);
    expect(wrongOutside).toBe(0);
    expect(wrongInside).toBe(0);
    expect(ruleInside).toBeGreaterThan(0);
  });

  it('the oblique-capable upsampling path gives what the axis-aligned one gives', async () => {
    const manifest = await testModel('threshold-ct', { spacingMm: [2, 2, 2], patchSize: [64, 64, 64] });
    const aligned = await segmentVolume(ct, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR });
    // A rotation of 1e-7 rad forces the general path without moving any voxel measurably.
    const e = 1e-7;
    const d = ct.direction;
    const tilted = { ...ct, direction: [d[0], d[1] - e * d[4], d[2], d[3] + e * d[0], d[4], d[5], d[6], d[7], d[8]] as Mat3 };
    const general = await segmentVolume(tilted, manifest, { provider: 'cpu', modelsDir: TEST_MODELS_DIR });
    let differ = 0;
    for (let v = 0; v < ct.data.length; v++) if (aligned.labelMap.data[v] !== general.labelMap.data[v]) differ++;
    expect(differ / ct.data.length).toBeLessThan(1e-4);
    expect(aligned.labelMap.data.reduce((s, x) => s + x, 0)).toBeGreaterThan(40_000);
  });

  it('caches one session per model and provider', async () => {
    const manifest = await testModel('threshold-ct');
    const a = await openModelSession(modelFilePath(manifest, TEST_MODELS_DIR), 'cpu');
    const b = await openModelSession(modelFilePath(manifest, TEST_MODELS_DIR), 'cpu');
    expect(b.session).toBe(a.session);
  });
});
