import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED_DATA, REPO_ROOT, SHARED_DATA, caseFile } from '../dataPaths.js';

interface CaseEntry {
  case: string;
  modality: string;
  image: string;
  labels: string[];
}

/** Every case of ../shared/data/cases.json: new cases are covered as they are added. */
const CASES: CaseEntry[] = HAVE_SHARED_DATA ? (JSON.parse(readFileSync(path.join(SHARED_DATA, 'cases.json'), 'utf8')) as { cases: CaseEntry[] }).cases : [];
const out = mkdtempSync(path.join(tmpdir(), 'lobus-cli-liver-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function segment(image: string, stem: string) {
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = ['segment', image, '--model', 'liver-u2net', '--out', path.join(out, `${stem}.nii.gz`), '--stats', path.join(out, `${stem}.json`), '--provider', 'cpu'];
  return spawnSync(process.execPath, [tsx, path.join(REPO_ROOT, 'main/cli/index.ts'), ...args], { encoding: 'utf8', timeout: 240_000 });
}

describe.skipIf(!HAVE_SHARED_DATA)('lobus segment --model liver-u2net on every case in ../shared/data', () => {
  for (const c of CASES) {
    it(`${c.case}: writes a mask and stats with the liver volume in mL`, () => {
      const run = segment(caseFile(c.case, c.image.replace(/\/$/, '')), c.case);
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      expect(run.stderr).toMatch(/Patch \d+ of \d+/);
      expect(existsSync(path.join(out, `${c.case}.nii.gz`))).toBe(true);
      const stats = JSON.parse(readFileSync(path.join(out, `${c.case}.json`), 'utf8')) as {
        model: { model_id: string; provider: string };
        labels: { label_name: string; volume_ml: number }[];
      };
      expect(stats.model).toMatchObject({ model_id: 'liver-u2net', provider: 'cpu' });
      const liverMl = stats.labels.find((l) => l.label_name === 'Liver')?.volume_ml ?? 0;
      console.log(`${c.case}: liver ${liverMl.toFixed(1)} mL`);
      // A case with a reference liver and at least a 40 mm slab must show one; thinner or chest-only cases
      // only have to run cleanly (the 3-slice case and the LIDC chest slabs).
      if (c.labels.includes('liver.nii.gz') && c.case !== 'dcmqi_ct_3slice') expect(liverMl).toBeGreaterThan(100);
    }, 300_000);
  }
});
