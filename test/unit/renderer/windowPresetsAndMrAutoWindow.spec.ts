import { describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { openSource } from '../../../main/core/volume/openSource.js';
import { CT_PRESETS, dragWindow, greyLevel, initialWindow, percentileWindow, presetWindow } from '../../../renderer/src/logic/windowLevel.js';
import { parsePreferences } from '../../../renderer/src/logic/preferences.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';

function exactPercentile(data: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(data as ArrayLike<number>).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rangeOf(data: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

describe('window/level', () => {
  it('uses the departmental CT presets', () => {
    expect(CT_PRESETS).toEqual({
      abdomen: { center: 40, width: 400 },
      liver: { center: 60, width: 160 },
      lung: { center: -600, width: 1500 },
      mediastinum: { center: 50, width: 350 },
      bone: { center: 400, width: 1800 },
      brain: { center: 40, width: 80 },
    });
  });

  it('shows the demo liver (60 HU) brighter than air and darker than bone in the abdomen window', () => {
    const w = CT_PRESETS.abdomen;
    expect(greyLevel(-1000, w)).toBe(0);
    expect(greyLevel(700, w)).toBe(1);
    expect(greyLevel(60, w)).toBeCloseTo(0.55, 2);
  });

  it('opens a CT in the abdomen window', () => {
    const demo = makeDemoPhantom();
    expect(initialWindow('CT', [], demo.data, rangeOf(demo.data))).toEqual({ window: CT_PRESETS.abdomen, preset: 'abdomen' });
    expect(initialWindow('CT', [{ name: 'file', center: 35, width: 350 }], demo.data, [-1024, 3000]).window).toEqual({ center: 35, width: 350 });
  });

  it.skipIf(!HAVE_SHARED_DATA)('puts the MR auto window on the 1st–99th percentile of the real MR, to one histogram bin', async () => {
    const mr = await openSource(caseFile('ts_mr_abdomen', 'image.nii.gz'));
    const range = rangeOf(mr.data);
    const w = percentileWindow(mr.data, range);
    const lo = exactPercentile(mr.data, 1);
    const hi = exactPercentile(mr.data, 99);
    const bin = (range[1] - range[0]) / 4095;
    expect(Math.abs(w.center - w.width / 2 - lo)).toBeLessThanOrEqual(2 * bin + 1e-9);
    expect(Math.abs(w.center + w.width / 2 - hi)).toBeLessThanOrEqual(2 * bin + 1e-9);
    expect(initialWindow('MR', [], mr.data, range).preset).toBe('mr-auto');
    expect(presetWindow('mr-auto', mr.data, range)).toEqual(w);
  }, 60_000);

  it('widens with a drag to the right and never reaches zero width', () => {
    const start = { center: 40, width: 400 };
    expect(dragWindow(start, 100, 0, [-1024, 3071]).width).toBeGreaterThan(400);
    expect(dragWindow(start, -10_000, 0, [-1024, 3071]).width).toBeGreaterThanOrEqual(1);
  });

  it('remembers layout and windows, and shrugs off corrupt storage', () => {
    expect(parsePreferences('{"layout":"1x3","windows":{"CT":{"center":-600,"width":1500}}}')).toEqual({
      layout: '1x3',
      windows: { CT: { center: -600, width: 1500 } },
    });
    expect(parsePreferences('not json')).toEqual({ layout: '2x2', windows: {} });
    expect(parsePreferences('{"layout":"9x9","windows":{"CT":{"center":1,"width":-5}}}')).toEqual({ layout: '2x2', windows: {} });
  });
});
