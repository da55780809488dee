/** One vtk actor per label surface, coloured and made see-through as the label's style and size say. */
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { LabelSurfaceMesh } from '../logic/labelSurface';
import type { LabelStyle } from '../logic/labelStyles';
import { surfaceOpacity } from '../logic/surfaceStyle';

interface SurfaceActor {
  mesh: LabelSurfaceMesh;
  actor: vtkActor;
  mapper: vtkMapper;
}

export class LabelSurfaceActors {
  private readonly byLabel = new Map<number, SurfaceActor>();

  constructor(private readonly renderer: vtkRenderer) {}

  /** Shows `meshes` (labels without a mesh or a style lose their actor); `voxelMm3` sizes the opacity rule. */
  update(meshes: ReadonlyMap<number, LabelSurfaceMesh>, styles: LabelStyle[], voxelMm3: number): void {
    for (const [label, entry] of this.byLabel) {
      if (meshes.has(label) && styles.some((s) => s.value === label)) continue;
      this.renderer.removeActor(entry.actor);
      entry.actor.delete();
      entry.mapper.delete();
      this.byLabel.delete(label);
    }
    for (const [label, mesh] of meshes) {
      const style = styles.find((s) => s.value === label);
      if (!style) continue;
      let entry = this.byLabel.get(label);
      if (!entry) {
        entry = this.createActor(mesh);
        this.byLabel.set(label, entry);
      } else if (entry.mesh !== mesh) {
        entry.mapper.setInputData(toPolyData(mesh));
        entry.mesh = mesh;
      }
      const property = entry.actor.getProperty();
      property.setColor(style.color[0] / 255, style.color[1] / 255, style.color[2] / 255);
      property.setOpacity(surfaceOpacity(mesh.voxels, voxelMm3));
      entry.actor.setVisibility(style.visible);
    }
  }

  dispose(): void {
    this.update(new Map(), [], 1);
  }

  private createActor(mesh: LabelSurfaceMesh): SurfaceActor {
    const mapper = vtkMapper.newInstance();
    mapper.setInputData(toPolyData(mesh));
    mapper.setScalarVisibility(false);
    const actor = vtkActor.newInstance();
    actor.setMapper(mapper);
    const property = actor.getProperty();
    property.setAmbient(0.2);
    property.setDiffuse(0.8);
    property.setSpecular(0.25);
    property.setSpecularPower(20);
    this.renderer.addActor(actor);
    return { mesh, actor, mapper };
  }
}

function toPolyData(mesh: LabelSurfaceMesh): vtkPolyData {
  const polyData = vtkPolyData.newInstance();
  polyData.getPoints().setData(mesh.points, 3);
  polyData.getPolys().setData(mesh.polys);
  if (mesh.normals.length === mesh.points.length) {
    polyData.getPointData().setNormals(vtkDataArray.newInstance({ name: 'Normals', numberOfComponents: 3, values: mesh.normals }));
  }
  return polyData;
}
