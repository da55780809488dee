import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_SHARED_DATA, REPO_ROOT, caseFile } from '../dataPaths.js';

function lobus(...args: string[]) {
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsx, path.join(REPO_ROOT, 'main/cli/index.ts'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the lobus command-line tool', () => {
  it('lists its commands', () => {
    const { code, stdout } = lobus('--help');
    expect(code).toBe(0);
    for (const command of ['info', 'segment', 'stats', 'serve']) expect(stdout).toContain(`  ${command} `);
  });

  it('fails with a clear message and a non-zero exit on bad input', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lobus-cli-'));
    const text = path.join(dir, 'notes.dcm');
    writeFileSync(text, 'this is not an image\n'.repeat(20));
    const bad = lobus('info', text);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^lobus: notes\.dcm is not a medical image/m);
    expect(lobus('frobnicate').stderr).toContain('Unknown command');
    expect(lobus('segment', text).stderr).toContain('Usage: lobus segment');
  });

  it.skipIf(!HAVE_SHARED_DATA)('prints the geometry of a DICOM series as JSON (LPS, sorted along the normal)', () => {
    const { code, stdout } = lobus('info', caseFile('ts_ct_dicom_abdomen', 'dicom'));
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.volume.dims).toEqual([512, 512, 20]);
    expect(info.volume.spacing[0]).toBeCloseTo(0.977, 3);
    expect(info.volume.modality).toBe('CT');
    expect(info.volume.pixelType).toMatch(/int16/);
  });

  it.skipIf(!HAVE_SHARED_DATA)('measures the LIDC consensus nodules as the data README lists them', () => {
    const { code, stdout } = lobus('stats', caseFile('lidc_idri_0003', 'dicom'), caseFile('lidc_idri_0003', 'nodules_50pct.nii.gz'));
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const volumes = report.labels.map((l: { volume_ml: number }) => l.volume_ml);
    expect(volumes[0]).toBeCloseTo(6.3859, 3);
    expect(volumes[1]).toBeCloseTo(0.6393, 3);
    expect(volumes[2]).toBeCloseTo(1.5292, 3);
    expect(report.lesions[0].recist_long_mm).toBeGreaterThan(25);
  });
});
