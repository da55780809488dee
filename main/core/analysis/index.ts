export { labelComponents, componentsOfRuns, type ComponentLabels } from './connectedComponents.js';
export { measureLesions, analyzeLabelMap, axialSliceAxis } from './measure.js';
export { isoSurface, smoothBinary, type IsoSurfaceMeasures } from './surfaceArea.js';
export { marchingCubesSurfaceArea, lesionSurfaceArea, sphericityOf, equivalentSphereArea } from './surface.js';
export { intensityStats } from './intensity.js';
export * from './types.js';
export { volumeDoublingTime, growthBetween, daysBetween, type LesionTimepoint, type GrowthSummary, type GrowthTrend, type DateLike } from './growth.js';
export { longestVoxelChord, type VoxelChord } from './feret.js';
