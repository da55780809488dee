import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { VolumeHeader } from '../../../main/core/api/contract.js';
import type { Modality } from '../../../main/core/volume/types.js';
import { useViewStore } from '../../../renderer/src/stores/view.js';

function header(modality: Modality): VolumeHeader {
  return {
    studyId: 's1',
    dims: [4, 4, 4],
    spacing: [1, 1, 1],
    origin: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    pixelType: 'int16',
    meta: { modality, windowPresets: [] } as unknown as VolumeHeader['meta'],
    range: [-1000, 1000],
  };
}

/** Ground glass is black in the abdomen window a CT opens with: picking a nodule or searching for candidates shows the lungs. */
describe('the view store shows the Lung window for nodule work', () => {
  beforeEach(() => setActivePinia(createPinia()));
  const voxels = new Int16Array(64);

  it('switches a CT in a stock preset (abdomen) to Lung, once', () => {
    const view = useViewStore();
    view.startStudy(header('CT'), voxels);
    expect(view.preset).toBe('abdomen');
    expect(view.showLungWindow()).toBe(true);
    expect(view.preset).toBe('lung');
    expect(view.window).toEqual({ center: -600, width: 1500 });
    expect(view.showLungWindow()).toBe(false);
  });

  it('leaves a window the user set by hand, and MR, alone', () => {
    const view = useViewStore();
    view.startStudy(header('CT'), voxels);
    view.setWindow({ center: -500, width: 1200 });
    expect(view.showLungWindow()).toBe(false);
    expect(view.window).toEqual({ center: -500, width: 1200 });
    view.startStudy(header('MR'), voxels);
    const before = { ...view.window };
    expect(view.showLungWindow()).toBe(false);
    expect(view.window).toEqual(before);
  });
});
