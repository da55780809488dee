import { describe, expect, it } from 'vitest';
import { meanAxialDiameterMm } from '../../../main/core/nodules/noduleSize.js';
import { axialAxesText, lungSearchedText } from '../../../renderer/src/logic/noduleAxesText.js';

describe('nodule size in the candidate list', () => {
  it('is the mean of the axial long and short axes (Fleischner, Lung-RADS), not the long axis alone', () => {
    const size = { recistLongMm: 12.5, recistShortMm: 8.5, equivalentDiameterMm: 10.2 };
    expect(meanAxialDiameterMm(size)).toBe(10.5);
    expect(axialAxesText(size)).toBe('long 12.5 × short 8.5 mm in the axial slice');
  });

  it('falls back to the equivalent sphere where no axial slice was measured, and says so', () => {
    const size = { recistLongMm: null, recistShortMm: null, equivalentDiameterMm: 4.2 };
    expect(meanAxialDiameterMm(size)).toBe(4.2);
    expect(axialAxesText(size)).toBe('no axial slice measured: equivalent sphere 4.2 mm');
  });

  it('says how much lung the search looked in, and when the scan has none', () => {
    expect(lungSearchedText(3107.4)).toBe('3.1 L of lung searched');
    expect(lungSearchedText(117.2)).toBe('117 mL of lung searched');
    expect(lungSearchedText(0)).toBe('no aerated lung found in this scan');
  });
});
