import { measureLesions, analyzeLabelMap } from '../../main/core/analysis/index.js';
import type { LabelMap, Volume } from '../../main/core/volume/types.js';

export interface StatsBenchResult {
  name: string;
  dims: [number, number, number];
  voxels: number;
  lesionVoxels: number;
  measureLesionsMs: number;
  /** CPU time of this process for the same call: steadier than wall time on a shared machine. */
  measureLesionsCpuMs: number;
  analyzeLabelMapMs: number;
  targetMs: number;
}

/**
 * A whole-liver-sized lobulated blob (~1.6 L) in a 512×512×300 CT grid (0.75 × 0.75 × 1.0 mm) with a
 * CT-like int16 image, so intensity statistics (including the median) are part of the timing.
 */
export function syntheticLiverCase(): { labelMap: LabelMap; image: Volume } {
  const dims: [number, number, number] = [512, 512, 300];
  const spacing: [number, number, number] = [0.75, 0.75, 1.0];
  const [nx, ny, nz] = dims;
  const mask = new Uint8Array(nx * ny * nz);
  const hu = new Int16Array(nx * ny * nz);
  const centre = [200 * 0.75, 260 * 0.75, 150];
  for (let k = 0; k < nz; k++) {
    const z = k * spacing[2] - centre[2]!;
    for (let j = 0; j < ny; j++) {
      const y = j * spacing[1] - centre[1]!;
      for (let i = 0; i < nx; i++) {
        const x = i * spacing[0] - centre[0]!;
        const idx = i + nx * (j + ny * k);
        const theta = Math.atan2(y, x);
        const lobes = 1 + 0.12 * Math.sin(3 * theta) + 0.06 * Math.cos(5 * theta + z / 20);
        const r = (x / 105) ** 2 + (y / 80) ** 2 + (z / 62) ** 2;
        const inside = r <= lobes * lobes;
        if (inside) mask[idx] = 1;
        hu[idx] = inside ? 60 + ((idx * 2654435761) % 41) - 20 : -900 + (idx % 97);
      }
    }
  }
  const geometry = { dims, spacing, origin: [-190, -200, -400] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as LabelMap['direction'] };
  return {
    labelMap: { ...geometry, data: mask, labels: [{ value: 1, name: 'liver', color: [220, 80, 60] }] },
    image: { ...geometry, data: hu, pixelType: 'int16', meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] } },
  };
}

/** Times measureLesions (and the full lesion + whole-label analysis) on the synthetic liver; prints ms. */
export async function benchStats(repeats = 3): Promise<StatsBenchResult> {
  const { labelMap, image } = syntheticLiverCase();
  let lesionVoxels = 0;
  let measureLesionsMs = Infinity;
  let measureLesionsCpuMs = Infinity;
  let analyzeLabelMapMs = Infinity;
  for (let r = 0; r < repeats; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const lesions = measureLesions(labelMap, image);
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    measureLesionsCpuMs = Math.min(measureLesionsCpuMs, (cpu.user + cpu.system) / 1000);
    analyzeLabelMap(labelMap, image);
    const t2 = performance.now();
    lesionVoxels = lesions.reduce((n, l) => n + l.voxelCount, 0);
    measureLesionsMs = Math.min(measureLesionsMs, t1 - t0);
    analyzeLabelMapMs = Math.min(analyzeLabelMapMs, t2 - t1);
  }
  const result: StatsBenchResult = {
    name: 'stats: whole-liver mask, 512×512×300 CT',
    dims: labelMap.dims,
    voxels: labelMap.data.length,
    lesionVoxels,
    measureLesionsMs: Math.round(measureLesionsMs),
    measureLesionsCpuMs: Math.round(measureLesionsCpuMs),
    analyzeLabelMapMs: Math.round(analyzeLabelMapMs),
    targetMs: 1000,
  };
  console.log(
    `${result.name}: measureLesions ${result.measureLesionsMs} ms (CPU ${result.measureLesionsCpuMs} ms), ` +
      `analyzeLabelMap ${result.analyzeLabelMapMs} ms ` +
      `(best of ${repeats}; ${lesionVoxels} mask voxels; target < ${result.targetMs} ms)`,
  );
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void benchStats();
}

export default benchStats;

/** The middle value (the upper one of an even count). */
export const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
