export { labelComponents, componentsOfRuns, type ComponentLabels } from './connectedComponents.js';
export { measureLesions, analyzeLabelMap, axialSliceAxis } from './measure.js';
export { marchingCubesSurfaceArea, isoSurfaceArea } from './surfaceArea.js';
export { lesionSurfaceArea, sphericityOf, equivalentSphereArea } from './surface.js';
export { intensityStats } from './intensity.js';
export * from './types.js';
export { volumeDoublingTime, growthBetween, daysBetween, type LesionTimepoint, type GrowthSummary, type GrowthTrend, type DateLike } from './growth.js';
