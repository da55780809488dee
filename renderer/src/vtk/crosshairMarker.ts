/**
 * The crosshair point in 3D: three short lines along L, P and S, each in the colour of the slice view it
 * crosses. They are drawn by a second renderer on top of the first (same camera, depth cleared), so the
 * ray-cast body never hides them.
 */
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { Vec3 } from '../../../main/core/volume/types';

/** The slice views' title colours (styles.css): a line along an axis pierces the view whose normal it is. */
const AXIS_COLORS: Record<0 | 1 | 2, [number, number, number]> = {
  0: [0xda / 255, 0xaa / 255, 0x3f / 255], // L: sagittal
  1: [0x57 / 255, 0xab / 255, 0x5a / 255], // P: coronal
  2: [0xe5 / 255, 0x53 / 255, 0x4b / 255], // S: axial
};

export class CrosshairMarker {
  private readonly lines = ([0, 1, 2] as const).map((axis) => {
    const polyData = vtkPolyData.newInstance();
    polyData.getLines().setData(Uint32Array.from([2, 0, 1]));
    const mapper = vtkMapper.newInstance();
    mapper.setInputData(polyData);
    const actor = vtkActor.newInstance();
    actor.setMapper(mapper);
    actor.getProperty().setColor(...AXIS_COLORS[axis]);
    actor.getProperty().setLineWidth(2);
    actor.getProperty().setLighting(false);
    actor.setVisibility(false);
    return { axis, polyData, mapper, actor };
  });

  private readonly overlay = vtkRenderer.newInstance();

  constructor(scene: vtkRenderer) {
    const renderWindow = scene.getRenderWindow();
    this.overlay.setLayer(1);
    this.overlay.setInteractive(false);
    this.overlay.setActiveCamera(scene.getActiveCamera());
    renderWindow?.setNumberOfLayers(2);
    renderWindow?.addRenderer(this.overlay);
    for (const line of this.lines) this.overlay.addActor(line.actor);
  }

  /** Lines reaching `reachMm` either side of `point` (LPS). */
  moveTo(point: Vec3, reachMm: number): void {
    for (const { axis, polyData, actor } of this.lines) {
      const a: Vec3 = [...point];
      const b: Vec3 = [...point];
      a[axis] -= reachMm;
      b[axis] += reachMm;
      polyData.getPoints().setData(Float32Array.from([...a, ...b]), 3);
      polyData.modified();
      actor.setVisibility(true);
    }
  }

  dispose(): void {
    for (const { polyData, mapper, actor } of this.lines) {
      this.overlay.removeActor(actor);
      actor.delete();
      mapper.delete();
      polyData.delete();
    }
    this.overlay.getRenderWindow()?.removeRenderer(this.overlay);
    this.overlay.delete();
  }
}
