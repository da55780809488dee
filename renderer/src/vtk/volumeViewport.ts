/**
 * The 3D view: the volume ray-cast with a preset transfer function, the labels as smooth surfaces, and the
 * crosshair point; rotate, zoom, pan with the mouse.
 */
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData';
import vtkInteractorStyleTrackballCamera from '@kitware/vtk.js/Interaction/Style/InteractorStyleTrackballCamera';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { Vec3 } from '../../../main/core/volume/types';
import type { LabelSurfaceMesh } from '../logic/labelSurface';
import type { LabelStyle } from '../logic/labelStyles';
import type { TransferFunction } from '../logic/volumePresets';
import { CrosshairMarker } from './crosshairMarker';
import { LabelSurfaceActors } from './labelSurfaceActors';
import { createChildView, isSoftwareRenderer, type ChildView } from './renderHub';

/** The crosshair lines reach this share of the volume's diagonal either side of the point. */
const CROSSHAIR_REACH = 0.06;

/** On software WebGL: a third of the pixels' resolution and coarser rays keep a 3D frame near a second. */
const SOFTWARE_RESOLUTION = 0.4;
const SOFTWARE_SAMPLE_MM = 2.5;

export class VolumeViewport {
  private readonly child: ChildView;
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private readonly interactor = vtkRenderWindowInteractor.newInstance();
  private readonly surfaces: LabelSurfaceActors;
  private readonly crosshair: CrosshairMarker;
  /**
   * The image's corner points and no cells: draws nothing, but keeps the camera's clipping range on the
   * whole image when the image is hidden ("surfaces only"), so the crosshair lines are not clipped away.
   */
  private readonly corners = vtkPolyData.newInstance();
  private readonly cornersMapper = vtkMapper.newInstance();
  private readonly cornersActor = vtkActor.newInstance();
  private hasImage = false;
  private imageVisible = true;
  private bounds: [number, number, number, number, number, number] | null = null;
  private readonly resolution: number;

  constructor(container: HTMLElement) {
    this.child = createChildView(container, [0.02, 0.025, 0.035]);
    const software = isSoftwareRenderer();
    this.resolution = software ? SOFTWARE_RESOLUTION : 1;
    this.mapper.setSampleDistance(software ? SOFTWARE_SAMPLE_MM : 1);
    this.mapper.setAutoAdjustSampleDistances(true);
    this.mapper.setInteractionSampleDistanceFactor(3);
    this.actor.setMapper(this.mapper);
    const property = this.actor.getProperty();
    property.setInterpolationTypeToLinear();
    property.setAmbient(0.25);
    property.setDiffuse(0.75);
    property.setSpecular(0.2);
    property.setSpecularPower(10);
    this.surfaces = new LabelSurfaceActors(this.child.renderer);
    this.crosshair = new CrosshairMarker(this.child.renderer);
    this.cornersMapper.setInputData(this.corners);
    this.cornersActor.setMapper(this.cornersMapper);
    this.interactor.setView(this.child.view);
    this.interactor.initialize();
    this.interactor.bindEvents(container);
    this.interactor.setInteractorStyle(vtkInteractorStyleTrackballCamera.newInstance());
    this.child.resize(this.resolution);
  }

  setImage(image: vtkImageData): void {
    this.mapper.setInputData(image);
    if (!this.hasImage) {
      this.child.renderer.addVolume(this.actor);
      this.child.renderer.addActor(this.cornersActor);
    }
    this.hasImage = true;
    const b = [...image.getBounds()] as [number, number, number, number, number, number];
    this.bounds = b;
    this.corners.getPoints().setData(Float32Array.from([b[0], b[2], b[4], b[1], b[3], b[5]]), 3);
    this.corners.modified();
    this.actor.setVisibility(this.imageVisible);
    this.resetCamera();
  }

  /** "Surfaces only" hides the ray-cast image; the camera stays where it is. */
  setImageVisible(visible: boolean): void {
    this.imageVisible = visible;
    this.actor.setVisibility(visible && this.hasImage);
  }

  setTransfer(transfer: TransferFunction): void {
    const colors = vtkColorTransferFunction.newInstance();
    for (const [v, r, g, b] of transfer.colors) colors.addRGBPoint(v, r, g, b);
    const opacities = vtkPiecewiseFunction.newInstance();
    for (const [v, o] of transfer.opacities) opacities.addPoint(v, o);
    const property = this.actor.getProperty();
    property.setRGBTransferFunction(0, colors);
    property.setScalarOpacity(0, opacities);
    property.setShade(transfer.shade);
  }

  /** One smooth surface per label, in the label's colour; hidden labels drop out. */
  setSurfaces(meshes: ReadonlyMap<number, LabelSurfaceMesh>, styles: LabelStyle[], voxelMm3: number): void {
    this.surfaces.update(meshes, styles, voxelMm3);
  }

  setCrosshair(point: Vec3): void {
    const b = this.bounds;
    const diagonal = b ? Math.hypot(b[1]! - b[0]!, b[3]! - b[2]!, b[5]! - b[4]!) : 300;
    this.crosshair.moveTo(point, Math.max(10, CROSSHAIR_REACH * diagonal));
  }

  /** Anterior view, head up: the patient faces the viewer, their right on screen left. */
  resetCamera(): void {
    const renderer = this.child.renderer;
    const camera = renderer.getActiveCamera();
    camera.setFocalPoint(0, 0, 0);
    camera.setPosition(0, -1, 0);
    camera.setViewUp(0, 0, 1);
    // Framed on the image, so the view is the same with or without the image drawn.
    if (this.bounds) renderer.resetCamera(this.bounds);
    else renderer.resetCamera();
    camera.zoom(1.3);
    renderer.resetCameraClippingRange();
  }

  resize(): void {
    this.child.resize(this.resolution);
  }

  requestRender(): void {
    this.child.requestRender();
  }

  dispose(): void {
    this.interactor.unbindEvents();
    this.interactor.delete();
    this.surfaces.dispose();
    this.crosshair.dispose();
    this.child.dispose();
    this.actor.delete();
    this.mapper.delete();
    this.cornersActor.delete();
    this.cornersMapper.delete();
    this.corners.delete();
  }
}
