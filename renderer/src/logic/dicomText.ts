/** DICOM values as people read them. */

/** Person name "FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX" → "FAMILY, GIVEN MIDDLE". */
export function personName(pn: string | undefined): string {
  if (!pn) return '';
  const [family = '', given = '', middle = ''] = pn.split('=')[0]!.split('^').map((p) => p.trim());
  const rest = [given, middle].filter(Boolean).join(' ');
  return family && rest ? `${family}, ${rest}` : family || rest;
}

/** "20240131" → "2024-01-31"; anything else unchanged. */
export function dicomDate(d: string | undefined): string {
  if (!d) return '';
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d;
}
