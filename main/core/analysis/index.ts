/**
 * Lesion and organ statistics: pure functions on (label map, image, geometry), no I/O.
 *
 * - Components: `labelComponents` (union-find over runs along i; 26- or 6-connectivity; never joins
 *   different label values). `measureLesions` measures each component of each label,
 *   `analyzeLabelMap` adds one whole-label summary per label (e.g. the entire liver).
 * - Frame: every point is LPS millimetres (`indexToWorld` of the label map's geometry).
 * - Volume: voxel count × voxel volume; `volumePartialMl` = Σ probability over the lesion and its
 *   6-adjacent background rim when a probability map is given.
 * - Diameters (diameters.ts, feret.ts): largest distance between voxel corners (the convex hull of the
 *   voxel boxes, found exactly from the hull of voxel centres); within one voxel of the continuous
 *   shape. RECIST long axis: that within one "axial" slice (the grid axis closest to S–I: k for axial
 *   and obliquely tilted series, measured in the acquired slices without resampling); short axis: the
 *   longest chord perpendicular to it in that slice. Feret: the same in 3-D.
 * - Surface area: marching tetrahedra on the lightly smoothed mask at the level enclosing the mask's
 *   own volume (surface.ts); sphericity = π^(1/3)(6V)^(2/3)/A.
 */
export { labelComponents, componentsOfRuns, type ComponentLabels } from './connectedComponents.js';
export { measureLesions, analyzeLabelMap, axialSliceAxis } from './measure.js';
export { isoSurface, smoothBinomial, BINOMIAL_FULL, type IsoSurfaceMeasures, type SmoothedMask } from './surfaceArea.js';
export { marchingCubesSurfaceArea, lesionSurfaceArea, sphericityOf, equivalentSphereArea } from './surface.js';
export { intensityStats } from './intensity.js';
export { SOLID_PART_HU, solidPartOf } from './solidPart.js';
export * from './types.js';
export { volumeDoublingTime, growthBetween, daysBetween, type LesionTimepoint, type GrowthSummary, type GrowthTrend, type DateLike } from './growth.js';
export { longestVoxelChord, type VoxelChord } from './feret.js';
export { growthBetweenMasks, lesionTimepoint, type LesionMaskAtDate } from './lesionGrowth.js';
