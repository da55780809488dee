import { analyzeLabelMap } from '../analysis/measure.js';
import type { LabelMapAnalysis, MeasureOptions } from '../analysis/types.js';
import { openSource, readLabelMap } from '../volume/index.js';
import type { LabelInfo } from '../volume/types.js';
import { statsReport, type StatsReport } from './json.js';
import { reportContextFromVolume, type ReportContext } from './reportContext.js';

export interface StatsForFilesOptions {
  /** Model, provider, timestamps… merged over what the image header says. */
  context?: Partial<ReportContext>;
  measure?: MeasureOptions;
  /** Label names; default "Label <value>" from readLabelMap. */
  labels?: LabelInfo[];
}

/**
 * What `lobus stats <image> <mask>` and `segment --stats` need: open the image (NIfTI, DICOM folder…),
 * read the mask onto its grid, measure, and build the report (serialise with JSON.stringify or
 * pass `analysis` to statsToCsv).
 */
export async function statsReportForFiles(imagePath: string, maskPath: string, opts: StatsForFilesOptions = {}): Promise<{ analysis: LabelMapAnalysis; context: ReportContext; report: StatsReport }> {
  const image = await openSource(imagePath);
  const labelMap = await readLabelMap(maskPath, image, opts.labels ? { labels: opts.labels } : {});
  const analysis = analyzeLabelMap(labelMap, image, opts.measure);
  const context = reportContextFromVolume(image, { imagePath, maskPath, ...opts.context });
  return { analysis, context, report: statsReport(analysis, context) };
}
