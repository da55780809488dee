import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../main/core/inference/manifest.js';
import { segmentVolume } from '../../../main/core/inference/segment.js';
import { caseFile, HAVE_SHARED_DATA, SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';

const MODELS_DIR = path.join(SHARED_DATA, 'models');
const HAVE_MESHNET = HAVE_SHARED_DATA && existsSync(path.join(MODELS_DIR, 'meshnet-gwm.onnx'));

/** MeshNet (niivue/niivue-onnx, BSD-2-Clause): fixed 256³ input named "input", 3 raw class scores. */
const meshnetManifest = () =>
  validateManifest(
    {
      schemaVersion: 1,
      id: 'meshnet-gwm',
      name: 'MeshNet grey/white matter (third-party test model)',
      task: 'tissue',
      onnx: 'meshnet-gwm.onnx',
      modalities: ['MR'],
      inputs: { image: 'input' },
      output: { name: 'output', kind: 'logits', classes: 3 },
      labels: [
        { value: 1, name: 'White matter', color: [255, 255, 255] },
        { value: 2, name: 'Grey matter', color: [128, 128, 128] },
      ],
      spacingMm: [3, 3, 3],
      patchSize: [256, 256, 256],
      overlap: 0,
      normalisation: { MR: { kind: 'minmax' } },
      postprocess: { largestComponent: false, fillHoles: false, minComponentMl: 0 },
      licence: 'BSD-2-Clause, Copyright (c) 2024 Chris Rorden',
      trainingData: [],
      validation: [],
    },
    'meshnet test manifest',
  );

describe.skipIf(!HAVE_MESHNET)('a real third-party ONNX model (MeshNet) through the generic engine path', () => {
  it('gives the same labels as a bare InferenceSession.run on the same voxels', async () => {
    // ts_mr_abdomen is stored LPS at 3 mm with identity direction: at 3 mm the model grid is the source grid.
    const mr = readNiftiForTest(caseFile('ts_mr_abdomen', 'image.nii.gz'), 'MR');
    const manifest = meshnetManifest();
    const r = await segmentVolume(mr, manifest, { provider: 'cpu', modelsDir: MODELS_DIR, upsample: 'nearest' });
    expect(r.timings.modelGrid).toEqual(mr.dims);
    expect(r.timings.patches).toBe(1);
    expect(r.labelMap.labels.map((l) => l.value)).toEqual([1, 2]);

    // The bare path, written out independently: min-max normalise, zero-pad into 256³, run, argmax.
    const [nx, ny, nz] = mr.dims;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of mr.data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const input = new Float32Array(256 ** 3);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) input[i + 256 * (j + 256 * k)] = (mr.data[i + nx * (j + ny * k)]! - lo) / (hi - lo);
    const session = await ort.InferenceSession.create(path.join(MODELS_DIR, 'meshnet-gwm.onnx'));
    const out = (await session.run({ input: new ort.Tensor('float32', input, [1, 1, 256, 256, 256]) })).output!.data as Float32Array;
    await session.release();
    const plane = 256 ** 3;
    let agree = 0;
    const counts = [0, 0, 0];
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const p = i + 256 * (j + 256 * k);
          const s = [out[p]!, out[plane + p]!, out[2 * plane + p]!];
          const want = s.indexOf(Math.max(...s));
          const got = r.labelMap.data[i + nx * (j + ny * k)]!;
          counts[got]!++;
          if (got === want) agree++;
        }
    expect(agree / mr.data.length).toBeGreaterThan(0.999);
    // A non-trivial answer: more than one class present.
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
  }, 240_000);
});
