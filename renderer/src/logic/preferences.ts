/** What the viewer remembers between sessions (localStorage), read defensively: bad JSON → defaults. */
import type { WindowLevel } from './windowLevel.js';

export type LayoutName = '1x1' | '1x3' | '2x2';
export const LAYOUTS: LayoutName[] = ['1x1', '1x3', '2x2'];

export interface Preferences {
  layout: LayoutName;
  /** Last window per modality, so a CT reopens in the window the user chose last time. */
  windows: Partial<Record<string, WindowLevel>>;
}

export const DEFAULT_PREFERENCES: Preferences = { layout: '2x2', windows: {} };

const isWindow = (w: unknown): w is WindowLevel =>
  typeof w === 'object' && w !== null && Number.isFinite((w as WindowLevel).center) && (w as WindowLevel).width > 0;

export function parsePreferences(text: string | null): Preferences {
  if (!text) return { ...DEFAULT_PREFERENCES, windows: {} };
  try {
    const raw = JSON.parse(text) as Partial<Preferences>;
    const layout = LAYOUTS.includes(raw.layout as LayoutName) ? (raw.layout as LayoutName) : DEFAULT_PREFERENCES.layout;
    const windows: Preferences['windows'] = {};
    if (raw.windows && typeof raw.windows === 'object') {
      for (const [modality, w] of Object.entries(raw.windows)) if (isWindow(w)) windows[modality] = { center: w.center, width: w.width };
    }
    return { layout, windows };
  } catch {
    return { ...DEFAULT_PREFERENCES, windows: {} };
  }
}
