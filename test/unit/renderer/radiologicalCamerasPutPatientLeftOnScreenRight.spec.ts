import { describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import {
  edgeLetters,
  screenRight,
  screenToWorld,
  SLICE_CAMERAS,
  worldToScreen,
  type ViewFrame,
} from '../../../renderer/src/logic/orientation.js';
import { crosshairLines } from '../../../renderer/src/logic/crosshairLines.js';
import { probeVoxel } from '../../../renderer/src/logic/voxelProbe.js';

describe('radiological slice cameras in LPS', () => {
  it('label the screen edges as a radiologist reads them', () => {
    expect(edgeLetters(SLICE_CAMERAS.axial)).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(edgeLetters(SLICE_CAMERAS.coronal)).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    expect(edgeLetters(SLICE_CAMERAS.sagittal)).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
  });

  it("show the demo liver (patient's right) on the left half of the axial view and the spine at the bottom", () => {
    const demo = makeDemoPhantom();
    const frame: ViewFrame = { camera: SLICE_CAMERAS.axial, focalPoint: [0, 0, 125], parallelScale: 130, widthPx: 400, heightPx: 400 };
    const liver = worldToScreen(frame, [-45, 5, 125]);
    expect(liver.x).toBeLessThan(200);
    const spine = worldToScreen(frame, [0, 55, 125]);
    expect(spine.y).toBeGreaterThan(200);
    // What the hover readout shows there is what the phantom holds there.
    expect(probeVoxel(demo, demo.data, screenToWorld(frame, liver.x, liver.y)).value).toBeGreaterThan(50);
    expect(probeVoxel(demo, demo.data, screenToWorld(frame, spine.x, spine.y)).value).toBeGreaterThan(600);
  });

  it('map screen to world and back exactly, in every view', () => {
    for (const camera of Object.values(SLICE_CAMERAS)) {
      const frame: ViewFrame = { camera, focalPoint: [10, -20, 30], parallelScale: 87, widthPx: 640, heightPx: 480 };
      const p = screenToWorld(frame, 123.5, 401);
      const back = worldToScreen(frame, p);
      expect(back.x).toBeCloseTo(123.5, 9);
      expect(back.y).toBeCloseTo(401, 9);
      expect(screenRight(camera).every(Number.isFinite)).toBe(true);
    }
  });

  it("draw the other planes as a vertical (sagittal) and a horizontal (coronal) line through the axial crosshair", () => {
    const frame: ViewFrame = { camera: SLICE_CAMERAS.axial, focalPoint: [0, 0, 0], parallelScale: 100, widthPx: 200, heightPx: 200 };
    const lines = crosshairLines(frame, 'axial', [50, -50, 0]);
    const sagittal = lines.find((l) => l.axis === 'sagittal')!;
    const coronal = lines.find((l) => l.axis === 'coronal')!;
    expect(sagittal.x1).toBeCloseTo(150, 6);
    expect(sagittal.x2).toBeCloseTo(150, 6);
    expect(coronal.y1).toBeCloseTo(50, 6); // anterior (−y) is up
    expect(coronal.y2).toBeCloseTo(50, 6);
  });
});
