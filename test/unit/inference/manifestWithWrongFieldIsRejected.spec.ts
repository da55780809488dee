import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, validateManifest } from '../../../main/core/inference/manifest.js';
import { loadModelRegistry, ModelNotFoundError } from '../../../main/core/inference/registry.js';
import { REPO_ROOT } from '../dataPaths.js';
import { TEST_MODELS_DIR } from './support.js';

/** The complete example in models/README.md: the documented schema and the validator must agree. */
async function readmeExample(): Promise<Record<string, unknown>> {
  const md = await readFile(path.join(REPO_ROOT, 'models', 'README.md'), 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(md);
  if (!block) throw new Error('models/README.md has no ```json example');
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

function rejectionOf(manifest: unknown): ManifestError {
  try {
    validateManifest(manifest, 'liver.json');
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error('the manifest was accepted');
}

describe('model manifest validation', () => {
  it('accepts the complete example of models/README.md', async () => {
    const m = validateManifest(await readmeExample(), 'README example');
    expect(m.id).toBe('liver-u2net');
    expect(m.domains).toEqual({ CT: 0, MR: 1 });
    expect(m.normalisation.MR).toEqual({ kind: 'percentile-zscore', percentiles: [0.5, 99.5] });
  });

  const cases: [string, (m: Record<string, any>) => void, string, RegExp][] = [
    ['overlap of 1.2', (m) => (m.overlap = 1.2), 'overlap', /fraction/],
    ['patch size as text', (m) => (m.patchSize = [64, '96', 96]), 'patchSize[1]', /whole number/],
    ['unknown normalisation kind', (m) => (m.normalisation.CT.kind = 'zscore'), 'normalisation.CT.kind', /window-zscore/],
    ['label value ≥ classes', (m) => (m.labels[0].value = 2), 'labels[0].value', /1 to output.classes/],
    ['missing normalisation for a listed modality', (m) => delete m.normalisation.MR, 'normalisation.MR', /required/],
    ['misspelt field', (m) => ((m.spacing = m.spacingMm), delete m.spacingMm), 'spacing', /not part of the schema/],
    ['domain input without its value', (m) => delete m.domains.MR, 'domains.MR', /required because inputs.domain/],
    ['window upside down', (m) => (m.normalisation.CT.window = [250, -200]), 'normalisation.CT.window[1]', /greater than/],
    ['unknown modality', (m) => (m.modalities = ['CT', 'US']), 'modalities[1]', /CT, MR, PT, OT/],
    ['output kind', (m) => (m.output.kind = 'softmax'), 'output.kind', /logits/],
    ['schema version', (m) => (m.schemaVersion = 2), 'schemaVersion', /must be 1/],
    ['onnx path escaping the folder', (m) => (m.onnx = '../x.onnx'), 'onnx', /beside the manifest/],
  ];
  for (const [what, mutate, field, why] of cases) {
    it(`rejects ${what}, naming the field "${field}"`, async () => {
      const m = await readmeExample();
      mutate(m);
      const err = rejectionOf(m);
      expect(err.field).toBe(field);
      expect(err.message).toContain(`liver.json: field "${field}"`);
      expect(err.message).toMatch(why);
    });
  }
});

describe('model registry', () => {
  it('lists valid models per modality and reports (not hides) a broken manifest', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lobus-models-'));
    try {
      for (const f of ['threshold-ct.json', 'constant-probabilities.json']) await copyFile(path.join(TEST_MODELS_DIR, f), path.join(dir, f));
      const bad = { ...(await readmeExample()), id: 'broken', overlap: 'half' };
      await writeFile(path.join(dir, 'broken.json'), JSON.stringify(bad));
      await writeFile(path.join(dir, 'notes.txt'), 'not a manifest');
      const reg = await loadModelRegistry(dir);
      expect(reg.list().map((m) => m.id).sort()).toEqual(['constant-probabilities', 'threshold-ct']);
      expect(reg.list('MR').map((m) => m.id)).toEqual(['constant-probabilities']);
      expect(reg.list('PT')).toEqual([]);
      expect(reg.problems).toHaveLength(1);
      expect(reg.problems[0]!.message).toMatch(/broken\.json: field "overlap" must be a fraction/);
      expect(() => reg.get('broken')).toThrow(ModelNotFoundError);
      expect(() => reg.get('liver-u2net')).toThrow(/No model "liver-u2net".*available: constant-probabilities, threshold-ct/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
