/**
 * One WebGL context for every view: a hidden root render window owns it, and each view is a child render
 * window that draws through it and copies the result to its own canvas. Textures (the volume, the label map)
 * are uploaded once to that context and shared by every mapper that shows them.
 */
import '@kitware/vtk.js/Rendering/Profiles/Geometry';
import '@kitware/vtk.js/Rendering/Profiles/Volume';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
// A value import: it registers the WebGL view constructor, which the profiles alone do not load.
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';

interface Root {
  window: vtkRenderWindow;
  view: vtkOpenGLRenderWindow;
}

let root: Root | null = null;

/** Draw counts and times, readable from tests and benchmarks as `window.lobusRenderStats`. */
export const renderStats = {
  frames: 0,
  lastMs: 0,
  totalMs: 0,
  /** Last study opened: click → voxels received, and click → first slice drawn (ms). */
  volumeReceivedMs: 0,
  firstSliceMs: 0,
};
(globalThis as { lobusRenderStats?: typeof renderStats }).lobusRenderStats = renderStats;

function rootWindow(): Root {
  if (!root) {
    const window = vtkRenderWindow.newInstance();
    const view = vtkOpenGLRenderWindow.newInstance();
    window.addView(view);
    let ok = true;
    try {
      view.initialize();
    } catch {
      ok = false; // vtk.js fails obscurely on a null context; say what is wrong instead
    }
    if (!ok || !glContext(view)) {
      view.delete();
      window.delete();
      throw new Error('WebGL 2 is not available in this browser; turn on hardware acceleration or use a newer browser.');
    }
    root = { window, view };
  }
  return root;
}

/**
 * Whether WebGL runs on the CPU (SwiftShader, llvmpipe): ray casting is then tens of times slower, and the
 * 3D view trades resolution for a responsive app.
 */
/** `context` is a public getter at runtime that the .d.ts leaves out. */
function glContext(view: vtkOpenGLRenderWindow): WebGL2RenderingContext | null {
  return (view as unknown as { getContext(): WebGL2RenderingContext | null }).getContext() ?? null;
}

export function isSoftwareRenderer(): boolean {
  const gl = glContext(rootWindow().view);
  if (!gl) return true;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|software|softpipe/i.test(name);
}

export interface ChildView {
  renderer: vtkRenderer;
  view: vtkOpenGLRenderWindow;
  canvas: HTMLCanvasElement;
  /** Draw soon (several requests close together draw once). */
  requestRender(): void;
  renderNow(): void;
  /**
   * Follow the container's CSS size; returns that size. `resolution` < 1 draws fewer pixels and lets the
   * browser scale them up (the 3D view on software WebGL).
   */
  resize(resolution?: number): { width: number; height: number };
  dispose(): void;
}

export function createChildView(container: HTMLElement, background: [number, number, number]): ChildView {
  const { window: rootRw, view: rootView } = rootWindow();
  const renderWindow = vtkRenderWindow.newInstance();
  rootRw.addRenderWindow(renderWindow);
  const view = rootView.addMissingNode(renderWindow) as vtkOpenGLRenderWindow;
  renderWindow.addView(view);
  view.setContainer(container);
  const renderer = vtkRenderer.newInstance({ background });
  renderWindow.addRenderer(renderer);
  const canvas = view.getCanvas() as HTMLCanvasElement;
  canvas.style.position = 'absolute';
  canvas.style.inset = '0';
  canvas.style.display = 'block';

  let frame: number | null = null;
  let pending = false;
  let lastDraw = 0;
  let disposed = false;
  const renderNow = () => {
    if (disposed) return;
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    pending = false;
    const start = performance.now();
    lastDraw = start;
    renderWindow.render();
    renderStats.frames++;
    renderStats.lastMs = performance.now() - start;
    renderStats.totalMs += renderStats.lastMs;
  };
  const resize = (resolution = 1) => {
    const width = Math.max(1, container.clientWidth);
    const height = Math.max(1, container.clientHeight);
    const ratio = (globalThis.devicePixelRatio || 1) * resolution;
    view.setSize(Math.max(1, Math.round(width * ratio)), Math.max(1, Math.round(height * ratio)));
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    rootView.resizeFromChildRenderWindows();
    return { width, height };
  };
  return {
    renderer,
    view,
    canvas,
    requestRender: () => {
      if (pending || disposed) return;
      pending = true;
      // Right after the current event when the last draw is more than a frame old (no frame of latency on a
      // wheel notch); otherwise on the next animation frame, so a fast touchpad cannot queue draws on the GPU.
      if (performance.now() - lastDraw > 14) queueMicrotask(renderNow);
      else frame = requestAnimationFrame(renderNow);
    },
    renderNow,
    resize,
    dispose: () => {
      disposed = true;
      if (frame !== null) cancelAnimationFrame(frame);
      rootRw.removeRenderWindow(renderWindow);
      // removeNode deletes the child view itself; deleting it again threw on its already-cleared canvas.
      rootView.removeNode(view);
      renderer.delete();
      renderWindow.delete();
    },
  };
}
