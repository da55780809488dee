import { formatLengthMm } from './lengthText';

/** What the candidate list needs of a candidate's size. */
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

/** The long × short pair behind the mean, for a tooltip. */
export function axialAxesText(s: NoduleSize): string {
  if (s.recistLongMm === null || s.recistShortMm === null) return `no axial slice measured: equivalent sphere ${formatLengthMm(s.equivalentDiameterMm)} mm`;
  return `long ${formatLengthMm(s.recistLongMm)} × short ${formatLengthMm(s.recistShortMm)} mm in the axial slice`;
}
