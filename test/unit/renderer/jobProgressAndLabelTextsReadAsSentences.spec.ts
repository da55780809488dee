import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../main/core/jobs/jobs.js';
import { JobManager } from '../../../main/core/jobs/jobs.js';
import { formatEta, jobSummary, progressFraction, providerText } from '../../../renderer/src/logic/jobText.js';
import { DEFAULT_FILL_OPACITY, hexColor, mergeLabelStyles, parseHexColor } from '../../../renderer/src/logic/labelStyles.js';
import { dicomDate, personName } from '../../../renderer/src/logic/dicomText.js';

describe('what the segmentation panel says', () => {
  it('turns real JobManager progress into percent and remaining time', async () => {
    let clock = 0;
    const manager = new JobManager(() => clock);
    const seen: JobProgress[] = [];
    manager.on('progress', (p: JobProgress) => seen.push(p));
    const { result } = manager.start('study-1', 'segment:liver', async (ctx) => {
      for (let done = 1; done <= 4; done++) {
        clock += 1500;
        ctx.progress(done, 4, `Window ${done}/4`);
      }
    });
    await result;
    const second = seen.find((p) => p.done === 2)!;
    expect(jobSummary(second)).toBe('Window 2/4 · 50% · about 3 s left');
    expect(progressFraction(second)).toBe(0.5);
    expect(jobSummary(seen.find((p) => p.done === 1)!)).toBe('Window 1/4 · 25%');
    expect(jobSummary(seen[seen.length - 1]!)).toBe('Done');
  });

  it('says why a job stopped', () => {
    const base: JobProgress = { jobId: 'job-1', studyId: 's', kind: 'k', state: 'failed', done: 1, total: 4, message: 'm', etaSeconds: null, error: 'Out of memory' };
    expect(jobSummary(base)).toBe('Failed: Out of memory');
    expect(jobSummary({ ...base, state: 'cancelled' })).toBe('Cancelled');
    const answered = { ...base, state: 'done' as const, error: undefined, answer: 'No nodule found at this point (the point is in aerated lung).' };
    expect(jobSummary(answered)).toBe('No nodule found at this point (the point is in aerated lung).');
    expect(formatEta(65)).toBe('1 min 05 s');
    expect(formatEta(null)).toBeNull();
  });

  it('names the execution provider and the reason for a CPU fallback', () => {
    expect(providerText({ provider: 'cuda' })).toBe('GPU (CUDA)');
    expect(providerText({ provider: 'cpu', fallbackReason: 'CUDA provider not installed' })).toBe('CPU — CUDA provider not installed');
  });
});

describe('label layers', () => {
  it("keep the user's colour, opacity and visibility when a new model result adds labels", () => {
    const first = mergeLabelStyles([{ value: 1, name: 'liver', color: [220, 120, 60] }], []);
    expect(first).toEqual([{ value: 1, name: 'liver', color: [220, 120, 60], opacity: DEFAULT_FILL_OPACITY, outline: true, visible: true }]);
    const tuned = [{ ...first[0]!, opacity: 0.1, visible: false }];
    const merged = mergeLabelStyles(
      [
        { value: 1, name: 'liver', color: [220, 120, 60] },
        { value: 2, name: 'nodule', color: [60, 200, 255] },
      ],
      tuned,
    );
    expect(merged[0]).toMatchObject({ opacity: 0.1, visible: false });
    expect(merged[1]).toMatchObject({ name: 'nodule', visible: true, opacity: DEFAULT_FILL_OPACITY });
  });

  it('round-trip colours through the colour picker', () => {
    expect(hexColor([220, 120, 60])).toBe('#dc783c');
    expect(parseHexColor('#dc783c')).toEqual([220, 120, 60]);
    expect(parseHexColor('red')).toBeNull();
  });
});

describe('DICOM header text', () => {
  it('shows person names and dates as people write them', () => {
    expect(personName('DOE^JOHN^Q')).toBe('DOE, JOHN Q');
    expect(personName('ANON')).toBe('ANON');
    expect(personName(undefined)).toBe('');
    expect(dicomDate('20240131')).toBe('2024-01-31');
    expect(dicomDate('2024-01-31')).toBe('2024-01-31');
  });
});
