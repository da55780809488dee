import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { VolumeHeader } from '../../../main/core/api/contract';
import type { PixelArray, Vec3 } from '../../../main/core/volume/types';
import { snapToVoxel, stepSlice, volumeCenter, SLICE_CAMERAS, type SliceAxis } from '../logic/orientation';
import { parsePreferences, type LayoutName, type Preferences } from '../logic/preferences';
import { initialWindow, matchingCtPreset, presetWindow, type PresetName, type WindowLevel } from '../logic/windowLevel';

export type ViewId = SliceAxis | '3d';
const STORAGE_KEY = 'lobus.preferences.v1';

function loadPreferences(): Preferences {
  try {
    return parsePreferences(localStorage.getItem(STORAGE_KEY));
  } catch {
    return parsePreferences(null);
  }
}

/** Where the user looks: crosshair (LPS mm), window/level, layout, which view is active or maximised. */
export const useViewStore = defineStore('view', () => {
  const preferences = loadPreferences();
  const crosshair = ref<Vec3>([0, 0, 0]);
  const window = ref<WindowLevel>({ center: 40, width: 400 });
  const preset = ref<PresetName | null>('abdomen');
  const layout = ref<LayoutName>(preferences.layout);
  const maximised = ref<ViewId | null>(null);
  const activeView = ref<SliceAxis>('axial');
  /** Bumped to ask every view to reset zoom and pan. */
  const resetSignal = ref(0);
  const showHelp = ref(false);
  let header: VolumeHeader | null = null;
  let voxels: PixelArray | null = null;

  function save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences));
    } catch {
      // Private mode or a full disk: the viewer still works, it just forgets.
    }
  }

  function startStudy(h: VolumeHeader, v: PixelArray): void {
    header = h;
    voxels = v;
    crosshair.value = snapToVoxel(h, volumeCenter(h));
    const remembered = preferences.windows[h.meta.modality];
    if (remembered) {
      window.value = remembered;
      preset.value = h.meta.modality === 'CT' ? matchingCtPreset(remembered) : null;
    } else {
      const start = initialWindow(h.meta.modality, h.meta.windowPresets, v, h.range);
      window.value = start.window;
      preset.value = start.preset;
    }
    maximised.value = null;
  }

  function setWindow(w: WindowLevel, fromPreset: PresetName | null = null): void {
    window.value = w;
    preset.value = fromPreset;
    if (header) {
      preferences.windows[header.meta.modality] = w;
      save();
    }
  }

  function applyPreset(name: PresetName): void {
    if (!header || !voxels) return;
    setWindow(presetWindow(name, voxels, header.range), name);
  }

  /**
   * Switches a CT shown in another stock preset to the Lung window, where nodules and ground glass can be seen (in the
   * abdomen window ground glass is black), without remembering it as the user's choice. A window the user set by hand
   * is left alone. True when it switched.
   */
  function showLungWindow(): boolean {
    if (!header || !voxels || header.meta.modality !== 'CT' || preset.value === null || preset.value === 'lung') return false;
    window.value = presetWindow('lung', voxels, header.range);
    preset.value = 'lung';
    return true;
  }

  function setLayout(name: LayoutName): void {
    layout.value = name;
    maximised.value = null;
    preferences.layout = name;
    save();
  }

  function toggleMaximised(view: ViewId): void {
    maximised.value = maximised.value === view ? null : view;
  }

  function setCrosshair(point: Vec3): void {
    crosshair.value = header ? snapToVoxel(header, point) : point;
  }

  function step(axis: SliceAxis, delta: number): void {
    if (!header) return;
    crosshair.value = stepSlice(header, crosshair.value, SLICE_CAMERAS[axis].directionOfProjection, delta);
  }

  return {
    crosshair, window, preset, layout, maximised, activeView, resetSignal, showHelp,
    startStudy, setWindow, applyPreset, showLungWindow, setLayout, toggleMaximised, setCrosshair, step,
  };
});
