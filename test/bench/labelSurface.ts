import { openSource, readLabelMap } from '../../main/core/volume/index.js';
import { buildLabelSurface } from '../../renderer/src/logic/labelSurface.js';
import { caseFile, HAVE_SHARED_DATA } from '../unit/dataPaths.js';

export interface SurfaceBenchResult {
  name: string;
  dims: [number, number, number];
  voxels: number;
  triangles: number;
  buildMs: number;
}

/** Times one liver surface rebuild (crop, marching cubes, smoothing, normals) on the real liver masks. */
export async function benchLabelSurface(repeats = 3): Promise<SurfaceBenchResult[]> {
  if (!HAVE_SHARED_DATA) {
    console.log('no ../shared/data: skipped');
    return [];
  }
  const results: SurfaceBenchResult[] = [];
  for (const name of ['ts_ct_abdomen', 'chaos_ct_liver']) {
    const image = await openSource(caseFile(name, 'image.nii.gz'));
    const mask = await readLabelMap(caseFile(name, 'liver.nii.gz'), image);
    let best = Infinity;
    let mesh = null;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      mesh = buildLabelSurface(mask, mask.data, 1);
      best = Math.min(best, performance.now() - t0);
    }
    const result = { name, dims: mask.dims, voxels: mesh?.voxels ?? 0, triangles: (mesh?.polys.length ?? 0) / 4, buildMs: best };
    console.log(`${name} ${mask.dims.join('×')}: liver ${result.voxels} voxels → ${result.triangles} triangles in ${best.toFixed(0)} ms (best of ${repeats})`);
    results.push(result);
  }
  return results;
}

export default benchLabelSurface;
