/**
 * How opaque a label's 3D surface is drawn. The label map carries no task, so size decides: an organ
 * (the liver is 1–2 L) is see-through so the lesions and vessels inside it show, while a lesion or nodule
 * (a 3 cm nodule is 14 mL, a 5 cm liver metastasis 65 mL) is drawn solid. 100 mL sits between the two.
 */
export const ORGAN_MIN_ML = 100;
export const ORGAN_SURFACE_OPACITY = 0.45;
export const LESION_SURFACE_OPACITY = 1;

export function surfaceOpacity(voxels: number, voxelMm3: number): number {
  return (voxels * voxelMm3) / 1000 >= ORGAN_MIN_ML ? ORGAN_SURFACE_OPACITY : LESION_SURFACE_OPACITY;
}
