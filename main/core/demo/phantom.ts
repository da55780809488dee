import type { Vec3, Volume } from '../volume/types.js';

/** Where the demo's structures are, in LPS mm, so tests and the UI can find them. */
export const DEMO_NODULES: { centerLps: Vec3; diameterMm: number }[] = [
  { centerLps: [-70, 10, 200], diameterMm: 10 },
  { centerLps: [60, -5, 245], diameterMm: 14 },
];

export const DEMO_GEOMETRY = {
  dims: [256, 256, 120] as Vec3,
  spacing: [1, 1, 2.5] as Vec3,
  origin: [-127.5, -127.5, 0] as Vec3,
};

/** Deterministic noise so the demo looks the same on every machine and in every test. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const inEllipsoid = (p: Vec3, c: Vec3, r: Vec3) =>
  ((p[0] - c[0]) / r[0]) ** 2 + ((p[1] - c[1]) / r[1]) ** 2 + ((p[2] - c[2]) / r[2]) ** 2 <= 1;

/**
 * A synthetic chest–abdomen CT in HU: body with fat rim and muscle, spine, a liver in the patient's right
 * upper abdomen, two lungs above the diaphragm with two round solid nodules. LPS axis-aligned, z = 0 at the feet.
 */
export function makeDemoPhantom(): Volume {
  const { dims, spacing, origin } = DEMO_GEOMETRY;
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  const random = mulberry32(42);
  const diaphragmZ = 150;
  for (let k = 0; k < nz; k++) {
    const z = origin[2] + k * spacing[2];
    for (let j = 0; j < ny; j++) {
      const y = origin[1] + j * spacing[1];
      for (let i = 0; i < nx; i++) {
        const x = origin[0] + i * spacing[0];
        const p: Vec3 = [x, y, z];
        let hu = -1000;
        const body = (x / 120) ** 2 + (y / 90) ** 2;
        if (body <= 1) {
          hu = body > 0.82 ? -100 : 45; // subcutaneous fat rim, then soft tissue
          const lungDome = diaphragmZ + 10 * Math.cos((x / 120) * Math.PI);
          const inLung = z > lungDome && (inEllipsoid(p, [-55, 0, 220], [42, 60, 110]) || inEllipsoid(p, [55, 0, 220], [42, 60, 110]));
          if (inLung) hu = -850;
          if (z <= lungDome && inEllipsoid(p, [-45, 5, 125], [70, 60, 55])) hu = 60; // liver (patient's right = −x)
          if (inEllipsoid(p, [0, 55, z], [14, 14, 1])) hu = 700; // vertebral body column
          if (inEllipsoid(p, [0, -10, 120], [9, 9, 200]) && !inLung) hu = 160; // contrast-filled aorta
          for (const n of DEMO_NODULES) {
            const r = n.diameterMm / 2;
            if (inEllipsoid(p, n.centerLps, [r, r, r])) hu = 40;
          }
        }
        const noise = hu > -1000 ? (random() + random() + random() - 1.5) * 12 : 0;
        data[i + nx * (j + ny * k)] = Math.round(hu + noise);
      }
    }
  }
  return {
    dims: [...dims],
    spacing: [...spacing],
    origin: [...origin],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    pixelType: 'int16',
    meta: {
      modality: 'CT',
      sourceKind: 'demo',
      patientName: 'DEMO^PHANTOM',
      patientId: 'LOBUS-DEMO',
      studyDescription: 'Synthetic chest–abdomen CT (built-in demo)',
      seriesDescription: 'Phantom 1 × 1 × 2.5 mm',
      windowPresets: [{ name: 'Abdomen', center: 40, width: 400 }],
      warnings: [],
    },
  };
}
