import type { LabelMapAnalysis } from '../analysis/types.js';
import type { ReportContext } from './reportContext.js';
import { reportColumns, reportRows } from './statsRows.js';

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, with quotes doubled. Text that
 * a spreadsheet would run as a formula (starting with = + - @ or a tab) gets a leading apostrophe;
 * numbers are written as numbers.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: Array<string | number | null>): string {
  return values.map(csvField).join(',');
}

/**
 * Statistics as CSV (RFC 4180: header row, CRLF line ends). One row per label (whole organ,
 * row_kind = label) and per lesion (row_kind = lesion); every measured column names its unit.
 */
export function statsToCsv(analysis: LabelMapAnalysis, ctx: ReportContext): string {
  const columns = reportColumns(ctx);
  const lines = [csvLine(columns)];
  for (const row of reportRows(analysis, ctx)) lines.push(csvLine(columns.map((c) => row[c] ?? null)));
  return lines.join('\r\n') + '\r\n';
}
