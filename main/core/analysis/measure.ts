import { indexToWorld, sameGeometry, voxelVolumeMm3 } from '../volume/geometry.js';
import type { Geometry, LabelMap, Volume } from '../volume/types.js';
import { componentsOfRuns } from './connectedComponents.js';
import { recistDiameters } from './diameters.js';
import { feretDiameter } from './feret.js';
import { intensityStats } from './intensity.js';
import {
  gatherValues,
  lesionAnchorVoxel,
  lesionBoundingBox,
  lesionLocalMask,
  lesionMoments,
  sliceRowExtremes,
  type LesionRuns,
} from './lesionRuns.js';
import { extractRuns, type RunTable } from './runs.js';
import { SOLID_PART_MAX_ML, solidPartOf } from './solidPart.js';
import { lesionSurfaceArea, sphericityOf } from './surface.js';
import type { LabelMapAnalysis, LabelSummary, LesionStats, MeasureOptions, SliceAxis } from './types.js';

/**
 * The grid axis whose slices count as "axial": the index axis closest to the patient's S–I axis.
 * For axial series that is k; for obliquely acquired data we measure in the acquired slices (no
 * resampling), so a gantry tilt or a 10° oblique stack is measured in its own tilted planes.
 */
export function axialSliceAxis(g: Geometry): SliceAxis {
  const z = [Math.abs(g.direction[6]), Math.abs(g.direction[7]), Math.abs(g.direction[8])];
  if (z[2]! >= z[0]! && z[2]! >= z[1]!) return 2;
  return z[1]! >= z[0]! ? 1 : 0;
}

function labelNameOf(labelMap: LabelMap, value: number): string {
  return labelMap.labels.find((l) => l.value === value)?.name ?? `label ${value}`;
}

function checkInputs(labelMap: LabelMap, image: Volume | undefined, opts: MeasureOptions): void {
  const n = labelMap.dims[0] * labelMap.dims[1] * labelMap.dims[2];
  if (labelMap.data.length !== n) throw new Error(`Label map has ${labelMap.data.length} voxels, its dims say ${n}.`);
  if (image && !sameGeometry(image, labelMap)) {
    throw new Error('The mask is not in the image grid (dims, spacing, origin or direction differ); resample it first.');
  }
  if (opts.probability && opts.probability.length !== n) throw new Error('The probability map is not in the label map grid.');
}

/** Σ p over the lesion and the background voxels 6-adjacent to it (its partial-volume rim). */
function partialVolumeMl(labelMap: LabelMap, probability: Float32Array, local: ReturnType<typeof lesionLocalMask>): number {
  const [nx, ny, nz] = labelMap.dims;
  const [lx, ly, lz] = local.dims;
  let sum = 0;
  for (let k = 0; k < lz; k++) {
    const gk = k + local.origin[2];
    if (gk < 0 || gk >= nz) continue;
    for (let j = 0; j < ly; j++) {
      const gj = j + local.origin[1];
      if (gj < 0 || gj >= ny) continue;
      for (let i = 0; i < lx; i++) {
        const gi = i + local.origin[0];
        if (gi < 0 || gi >= nx) continue;
        const l = i + lx * (j + ly * k);
        const g = gi + nx * (gj + ny * gk);
        if (local.mask[l]) {
          sum += probability[g]!;
        } else if (
          labelMap.data[g] === 0 &&
          ((i > 0 && local.mask[l - 1]) || (i + 1 < lx && local.mask[l + 1]) ||
            (j > 0 && local.mask[l - lx]) || (j + 1 < ly && local.mask[l + lx]) ||
            (k > 0 && local.mask[l - lx * ly]) || (k + 1 < lz && local.mask[l + lx * ly]))
        ) {
          sum += probability[g]!;
        }
      }
    }
  }
  return (sum * voxelVolumeMm3(labelMap)) / 1000;
}

function measureOne(lesion: LesionRuns, label: number, labelMap: LabelMap, image: Volume | undefined, opts: MeasureOptions): Omit<LesionStats, 'id'> {
  const g: Geometry = labelMap;
  const { voxelCount, centroidIjk } = lesionMoments(lesion);
  const bbox = lesionBoundingBox(lesion);
  const volumeMm3 = voxelCount * voxelVolumeMm3(g);
  const local = lesionLocalMask(lesion, bbox, 2);
  const surfaceAreaMm2 = lesionSurfaceArea(local.mask, local.dims, g.spacing, volumeMm3);
  const axis = axialSliceAxis(g);
  const extremes = sliceRowExtremes(lesion, bbox, axis);
  const recist = recistDiameters(lesion, extremes, g);
  const feret = feretDiameter(extremes, g);
  const stats: Omit<LesionStats, 'id'> = {
    label,
    labelName: labelNameOf(labelMap, label),
    voxelCount,
    volumeMl: volumeMm3 / 1000,
    centroidLps: indexToWorld(g, centroidIjk),
    anchorIjk: lesionAnchorVoxel(lesion, centroidIjk, g.spacing),
    bboxIjk: bbox,
    surfaceAreaMm2,
    sphericity: sphericityOf(volumeMm3, surfaceAreaMm2),
    recist,
    feretMm: feret.feretMm,
    feretEndpointsLps: feret.endpointsLps,
    equivalentDiameterMm: Math.cbrt((6 * volumeMm3) / Math.PI),
    meanDiameterMm: recist ? (recist.longMm + recist.shortMm) / 2 : 0,
  };
  if (image) {
    const intensity = intensityStats(gatherValues(lesion, image.data, voxelCount));
    if (intensity) stats.intensity = intensity;
    if (image.meta.modality === 'CT' && stats.volumeMl <= SOLID_PART_MAX_ML) stats.solidPart = solidPartOf(lesion, image, g, axis, recist?.longMm ?? null);
  }
  if (opts.probability) stats.volumePartialMl = partialVolumeMl(labelMap, opts.probability, local);
  return stats;
}

