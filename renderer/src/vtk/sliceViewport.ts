/** One slice view: the shared volume resliced through the crosshair, a label overlay, a parallel camera. */
import vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { Geometry, Vec3 } from '../../../main/core/volume/types';
import { fitParallelScale, SLICE_CAMERAS, screenRight, volumeCenter, type SliceAxis, type ViewFrame } from '../logic/orientation';
import { add, dot, scale, sub } from '../logic/vec3';
import type { LabelStyle } from '../logic/labelStyles';
import type { WindowLevel } from '../logic/windowLevel';
import { createChildView, type ChildView } from './renderHub';

const CAMERA_DISTANCE = 2000;
/** While slices flick past faster than this (ms apart), draw at reduced resolution; sharpen when they stop. */
const STREAK_MS = 120;
const STREAK_RESOLUTION = 0.5;

export class SliceViewport {
  readonly axis: SliceAxis;
  private readonly child: ChildView;
  private readonly plane = vtkPlane.newInstance();
  private readonly imageActor = vtkImageSlice.newInstance();
  private readonly imageMapper = vtkImageResliceMapper.newInstance();
  private readonly labelPlane = vtkPlane.newInstance();
  private readonly labelActor = vtkImageSlice.newInstance();
  private readonly labelMapper = vtkImageResliceMapper.newInstance();
  private geometry: Geometry | null = null;
  private position: Vec3 = [0, 0, 0];
  private focalPoint: Vec3 = [0, 0, 0];
  private parallelScale = 100;
  private size = { width: 1, height: 1 };
  /** Whether the user zoomed or panned since the last reset; a resize then keeps their framing. */
  private adjusted = false;
  private lastMove = 0;
  private resolution = 1;
  private sharpenTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(container: HTMLElement, axis: SliceAxis) {
    this.axis = axis;
    this.child = createChildView(container, [0, 0, 0]);
    const normal = SLICE_CAMERAS[axis].directionOfProjection;
    this.plane.setNormal(...normal);
    this.labelPlane.setNormal(...normal);
    this.imageMapper.setSlicePlane(this.plane);
    this.imageActor.setMapper(this.imageMapper);
    // Explicit grey ramp and flat opacity: without them vtk.js builds two fresh lookup textures on every
    // slice change; with them the textures are cached and a scroll only moves the plane.
    const grey = vtkColorTransferFunction.newInstance();
    grey.addRGBPoint(0, 0, 0, 0);
    grey.addRGBPoint(1, 1, 1, 1);
    const opaque = vtkPiecewiseFunction.newInstance();
    opaque.addPoint(0, 1);
    opaque.addPoint(1, 1);
    this.imageActor.getProperty().setRGBTransferFunction(0, grey);
    this.imageActor.getProperty().setPiecewiseFunction(0, opaque);
    this.imageMapper.setColorTextureWidth(1024);
    this.imageMapper.setOpacityTextureWidth(256);
    this.labelMapper.setColorTextureWidth(1024);
    this.labelMapper.setOpacityTextureWidth(1024);
    this.labelMapper.setSlicePlane(this.labelPlane);
    this.labelActor.setMapper(this.labelMapper);
    this.labelActor.getProperty().setInterpolationTypeToNearest();
    this.labelActor.getProperty().setUseLookupTableScalarRange(true);
    this.labelActor.setVisibility(false);
    const camera = this.child.renderer.getActiveCamera();
    camera.setParallelProjection(true);
    this.size = this.child.resize();
  }

  get canvas(): HTMLCanvasElement {
    return this.child.canvas;
  }

  setImage(image: vtkImageData, geometry: Geometry, position: Vec3): void {
    this.geometry = geometry;
    this.imageMapper.setInputData(image);
    if (!this.child.renderer.getActors().length) this.child.renderer.addActor(this.imageActor);
    this.position = position;
    this.resetCamera();
  }

  setLabels(image: vtkImageData | null, styles: LabelStyle[]): void {
    if (!image) {
      this.labelActor.setVisibility(false);
      return;
    }
    if (this.labelMapper.getInputData() !== image) {
      this.labelMapper.setInputData(image);
      this.child.renderer.addActor(this.labelActor);
    }
    const maxValue = Math.max(1, ...styles.map((s) => s.value));
    const colors = vtkColorTransferFunction.newInstance();
    const opacities = vtkPiecewiseFunction.newInstance();
    colors.addRGBPoint(0, 0, 0, 0);
    opacities.addPoint(0, 0);
    const thickness: number[] = [];
    for (let value = 1; value <= maxValue; value++) {
      const style = styles.find((s) => s.value === value);
      const color = style?.color ?? [0, 0, 0];
      colors.addRGBPoint(value, color[0] / 255, color[1] / 255, color[2] / 255);
      opacities.addPoint(value, style && style.visible ? style.opacity : 0);
      thickness.push(style && style.visible && style.outline ? 2 : 0);
    }
    const property = this.labelActor.getProperty();
    property.setRGBTransferFunction(0, colors);
    property.setPiecewiseFunction(0, opacities);
    property.setUseLabelOutline(thickness.some((t) => t > 0));
    property.setLabelOutlineThickness(thickness);
    property.setLabelOutlineOpacity(1);
    this.labelActor.setVisibility(styles.some((s) => s.visible));
  }

