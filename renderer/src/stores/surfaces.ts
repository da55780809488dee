import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, watch } from 'vue';
import type { LabelSurfaceMesh } from '../logic/labelSurface';
import type { SurfaceReply, SurfaceRequest } from '../logic/surfaceWorker';
import { useLayersStore } from './layers';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';

/** What the surface worker last did, readable by tests and benchmarks as `window.lobusSurfaceStats`. */
export const surfaceStats = { builds: 0, lastBuildMs: 0, lastLabels: [] as number[] };
(globalThis as { lobusSurfaceStats?: typeof surfaceStats }).lobusSurfaceStats = surfaceStats;

/**
 * The 3D surfaces of the labels, one mesh per label, built in a worker once the 3D view is shown. After an
 * edit only the labels it touched are rebuilt; edits that land while a build runs are gathered into the
 * next one, so a brush stroke costs one rebuild per worker round trip, not one per dab.
 */
export const useSurfacesStore = defineStore('surfaces', () => {
  const meshes = shallowRef<ReadonlyMap<number, LabelSurfaceMesh>>(new Map());
  const building = ref(false);
  /** Only while the 3D view is shown: nothing is meshed for a view nobody looks at. */
  const enabled = ref(false);
  let worker: Worker | null = null;
  let requestId = 0;
  let pending: Set<number> | 'all' | null = null;
  const layers = useLayersStore();

  watch([() => layers.image, enabled], () => {
    requestId++; // a build still running for a replaced label map is dropped when it replies
    pending = null;
    meshes.value = new Map();
    if (enabled.value) rebuild('all');
  });
  watch(() => layers.revision, () => {
    if (enabled.value) rebuild(layers.lastTouchedLabels());
  });

  function enable(): void {
    enabled.value = true;
  }

  function disable(): void {
    enabled.value = false;
  }

  function rebuild(labels: number[] | 'all'): void {
    if (labels !== 'all' && labels.length === 0) return;
    if (pending === 'all' || labels === 'all') pending = 'all';
    else pending = new Set([...(pending ?? []), ...labels]);
    if (!building.value) sendPending();
  }

  function sendPending(): void {
    const volume = useStudyStore().volume;
    const data = layers.data;
    if (!pending || !volume || !data) {
      pending = null;
      return;
    }
    const labels = pending === 'all' ? layers.styles.map((s) => s.value) : [...pending];
    pending = null;
    if (labels.length === 0) return;
    worker ??= createWorker();
    const { dims, spacing, origin, direction } = volume.header;
    const request: SurfaceRequest = { id: ++requestId, geometry: { dims, spacing, origin, direction }, data: data.slice(), labels };
    building.value = true;
    worker.postMessage(request, [request.data.buffer]);
  }

  function createWorker(): Worker {
    const w = new Worker(new URL('../logic/surfaceWorker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (event: MessageEvent<SurfaceReply>) => {
      building.value = false;
      const reply = event.data;
      // A reply built for a label map that was replaced since (a new study) is dropped.
      if (reply.id === requestId) {
        if ('error' in reply) useNoticesStore().push('error', `3D surfaces failed: ${reply.error}`);
        else apply(reply.surfaces, reply.emptyLabels, reply.ms);
      }
      sendPending();
    };
    w.onerror = (event) => {
      building.value = false;
      useNoticesStore().push('error', `3D surfaces failed: ${event.message}`);
    };
    return w;
  }

  function apply(surfaces: LabelSurfaceMesh[], emptyLabels: number[], ms: number): void {
    const next = new Map(meshes.value);
    for (const label of emptyLabels) next.delete(label);
    for (const mesh of surfaces) next.set(mesh.label, markRaw(mesh));
    meshes.value = next;
    surfaceStats.builds++;
    surfaceStats.lastBuildMs = ms;
    surfaceStats.lastLabels = [...surfaces.map((s) => s.label), ...emptyLabels];
  }

  return { meshes, building, enable, disable, rebuild };
});
