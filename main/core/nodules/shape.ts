import type { Vec3 } from '../volume/types.js';

/** Shape of one connected component on an isotropic-enough crop grid. */
export interface ComponentShape {
  voxels: number;
  /** Centroid in continuous voxel index (i, j, k). */
  centroid: Vec3;
  /** sqrt of the largest / middle / smallest eigenvalue of the voxel-coordinate covariance (mm along each principal axis ~ σ). */
  principalSigmas: Vec3;
  /** sqrt(λ1 / λ2): ~1 for a ball or disc, large for a tube (vessel). */
  elongation: number;
  /** Fraction of the component's voxels on the outer faces of the crop. */
  borderFraction: number;
  /** Volume / volume of the ellipsoid with the same second moments: ~1 for a solid ellipsoid, low for a branching vessel tree. */
  fillRatio: number;
}

/** Eigenvalues of a symmetric 3×3 matrix (closed form, descending). */
export function symmetricEigenvalues(a: number, b: number, c: number, d: number, e: number, f: number): Vec3 {
  // Matrix [[a, d, e], [d, b, f], [e, f, c]].
  const p1 = d * d + e * e + f * f;
  if (p1 < 1e-12) return [a, b, c].sort((x, y) => y - x) as Vec3;
  const q = (a + b + c) / 3;
  const p2 = (a - q) ** 2 + (b - q) ** 2 + (c - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  const b11 = (a - q) / p;
  const b22 = (b - q) / p;
  const b33 = (c - q) / p;
  const b12 = d / p;
  const b13 = e / p;
  const b23 = f / p;
  const detB = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13);
  const r = Math.min(1, Math.max(-1, detB / 2));
  const phi = Math.acos(r) / 3;
  const e1 = q + 2 * p * Math.cos(phi);
  const e3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [e1, 3 * q - e1 - e3, e3];
}

/** Shape descriptors of the voxels where `labels === id` on a grid of `dims` and `spacing` (mm). */
export function componentShape(labels: Int32Array, id: number, dims: Vec3, spacing: Vec3): ComponentShape {
  const [nx, ny, nz] = dims;
  let n = 0;
  let border = 0;
  let sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, szz = 0, sxy = 0, sxz = 0, syz = 0;
  for (let k = 0, o = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, o++) {
        if (labels[o] !== id) continue;
        n++;
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) border++;
        const x = i * spacing[0], y = j * spacing[1], z = k * spacing[2];
        sx += x; sy += y; sz += z;
        sxx += x * x; syy += y * y; szz += z * z;
        sxy += x * y; sxz += x * z; syz += y * z;
      }
  if (n === 0) return { voxels: 0, centroid: [0, 0, 0], principalSigmas: [0, 0, 0], elongation: 1, borderFraction: 0, fillRatio: 0 };
  const mx = sx / n, my = sy / n, mz = sz / n;
  const ev = symmetricEigenvalues(sxx / n - mx * mx, syy / n - my * my, szz / n - mz * mz, sxy / n - mx * my, sxz / n - mx * mz, syz / n - my * mz);
  // A voxel's own extent (variance 1/12 per mm²) keeps single-voxel components from dividing by zero.
  const sig = ev.map((v) => Math.sqrt(Math.max(v, 0) + 1 / 12)) as Vec3;
  return {
    voxels: n,
    centroid: [mx / spacing[0], my / spacing[1], mz / spacing[2]],
    principalSigmas: sig,
    elongation: sig[0] / sig[1],
    borderFraction: border / n,
    // A solid ellipsoid with semi-axes a has σ = a / √5 along each axis.
    fillRatio: (n * spacing[0] * spacing[1] * spacing[2]) / ((4 / 3) * Math.PI * 5 ** 1.5 * sig[0] * sig[1] * sig[2]),
  };
}
