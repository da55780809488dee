import type { NoduleSize } from '../../../main/core/nodules/noduleSize.js';
import { formatLengthMm } from './lengthText.js';

/** The long × short pair behind the mean, for a tooltip. */
export function axialAxesText(s: NoduleSize): string {
  if (s.recistLongMm === null || s.recistShortMm === null) return `no axial slice measured: equivalent sphere ${formatLengthMm(s.equivalentDiameterMm)} mm`;
  return `long ${formatLengthMm(s.recistLongMm)} × short ${formatLengthMm(s.recistShortMm)} mm in the axial slice`;
}
