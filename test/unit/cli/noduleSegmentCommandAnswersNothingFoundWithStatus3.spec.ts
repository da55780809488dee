import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTHING_FOUND_EXIT } from '../../../main/cli/commands.js';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { REPO_ROOT } from '../dataPaths.js';
import { writeInt16Nifti } from '../support/writeVolumeNifti.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lobus-cli-nodule-'));
const image = path.join(dir, 'phantom.nii');
beforeAll(() => writeInt16Nifti(makeDemoPhantom(), image));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function segmentAt(seed: Vec3, stem: string) {
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const out = path.join(dir, `${stem}.nii.gz`);
  const stats = path.join(dir, `${stem}.json`);
  const args = ['segment', image, '--model', 'nodule-unetpp', '--seed', seed.join(','), '--out', out, '--stats', stats, '--provider', 'cpu'];
  const run = spawnSync(process.execPath, [tsx, path.join(REPO_ROOT, 'main/cli/index.ts'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { run, out, stats };
}

describe('lobus segment --model nodule-unetpp --seed', () => {
  it('on a nodule writes its mask and its volume (the seed given as "--seed -70,10,200", a minus sign first)', () => {
    const nodule = DEMO_NODULES[0]!;
    const { run, out, stats } = segmentAt(nodule.centerLps, 'nodule');
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(existsSync(out)).toBe(true);
    const report = JSON.parse(readFileSync(stats, 'utf8')) as { labels: { label_name: string; volume_ml: number }[] };
    const sphereMl = ((4 / 3) * Math.PI * (nodule.diameterMm / 2) ** 3) / 1000;
    const ml = report.labels.find((l) => l.label_name === 'Nodule')?.volume_ml ?? 0;
    expect(ml).toBeGreaterThan(0.6 * sphereMl);
    expect(ml).toBeLessThan(1.6 * sphereMl);
  }, 120_000);

  it('in aerated lung answers that there is no nodule: status 3, the answer as JSON, and no mask written', () => {
    // The right lung's centre line, 60 mm above the 10 mm nodule.
    const { run, out, stats } = segmentAt([-55, 0, 260], 'lung');
    expect(run.status, run.stderr.slice(-2000)).toBe(NOTHING_FOUND_EXIT);
    expect(run.stderr).toMatch(/^\[segment\] No nodule found at this point/m);
    expect(run.stderr).not.toMatch(/^lobus: /m);
    const printed = JSON.parse(run.stdout) as { mask: null; found: boolean; answer: string; execution: { provider: string } };
    expect(printed).toMatchObject({ mask: null, found: false, execution: { provider: 'cpu' } });
    expect(printed.answer).toMatch(/^No nodule found at this point/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(stats)).toBe(false);
  }, 120_000);
});
