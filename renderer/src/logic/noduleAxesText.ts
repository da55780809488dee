import type { NoduleSize } from '../../../main/core/nodules/noduleSize.js';
import { formatLengthMm } from './lengthText.js';

/** How much lung a candidate search looked in: a radiologist checks it found the lungs, not just their bases. */
export function lungSearchedText(lungVolumeMl: number): string {
  if (lungVolumeMl < 1) return 'no aerated lung found in this scan';
  return lungVolumeMl < 1000 ? `${lungVolumeMl.toFixed(0)} mL of lung searched` : `${(lungVolumeMl / 1000).toFixed(1)} L of lung searched`;
}

/** The long × short pair behind the mean, for a tooltip. */
export function axialAxesText(s: NoduleSize): string {
  if (s.recistLongMm === null || s.recistShortMm === null) return `no axial slice measured: equivalent sphere ${formatLengthMm(s.equivalentDiameterMm)} mm`;
  return `long ${formatLengthMm(s.recistLongMm)} × short ${formatLengthMm(s.recistShortMm)} mm in the axial slice`;
}
