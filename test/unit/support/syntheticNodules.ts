import { indexToWorld, mappedBoxBounds, worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3, Volume } from '../../../main/core/volume/types.js';
import { seededRandom } from '../editing/editingFixtures.js';
import { distance } from '../nodules/noduleFixtures.js';

/** Something inserted into a real scan: a ball (nodule) or a straight head-to-foot tube (vessel). */
export type Insert =
  | { kind: 'ball'; centre: Vec3; radiusMm: number; hu: number }
  | { kind: 'tube'; axis: Vec3; radiusMm: number; hu: number };

/** Signed distance (mm, < 0 inside) of a world point to the insert's surface. */
function signedDistance(p: Vec3, s: Insert): number {
  if (s.kind === 'ball') return Math.hypot(p[0] - s.centre[0], p[1] - s.centre[1], p[2] - s.centre[2]) - s.radiusMm;
  return Math.hypot(p[0] - s.axis[0], p[1] - s.axis[1]) - s.radiusMm;
}

/**
 * A copy of `base` with the inserts blended into it over a one-voxel partial-volume edge. Like a real lesion in
 * lung, an insert only ever raises HU (out = max(bg, (1 − a)·bg + a·hu)), so the scan's own noise and texture stay.
 * Only voxels within `reachMm` of a ball's centre or of the tube's axis at the height of the balls are touched.
 */
export function withInserts(base: Volume, inserts: Insert[], reachMm = 30): Volume {
  const data = Int16Array.from(base.data as Int16Array);
  const [nx, ny, nz] = base.dims;
  const balls = inserts.filter((s) => s.kind === 'ball');
  for (const around of balls.length ? balls : inserts) {
    const c = worldToIndex(base, around.kind === 'ball' ? around.centre : around.axis).map(Math.round) as Vec3;
    const r = [0, 1, 2].map((a) => Math.ceil(reachMm / base.spacing[a]!));
    for (let k = Math.max(0, c[2] - r[2]!); k <= Math.min(nz - 1, c[2] + r[2]!); k++)
      for (let j = Math.max(0, c[1] - r[1]!); j <= Math.min(ny - 1, c[1] + r[1]!); j++)
        for (let i = Math.max(0, c[0] - r[0]!); i <= Math.min(nx - 1, c[0] + r[0]!); i++) {
          const p = indexToWorld(base, [i, j, k]);
          let a = 0;
          let hu = 0;
          for (const s of inserts) {
            const as = Math.min(1, Math.max(0, 0.5 - signedDistance(p, s)));
            if (as > a) [a, hu] = [as, s.hu];
          }
          const o = i + nx * (j + ny * k);
          const bg = base.data[o]!;
          if (a > 0) data[o] = Math.max(bg, Math.round((1 - a) * bg + a * hu));
        }
  }
  return { ...base, data };
}

/** An inserted nodule as a scorer sees it. */
export interface Truth { label: string; centre: Vec3; radiusMm: number }

/** Least distance between two inserted nodules, or from one to a nodule to avoid (mm). */
const SEPARATION_MM = 25;

/** Whether the ball of `radiusMm` around `p`, plus a 4 mm margin, lies in the lung mask (checked along 26 directions). */
function deepInLung(volume: Volume, lung: Uint8Array, p: Vec3, radiusMm: number): boolean {
  const [nx, ny, nz] = volume.dims;
  for (const r of [0, (radiusMm + 4) / 2, radiusMm + 4])
    for (let dz = -1; dz <= 1; dz++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const n = Math.hypot(dx, dy, dz) || 1;
          const q: Vec3 = [p[0] + (dx / n) * r, p[1] + (dy / n) * r, p[2] + (dz / n) * r];
          const [i, j, k] = worldToIndex(volume, q).map(Math.round) as Vec3;
          if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz || !lung[i + nx * (j + ny * k)]) return false;
        }
  return true;
}

/**
 * Balls of every kind × diameter at seeded random deep-lung places, apart from each other and from `avoid`
 * (the scan's own nodules): the same places for the same seed on every machine.
 */
export function placeInserts(volume: Volume, lung: Uint8Array, avoid: Vec3[], kinds: { name: string; hu: number }[], diametersMm: number[], seed: number): { inserts: Insert[]; truths: Truth[] } {
  const random = seededRandom(seed);
  const lungVoxels: number[] = [];
  for (let v = 0; v < lung.length; v++) if (lung[v]) lungVoxels.push(v);
  const [nx, ny] = volume.dims;
  const inserts: Insert[] = [];
  const truths: Truth[] = [];
  for (const kind of kinds)
    for (const d of diametersMm)
      for (let attempt = 0; attempt < 2000; attempt++) {
        const v = lungVoxels[Math.floor(random() * lungVoxels.length)]!;
        const p = indexToWorld(volume, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]);
        if ([...avoid, ...truths.map((t) => t.centre)].some((a) => distance(a, p) < SEPARATION_MM)) continue;
        if (!deepInLung(volume, lung, p, d / 2)) continue;
        inserts.push({ kind: 'ball', centre: p, radiusMm: d / 2, hu: kind.hu });
        truths.push({ label: `${kind.name} ${d} mm`, centre: p, radiusMm: d / 2 });
        break;
      }
  return { inserts, truths };
}

/** Distance (mm) from a point to the nearer of the scan's first and last slice. */
export function slabEndDistanceMm(volume: Volume, p: Vec3): number {
  const k = worldToIndex(volume, p)[2];
  return Math.min(k, volume.dims[2] - 1 - k) * volume.spacing[2];
}

/** Source voxels (ascending) whose centres lie within `radiusMm` of `centre` (LPS mm): an inserted ball's truth. */
export function ballVoxels(volume: Geometry, centre: Vec3, radiusMm: number): Uint32Array {
  const corner = (sign: number) => centre.map((c) => c + sign * radiusMm) as Vec3;
  const box = mappedBoxBounds(corner(-1), corner(1), (p) => worldToIndex(volume, p));
  const lo = box.lo.map((x) => Math.max(0, Math.floor(x)));
  const hi = box.hi.map((x, a) => Math.min(volume.dims[a]! - 1, Math.ceil(x)));
  const [nx, ny] = volume.dims;
  const out: number[] = [];
  for (let k = lo[2]!; k <= hi[2]!; k++)
    for (let j = lo[1]!; j <= hi[1]!; j++)
      for (let i = lo[0]!; i <= hi[0]!; i++) {
        const p = indexToWorld(volume, [i, j, k]);
        if (Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= radiusMm) out.push(i + nx * (j + ny * k));
      }
  return Uint32Array.from(out);
}
