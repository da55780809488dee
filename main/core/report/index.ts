export { statsToCsv, csvField, csvLine } from './csv.js';
export { statsToJson, statsReport, STATS_FORMAT, STATS_FORMAT_VERSION, type StatsReport } from './json.js';
export { reportContextFromVolume, intensityUnit, type ReportContext } from './reportContext.js';
export { reportColumns, reportRows, lesionRow, labelRow, roundTo, type ReportRow } from './statsRows.js';
export { statsReportForFiles, type StatsForFilesOptions } from './statsForFiles.js';
