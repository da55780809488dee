import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { segmentVolume } from '../../../main/core/inference/segment.js';
import { loadModelRegistry } from '../../../main/core/inference/registry.js';
import { openSource } from '../../../main/core/volume/index.js';
import { readLabelMap } from '../../../main/core/volume/labelMapRead.js';
import type { Volume } from '../../../main/core/volume/types.js';
import { caseFile, HAVE_SHARED_DATA, REPO_ROOT } from '../dataPaths.js';
import { dice } from './support.js';

const MODELS_DIR = path.join(REPO_ROOT, 'models');
const OPTS = { modelsDir: MODELS_DIR, provider: 'cpu' as const, intraOpNumThreads: 2 };

async function liverManifest() {
  return (await loadModelRegistry(MODELS_DIR)).get('liver-u2net');
}

function millilitres(mask: Uint8Array, v: Volume): number {
  let n = 0;
  for (const x of mask) n += x ? 1 : 0;
  return (n * v.spacing[0] * v.spacing[1] * v.spacing[2]) / 1000;
}

async function segmentAgainstReference(source: string, reference: string) {
  const volume = await openSource(source);
  const r = await segmentVolume(volume, await liverManifest(), OPTS);
  const ref = await readLabelMap(reference, volume);
  const predicted = Uint8Array.from(r.labelMap.data, (x) => (x === 1 ? 1 : 0));
  const truth = Uint8Array.from(ref.data, (x) => (x ? 1 : 0));
  return { volume, result: r, dice: dice(predicted, truth), predictedMl: millilitres(predicted, volume), referenceMl: millilitres(truth, volume) };
}

describe('the shipped liver model matches its manifest', () => {
  it('ONNX inputs and outputs are the ones the manifest names, and the labels are one liver label', async () => {
    const manifest = await liverManifest();
    const session = await ort.InferenceSession.create(path.join(MODELS_DIR, manifest.onnx));
    expect([...session.inputNames].sort()).toEqual(Object.values(manifest.inputs).sort());
    expect(session.outputNames).toEqual([manifest.output.name]);
    expect(manifest.labels.map((l) => [l.value, l.name])).toEqual([[1, 'Liver']]);
    expect(manifest.modalities).toEqual(expect.arrayContaining(['CT', 'MR']));
    await session.release();
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('the shipped liver model on real cases, through the whole engine', () => {
  // ts_ct_dicom_abdomen is the training hold-out (tools/training/README.md): a JPEG 2000 DICOM slab the
  // model never saw. The manifest records its Dice at the 3 mm model grid; in the 0.98 × 0.98 × 2 mm source
  // grid the border is finer, so allow 0.06 below that, and never accept less than 0.80 (the brief's
  // baseline U-Net reaches 0.85–0.90 on unseen CTs; a wrong orientation or domain gives < 0.3).
  it('segments the unseen CT slab (DICOM, JPEG 2000) in its source grid with the Dice the manifest claims', async () => {
    const manifest = await liverManifest();
    const claimed = manifest.validation?.find((v) => v.case === 'ts_ct_dicom_abdomen')?.dice ?? 0.86;
    const r = await segmentAgainstReference(caseFile('ts_ct_dicom_abdomen', 'dicom'), caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'));
    console.log(`ts_ct_dicom_abdomen: Dice ${r.dice.toFixed(3)} (manifest ${claimed}), ${r.predictedMl.toFixed(0)} / ${r.referenceMl.toFixed(0)} mL, ${r.result.timings.totalMs.toFixed(0)} ms`);
    expect(r.result.labelMap.dims).toEqual(r.volume.dims);
    expect(r.dice).toBeGreaterThan(Math.max(0.8, claimed - 0.06));
    expect(Math.abs(r.predictedMl - r.referenceMl) / r.referenceMl).toBeLessThan(0.3);
  }, 180_000);

  // The only MR case is a training case: this pins the MR adapter's wiring (domain input, percentile
  // normalisation), not generalisation. A CT adapter or CT window applied to MR gives Dice < 0.5.
  it('segments the MR case through the MR adapter', async () => {
    const r = await segmentAgainstReference(caseFile('ts_mr_abdomen', 'image.nii.gz'), caseFile('ts_mr_abdomen', 'liver.nii.gz'));
    console.log(`ts_mr_abdomen: Dice ${r.dice.toFixed(3)}, ${r.predictedMl.toFixed(0)} / ${r.referenceMl.toFixed(0)} mL`);
    expect(r.dice).toBeGreaterThan(0.8);
  }, 180_000);
});
