/** The 3D view: the shared volume ray-cast with a preset transfer function; rotate, zoom, pan with the mouse. */
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkInteractorStyleTrackballCamera from '@kitware/vtk.js/Interaction/Style/InteractorStyleTrackballCamera';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { LabelStyle } from '../logic/labelStyles';
import type { TransferFunction } from '../logic/volumePresets';
import { createChildView, isSoftwareRenderer, type ChildView } from './renderHub';

/** On software WebGL: a third of the pixels' resolution and coarser rays keep a 3D frame near a second. */
const SOFTWARE_RESOLUTION = 0.4;
const SOFTWARE_SAMPLE_MM = 2.5;

export class VolumeViewport {
  private readonly child: ChildView;
  private readonly mapper = vtkVolumeMapper.newInstance();
  private readonly actor = vtkVolume.newInstance();
  private readonly interactor = vtkRenderWindowInteractor.newInstance();
  private readonly labelMapper = vtkVolumeMapper.newInstance();
  private readonly labelActor = vtkVolume.newInstance();
  private hasImage = false;
  private hasLabels = false;
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
    this.labelMapper.setSampleDistance(software ? SOFTWARE_SAMPLE_MM : 1);
    this.labelActor.setMapper(this.labelMapper);
    const labelProperty = this.labelActor.getProperty();
    // Linear sampling of the 0/1 edges gives a smooth surface instead of voxel stair-steps.
    labelProperty.setInterpolationTypeToLinear();
    labelProperty.setShade(true);
    labelProperty.setAmbient(0.35);
    labelProperty.setDiffuse(0.7);
    this.labelActor.setVisibility(false);
    this.interactor.setView(this.child.view);
    this.interactor.initialize();
    this.interactor.bindEvents(container);
    this.interactor.setInteractorStyle(vtkInteractorStyleTrackballCamera.newInstance());
    this.child.resize(this.resolution);
  }

  setImage(image: vtkImageData): void {
    this.mapper.setInputData(image);
    if (!this.hasImage) this.child.renderer.addVolume(this.actor);
    this.hasImage = true;
    this.resetCamera();
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

  /** Segmentation labels as solid coloured bodies inside the volume (hidden labels drop out). */
  setLabels(image: vtkImageData | null, styles: LabelStyle[]): void {
    if (!image) {
      this.labelActor.setVisibility(false);
      return;
    }
    if (this.labelMapper.getInputData() !== image) this.labelMapper.setInputData(image);
    if (!this.hasLabels) this.child.renderer.addVolume(this.labelActor);
    this.hasLabels = true;
    const colors = vtkColorTransferFunction.newInstance();
    const opacities = vtkPiecewiseFunction.newInstance();
    colors.addRGBPoint(0, 0, 0, 0);
    opacities.addPoint(0, 0);
    const maxValue = Math.max(1, ...styles.map((st) => st.value));
    for (let value = 1; value <= maxValue; value++) {
      const style = styles.find((st) => st.value === value);
      const c = style?.color ?? [0, 0, 0];
      colors.addRGBPoint(value, c[0] / 255, c[1] / 255, c[2] / 255);
      opacities.addPoint(value - 0.5, 0);
      opacities.addPoint(value, style?.visible ? 0.9 : 0);
    }
    const property = this.labelActor.getProperty();
    property.setRGBTransferFunction(0, colors);
    property.setScalarOpacity(0, opacities);
    // Opacity per mm so thin structures (nodules) still show solid.
    property.setScalarOpacityUnitDistance(0, 0.5);
    this.labelActor.setVisibility(styles.some((st) => st.visible));
  }

  /** Anterior view, head up: the patient faces the viewer, their right on screen left. */
  resetCamera(): void {
    const renderer = this.child.renderer;
    const camera = renderer.getActiveCamera();
    camera.setFocalPoint(0, 0, 0);
    camera.setPosition(0, -1, 0);
    camera.setViewUp(0, 0, 1);
    renderer.resetCamera();
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
    this.child.dispose();
    this.actor.delete();
    this.mapper.delete();
    this.labelActor.delete();
    this.labelMapper.delete();
  }
}