  setWindow(window: WindowLevel): void {
    const property = this.imageActor.getProperty();
    property.setColorWindow(window.width);
    property.setColorLevel(window.center);
  }

  /**
   * Move the slice plane through `point`; the view keeps its in-plane pan. Returns whether the plane moved
   * (a crosshair moving within the plane needs no redraw of this view's pixels).
   */
  setPosition(point: Vec3): boolean {
    const normal = SLICE_CAMERAS[this.axis].directionOfProjection;
    const moved = Math.abs(dot(sub(point, this.position), normal)) > 1e-6;
    this.position = point;
    if (moved) this.noteMove();
    this.plane.setOrigin(...point);
    // A hair towards the viewer so the overlay never z-fights with the image it lies on.
    this.labelPlane.setOrigin(...add(point, scale(normal, -0.01)));
    const offset = dot(sub(point, this.focalPoint), normal);
    this.focalPoint = add(this.focalPoint, scale(normal, offset));
    this.applyCamera();
    return moved;
  }

  resetCamera(): void {
    if (!this.geometry) return;
    const camera = SLICE_CAMERAS[this.axis];
    const center = volumeCenter(this.geometry);
    const normal = camera.directionOfProjection;
    this.focalPoint = add(center, scale(normal, dot(sub(this.position, center), normal)));
    this.parallelScale = fitParallelScale(this.geometry, camera, this.size.width, this.size.height);
    this.adjusted = false;
    this.setPosition(this.position);
  }

  /** Pan (keeping zoom) so that `point` is in the middle of the view, e.g. when jumping to a lesion. */
  centerOn(point: Vec3): void {
    const normal = SLICE_CAMERAS[this.axis].directionOfProjection;
    this.focalPoint = add(point, scale(normal, dot(sub(this.position, point), normal)));
    this.applyCamera();
  }

  get userAdjusted(): boolean {
    return this.adjusted;
  }

  zoomBy(factor: number): void {
    this.parallelScale = Math.min(5000, Math.max(2, this.parallelScale / factor));
    this.adjusted = true;
    this.applyCamera();
  }

  panByPixels(dx: number, dy: number): void {
    const mmPerPx = (2 * this.parallelScale) / Math.max(1, this.size.height);
    const camera = SLICE_CAMERAS[this.axis];
    const shift = add(scale(screenRight(camera), -dx * mmPerPx), scale(camera.viewUp, dy * mmPerPx));
    this.focalPoint = add(this.focalPoint, shift);
    this.adjusted = true;
    this.applyCamera();
  }

  resize(): void {
    this.size = this.child.resize(this.resolution);
  }

  /**
   * Software WebGL pays per pixel: during a fast scroll, draw a quarter of the pixels, then redraw sharp
   * once the scrolling pauses. A single step always draws sharp.
   */
  private noteMove(): void {
    const now = performance.now();
    const streak = now - this.lastMove < STREAK_MS;
    this.lastMove = now;
    if (!streak) return;
    if (this.resolution !== STREAK_RESOLUTION) {
      this.resolution = STREAK_RESOLUTION;
      this.size = this.child.resize(this.resolution);
    }
    if (this.sharpenTimer) clearTimeout(this.sharpenTimer);
    this.sharpenTimer = setTimeout(() => {
      this.sharpenTimer = null;
      this.resolution = 1;
      this.size = this.child.resize(1);
      this.child.requestRender();
    }, STREAK_MS + 30);
  }

  frame(): ViewFrame {
    return {
      camera: SLICE_CAMERAS[this.axis],
      focalPoint: [...this.focalPoint],
      parallelScale: this.parallelScale,
      widthPx: this.size.width,
      heightPx: this.size.height,
    };
  }

  requestRender(): void {
    this.child.requestRender();
  }

  renderNow(): void {
    this.child.renderNow();
  }

  dispose(): void {
    if (this.sharpenTimer) clearTimeout(this.sharpenTimer);
    this.child.dispose();
    this.imageActor.delete();
    this.imageMapper.delete();
    this.labelActor.delete();
    this.labelMapper.delete();
  }

  private applyCamera(): void {
    const { directionOfProjection: dop, viewUp } = SLICE_CAMERAS[this.axis];
    const camera = this.child.renderer.getActiveCamera();
    camera.setFocalPoint(...this.focalPoint);
    camera.setPosition(...sub(this.focalPoint, scale(dop, CAMERA_DISTANCE)));
    camera.setViewUp(...viewUp);
    camera.setParallelScale(this.parallelScale);
    camera.setClippingRange(CAMERA_DISTANCE - 1000, CAMERA_DISTANCE + 1000);
  }
}
