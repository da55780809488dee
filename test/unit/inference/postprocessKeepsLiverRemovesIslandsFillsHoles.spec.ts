import { describe, expect, it } from 'vitest';
import { connectedComponents, postprocessLabels } from '../../../main/core/inference/postprocess.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';

describe.skipIf(!HAVE_SHARED_DATA)('post-processing on a real liver mask (ts_ct_abdomen, 3 mm)', () => {
  const mask = HAVE_SHARED_DATA ? readNiftiForTest(caseFile('ts_ct_abdomen', 'liver.nii.gz')) : undefined!;
  const dims = mask.dims;
  const voxelMl = 27 / 1000;
  const [nx, ny] = dims;
  const at = (i: number, j: number, k: number) => i + nx * (j + ny * k);
  const liver = () => Uint8Array.from(mask.data, (v) => (v ? 1 : 0));

  /** A 5×5×5 cube (3.4 mL) far from the liver. */
  function addIsland(labels: Uint8Array): number {
    let added = 0;
    for (let k = 10; k < 15; k++) for (let j = 10; j < 15; j++) for (let i = 10; i < 15; i++) {
      expect(labels[at(i, j, k)]).toBe(0);
      labels[at(i, j, k)] = 1;
      added++;
    }
    return added;
  }

  /** Clears a 3×3×3 cube deep inside the liver; returns its centre. */
  function carveHole(labels: Uint8Array): number {
    for (let v = 0; v < labels.length; v++) {
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      if (i < 3 || j < 3 || k < 3 || i >= nx - 3 || j >= ny - 3 || k >= dims[2] - 3) continue;
      let inside = true;
      for (let c = -2; c <= 2 && inside; c++) for (let b = -2; b <= 2 && inside; b++) for (let a = -2; a <= 2 && inside; a++) inside = labels[at(i + a, j + b, k + c)] === 1;
      if (!inside) continue;
      for (let c = -1; c <= 1; c++) for (let b = -1; b <= 1; b++) for (let a = -1; a <= 1; a++) labels[at(i + a, j + b, k + c)] = 0;
      return v;
    }
    throw new Error('no interior found');
  }

  it('keeps the liver, removes a distant island and fills a carved hole', () => {
    const reference = liver();
    const before = reference.reduce((s, v) => s + v, 0);
    postprocessLabels(reference, dims, voxelMl, { largestComponent: true, fillHoles: true, minComponentMl: 0 });
    const after = reference.reduce((s, v) => s + v, 0);
    expect(Math.abs(after - before) / before).toBeLessThan(0.01);
    expect(after * voxelMl).toBeGreaterThan(1100);

    const damaged = liver();
    const hole = carveHole(damaged);
    addIsland(damaged);
    expect(connectedComponents(damaged, dims, 26).sizes.length - 1).toBeGreaterThanOrEqual(2);
    const changed = postprocessLabels(damaged, dims, voxelMl, { largestComponent: true, fillHoles: true, minComponentMl: 0 });
    expect(changed).toBe(125 + 27);
    expect(damaged[hole]).toBe(1);
    expect(Buffer.compare(Buffer.from(damaged), Buffer.from(reference))).toBe(0);
  });

  it('removes components under N mL and keeps larger ones', () => {
    const small = liver();
    addIsland(small);
    postprocessLabels(small, dims, voxelMl, { largestComponent: false, fillHoles: false, minComponentMl: 5 });
    expect(small[at(12, 12, 12)]).toBe(0);
    const kept = liver();
    addIsland(kept);
    postprocessLabels(kept, dims, voxelMl, { largestComponent: false, fillHoles: false, minComponentMl: 3 });
    expect(kept[at(12, 12, 12)]).toBe(1);
    expect(kept.reduce((s, v) => s + v, 0) * voxelMl).toBeGreaterThan(1100);
  });
});
