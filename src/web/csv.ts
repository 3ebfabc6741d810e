/*
 * CSV as RFC 4180 describes it (comma separator, CRLF line ends, fields with comma, quote or line
 * break quoted, quotes doubled), with a UTF-8 byte order mark so Excel reads æ, ø and å, and with
 * formula injection neutralised: a cell that a spreadsheet would run as a formula (starting with
 * = + - @, possibly after spaces, or with a tab or carriage return) gets a leading apostrophe.
 */

export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[ \t\r]*[=+\-@]|^[\t\r]/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The whole file: BOM, then one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return UTF8_BOM + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
