import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateManifest, type ModelManifest } from '../../../main/core/inference/manifest.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { openSource } from '../../../main/core/volume/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { caseFile, REPO_ROOT, SHARED_DATA } from '../dataPaths.js';
import { seededRandom } from '../editing/editingFixtures.js';
import { readNiftiForTests } from '../support/readNiftiForTests.js';

export const MODELS_DIR = path.join(REPO_ROOT, 'models');
export const SEED_OPTS = { modelsDir: MODELS_DIR, provider: 'cpu' as const, intraOpNumThreads: 2 };

export function noduleManifest(): ModelManifest {
  const file = path.join(MODELS_DIR, 'nodule-unetpp.json');
  return validateManifest(JSON.parse(readFileSync(file, 'utf8')), file);
}

export interface LidcNodule {
  id: number;
  reader_count: number;
  centroid_lps_mm: Vec3;
  volume_ml_min_max_of_readers: [number, number];
  volume_ml_consensus50: number;
  label_value_in_nodules_50pct?: number;
  /** Each reader's outline: its volume with the contour pixels (LIDC readers draw just outside a nodule) and without. */
  readers?: { volume_ml: number; volume_ml_interior_only: number }[];
}

/** The readers' volumes without their contour pixels, smallest and largest: the low end of where the truth lies. */
export function interiorOnlyRange(n: LidcNodule): [number, number] | null {
  const volumes = (n.readers ?? []).map((r) => r.volume_ml_interior_only).filter((v) => Number.isFinite(v));
  return volumes.length ? [Math.min(...volumes), Math.max(...volumes)] : null;
}

/**
 * Every case of `cases.json` with LIDC reader annotations (`nodules.json` and the ≥ 50 % consensus map among its labels,
 * a DICOM image), so that a case added there is measured by the nodule benches without a code change.
 */
export function lidcCaseNames(): string[] {
  const { cases } = JSON.parse(readFileSync(path.join(SHARED_DATA, 'cases.json'), 'utf8')) as { cases: { case: string; image?: string; labels?: unknown[] }[] };
  const has = (c: { labels?: unknown[] }, label: string) => (c.labels ?? []).includes(label);
  return cases.filter((c) => has(c, 'nodules.json') && has(c, 'nodules_50pct.nii.gz') && c.image === 'dicom/').map((c) => c.case);
}

export function contouredNodules(caseName: string): LidcNodule[] {
  const json = JSON.parse(readFileSync(caseFile(caseName, 'nodules.json'), 'utf8')) as { nodules: LidcNodule[] };
  return json.nodules.filter((n) => n.label_value_in_nodules_50pct !== undefined);
}

/** Nodules the readers marked as smaller than 3 mm (one point each, no contour): real nodules, not required of candidates. */
export function smallNoduleMarks(caseName: string): LidcNodule[] {
  const json = JSON.parse(readFileSync(caseFile(caseName, 'nodules.json'), 'utf8')) as { nodules: LidcNodule[] };
  return json.nodules.filter((n) => n.label_value_in_nodules_50pct === undefined);
}

/** A candidate this close (mm) to a reader's < 3 mm mark found that nodule. */
export const SMALL_MARK_MM = 5;

const volumes = new Map<string, Promise<Volume>>();
export function lidcVolume(caseName: string): Promise<Volume> {
  let v = volumes.get(caseName);
  if (!v) {
    v = openSource(caseFile(caseName, 'dicom'));
    volumes.set(caseName, v);
  }
  return v;
}

/** The ≥ 50 % reader consensus label map (values = nodule ids), in the DICOM grid. */
export function consensusLabels(caseName: string): Uint8Array {
  const nifti = readNiftiForTests(caseFile(caseName, 'nodules_50pct.nii.gz'));
  if (!(nifti.data instanceof Uint8Array)) throw new Error('expected a uint8 label map');
  return nifti.data;
}

export function dice(a: Uint8Array, aValue: number, b: Uint8Array, bValue: number): number {
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (let v = 0; v < a.length; v++) {
    const p = a[v] === aValue;
    const q = b[v] === bValue;
    if (p) na++;
    if (q) nb++;
    if (p && q) inter++;
  }
  return na + nb === 0 ? 1 : (2 * inter) / (na + nb);
}

export const distance = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * Random clicks on vessels: seeded random voxels of the lung mask denser than −100 HU (vessels, and the hilar and
 * mediastinal edges the mask takes in), at least 25 mm from every point of `avoid` (the scan's own nodules).
 */
export function vesselClicks(volume: Volume, lung: Uint8Array, avoid: Vec3[], count: number, seed: number): Vec3[] {
  const random = seededRandom(seed);
  const [nx, ny] = volume.dims;
  const dense: number[] = [];
  for (let v = 0; v < lung.length; v++) if (lung[v] && volume.data[v]! > -100) dense.push(v);
  const clicks: Vec3[] = [];
  while (clicks.length < count && dense.length) {
    const v = dense[Math.floor(random() * dense.length)]!;
    const p = indexToWorld(volume, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]);
    if (!avoid.some((a) => distance(a, p) < 25)) clicks.push(p);
  }
  return clicks;
}
