/** The measurements a nodule's reported size comes from. */
export interface NoduleSize {
  recistLongMm: number | null;
  recistShortMm: number | null;
  equivalentDiameterMm: number;
}

/**
 * A nodule's size as Fleischner (2017) and Lung-RADS report it: the mean of the long axis and its perpendicular
 * short axis in the axial slice where the long axis is longest, or the equivalent sphere's diameter where no axial
 * slice could be measured.
 */
export function meanAxialDiameterMm(s: NoduleSize): number {
  return s.recistLongMm !== null && s.recistShortMm !== null ? (s.recistLongMm + s.recistShortMm) / 2 : s.equivalentDiameterMm;
}
