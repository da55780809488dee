import type { LabelEditor } from '../../../main/core/editing/index';

interface DebugHooks {
  /** The editor's label map as base64 (one byte per voxel), or null before any label map exists. */
  labelMapBytes(): string | null;
  /** Voxels per label value in the editor's label map. */
  labelCounts(): Record<number, number>;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(text);
}

/** `window.lobusDebug`: lets end-to-end tests compare an exported file with what the page holds. */
export function installDebugHooks(source: { readonly editor: LabelEditor | null }): void {
  const hooks: DebugHooks = {
    labelMapBytes: () => (source.editor ? toBase64(source.editor.labelMap.data) : null),
    labelCounts: () => {
      const counts: Record<number, number> = {};
      const data = source.editor?.labelMap.data;
      if (data) for (let v = 0; v < data.length; v++) if (data[v]) counts[data[v]!] = (counts[data[v]!] ?? 0) + 1;
      return counts;
    },
  };
  (globalThis as { lobusDebug?: DebugHooks }).lobusDebug = hooks;
}
