import { squaredDistanceToMask3d } from '../editing/distanceTransform.js';
import { worldToIndex } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { componentAtSeed, refusal, type NoduleLimits, type Picked } from './componentPick.js';
import type { DensityMap } from './densityOutline.js';

/** How far (mm) from the click the centre of the ball may lie. */
const CENTRE_SEARCH_MM = 3;
/** Inscribed radius (mm) of the half-maximum density at the ball's centre: nodules of about 5–16 mm. */
const RADIUS_MM: readonly [number, number] = [2.25, 8];
/** The shell (multiples of the radius) where what leaves the ball is measured. */
const EXIT_SHELL: readonly [number, number] = [1.5, 2];
/**
 * A ball with more than this share of its exit shell solid is a vessel or a branching of vessels, not a nodule on one.
 * Measured where the model and the plain density outline had answered no nodule: on random clicks on vessels of the
 * two LIDC slabs (`noduleVesselClicks`) 0.18–0.75 but for one at 0.03 (which the shape limits refuse); on solid balls
 * of 6–12 mm laid on a vessel (`noduleJuxtavascular`) 0.08–0.39, the thin vessels low.
 */
const MAX_EXIT_SHARE = 0.15;

export interface BallOnVessel {
  /** The half-maximum density inside the sphere around the ball (the field `pasteComponent` thresholds at 0.5). */
  field: Float32Array;
  /** 1 inside the outline, 0 outside, on the crop grid. */
  mask: Uint8Array;
  radiusMm: number;
  exitShare: number;
}

/**
 * A solid nodule lying on a vessel, outlined by density where the model keeps nothing and the half-maximum outline
 * runs on along the vessel: the largest ball inscribed in the half-maximum density near the click is the nodule when
 * little solid leaves it (its exit shell, 1.5–2 radii out, is at most `MAX_EXIT_SHARE` solid: a piece of vessel has
 * two exits as wide as itself, a branching three). The outline is the half-maximum density inside the sphere of that
 * radius plus one voxel, so the vessel is cut where it meets the nodule's surface.
 */
export function ballOnVessel(grid: Geometry, seedLps: Vec3, density: DensityMap): BallOnVessel | null {
  const { dims, spacing } = grid;
  const [nx, ny, nz] = dims;
  const n = density.probability.length;
  const background = new Uint8Array(n);
  for (let v = 0; v < n; v++) background[v] = density.probability[v]! > 0.5 ? 0 : 1;
  const depth2 = squaredDistanceToMask3d(background, dims, spacing);
  const seed = worldToIndex(grid, seedLps);
  const reach = spacing.map((s) => Math.ceil(CENTRE_SEARCH_MM / s));
  let best = -1;
  for (let k = Math.max(0, Math.round(seed[2]) - reach[2]!); k <= Math.min(nz - 1, Math.round(seed[2]) + reach[2]!); k++)
    for (let j = Math.max(0, Math.round(seed[1]) - reach[1]!); j <= Math.min(ny - 1, Math.round(seed[1]) + reach[1]!); j++)
      for (let i = Math.max(0, Math.round(seed[0]) - reach[0]!); i <= Math.min(nx - 1, Math.round(seed[0]) + reach[0]!); i++) {
        const d = Math.hypot((i - seed[0]) * spacing[0], (j - seed[1]) * spacing[1], (k - seed[2]) * spacing[2]);
        const v = i + nx * (j + ny * k);
        if (d <= CENTRE_SEARCH_MM && (best < 0 || depth2[v]! > depth2[best]!)) best = v;
      }
  if (best < 0) return null;
  const radiusMm = Math.sqrt(depth2[best]!);
  if (radiusMm < RADIUS_MM[0] || radiusMm > RADIUS_MM[1]) return null;
  const centre: Vec3 = [best % nx, Math.floor(best / nx) % ny, Math.floor(best / (nx * ny))];
  const [lo, hi] = EXIT_SHELL.map((f) => (f * radiusMm) ** 2) as [number, number];
  const cut = (radiusMm + Math.max(...spacing)) ** 2;
  const inside = new Uint8Array(n);
  let shell = 0;
  let solidInShell = 0;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        const d2 = ((i - centre[0]) * spacing[0]) ** 2 + ((j - centre[1]) * spacing[1]) ** 2 + ((k - centre[2]) * spacing[2]) ** 2;
        if (d2 >= lo && d2 <= hi) {
          shell++;
          if (!background[v]) solidInShell++;
        }
        if (d2 <= cut && !background[v]) inside[v] = 1;
      }
  const exitShare = shell ? solidInShell / shell : 1;
  if (exitShare > MAX_EXIT_SHARE) return null;
  const picked = componentAtSeed(inside, grid, centre, 0);
  if (!picked) return null;
  const mask = new Uint8Array(n);
  const field = new Float32Array(n);
  for (let v = 0; v < n; v++)
    if (picked.labels[v] === picked.id) {
      mask[v] = 1;
      field[v] = density.probability[v]!;
    }
  return { field, mask, radiusMm, exitShare };
}

/** How far (mm) from the click the outline may start, as for the plain density outline. */
const SEARCH_MM = 2.5;

/** `ballOnVessel` at a click on `grid` (the model's crop), checked against the nodule shape limits; null when it is not a nodule. */
export function outlineOnVessel(grid: Geometry, density: DensityMap, seedLps: Vec3, limits: NoduleLimits): { picked: Picked; field: Float32Array; radiusMm: number } | null {
  const ball = ballOnVessel(grid, seedLps, density);
  const picked = ball ? componentAtSeed(ball.mask, grid, worldToIndex(grid, seedLps), SEARCH_MM) : null;
  if (!ball || !picked || refusal(picked.shape, grid, limits)) return null;
  return { picked, field: ball.field, radiusMm: ball.radiusMm };
}
