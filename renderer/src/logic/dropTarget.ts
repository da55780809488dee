import { ref } from 'vue';

/** Drag-and-drop of files onto an element: whether files hover over it, and the handlers to bind with v-on. */
export function useDropTarget(onDrop: (event: DragEvent) => void | Promise<void>) {
  const over = ref(false);
  let depth = 0;
  const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
  const handlers = {
    dragenter(e: DragEvent) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth++;
      over.value = true;
    },
    dragover(e: DragEvent) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    },
    dragleave() {
      depth = Math.max(0, depth - 1);
      if (depth === 0) over.value = false;
    },
    drop(e: DragEvent) {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      over.value = false;
      void onDrop(e);
    },
  };
  return { over, handlers };
}