interface GroupedComponents {
  runs: RunTable;
  /** Per component (0-based): its label value and member runs. */
  components: Array<{ label: number; members: Int32Array }>;
}

function groupComponents(labelMap: LabelMap, opts: MeasureOptions): GroupedComponents {
  const runs = extractRuns(labelMap.data, labelMap.dims);
  const { componentOfRun, sizes } = componentsOfRuns(runs, opts.connectivity ?? 26);
  const members = sizes.map(() => [] as number[]);
  for (let r = 0; r < runs.count; r++) members[componentOfRun[r]! - 1]!.push(r);
  return {
    runs,
    components: members.map((m) => ({ label: runs.value[m[0]!]!, members: Int32Array.from(m) })),
  };
}

function measureGrouped(grouped: GroupedComponents, labelMap: LabelMap, image: Volume | undefined, opts: MeasureOptions): LesionStats[] {
  const wanted = opts.labels ? new Set(opts.labels) : undefined;
  const minVoxels = opts.minVoxels ?? 1;
  const measured: Array<Omit<LesionStats, 'id'>> = [];
  for (const c of grouped.components) {
    if (wanted && !wanted.has(c.label)) continue;
    const lesion: LesionRuns = { runs: grouped.runs, members: c.members };
    if (lesionMoments(lesion).voxelCount < minVoxels) continue;
    measured.push(measureOne(lesion, c.label, labelMap, image, opts));
  }
  measured.sort((a, b) => a.label - b.label || b.voxelCount - a.voxelCount);
  return measured.map((m, n) => ({ id: n + 1, ...m }));
}

/**
 * One LesionStats per connected component of each label (26-connected unless told otherwise).
 * `image`, when given, must share the label map's grid; its values give the intensity statistics
 * (HU for CT).
 */
export function measureLesions(labelMap: LabelMap, image?: Volume, opts: MeasureOptions = {}): LesionStats[] {
  checkInputs(labelMap, image, opts);
  return measureGrouped(groupComponents(labelMap, opts), labelMap, image, opts);
}

function summarizeLabels(grouped: GroupedComponents, labelMap: LabelMap, image: Volume | undefined, opts: MeasureOptions): LabelSummary[] {
  const byLabel = new Map<number, { members: number[]; components: number }>();
  for (const c of grouped.components) {
    if (opts.labels && !opts.labels.includes(c.label)) continue;
    const entry = byLabel.get(c.label) ?? { members: [], components: 0 };
    entry.components++;
    for (const r of c.members) entry.members.push(r);
    byLabel.set(c.label, entry);
  }
  const summaries: LabelSummary[] = [];
  for (const [label, entry] of [...byLabel.entries()].sort((a, b) => a[0] - b[0])) {
    const lesion: LesionRuns = { runs: grouped.runs, members: Int32Array.from(entry.members) };
    const { voxelCount, centroidIjk } = lesionMoments(lesion);
    const summary: LabelSummary = {
      label,
      labelName: labelNameOf(labelMap, label),
      componentCount: entry.components,
      voxelCount,
      volumeMl: (voxelCount * voxelVolumeMm3(labelMap)) / 1000,
      centroidLps: indexToWorld(labelMap, centroidIjk),
    };
    if (image) {
      const intensity = intensityStats(gatherValues(lesion, image.data, voxelCount));
      if (intensity) summary.intensity = intensity;
    }
    if (opts.probability) {
      const local = lesionLocalMask(lesion, lesionBoundingBox(lesion), 1);
      summary.volumePartialMl = partialVolumeMl(labelMap, opts.probability, local);
    }
    summaries.push(summary);
  }
  return summaries;
}

/** Lesions (components) and one whole-label summary per label (e.g. the entire liver). */
export function analyzeLabelMap(labelMap: LabelMap, image?: Volume, opts: MeasureOptions = {}): LabelMapAnalysis {
  checkInputs(labelMap, image, opts);
  const grouped = groupComponents(labelMap, opts);
  return {
    lesions: measureGrouped(grouped, labelMap, image, opts),
    labels: summarizeLabels(grouped, labelMap, image, opts),
  };
}
