// A report table as CSV (RFC 4180, UTF-8, CRLF) for R, Python or a spreadsheet: the same cells the page
// shows, as numbers. Two leading columns name the row (a stable key and its label); then each column of
// the table gives one field, or five for a rate: <col>_numerator, <col>_denominator, <col>_percent,
// <col>_ci95_low, <col>_ci95_high (percent, Wilson interval). Not "_n" and "_N": SQL tools and
// spreadsheets read column names without case, and would take them for one. A hidden cell ("<11", "—") and a figure with no data
// ("n/a") are empty fields: NA to read.csv and pandas alike.
import type { DisplayCell, TableModel } from '../report/model-types.ts';

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Percent with 4 decimals, trailing zeros dropped: 73.4 for 0.734, 73.4012 for 0.73401234. */
function percent(x: number): string {
  return String(Math.round(x * 100 * 10_000) / 10_000);
}

type ColumnKind = 'rate' | 'value';

/** A column is a rate column when any of its cells is a rate; the tables keep one kind per column. */
function kindOf(t: TableModel, i: number): ColumnKind {
  return t.rows.some((r) => r.cells[i]?.kind === 'rate') ? 'rate' : 'value';
}

function valueField(cell: DisplayCell | undefined): string {
  if (!cell || cell.suppressed) return '';
  switch (cell.kind) {
    case 'count':
    case 'number':
      return cell.value === null ? '' : String(cell.value);
    case 'rate':
      return cell.rate === null ? '' : percent(cell.rate);
    case 'text':
      return cell.text === 'n/a' ? '' : cell.text;
  }
}

function rateFields(cell: DisplayCell | undefined): string[] {
  if (cell?.kind !== 'rate' || cell.suppressed || cell.rate === null) {
    // n and N may still be shown when N is 0 (no rate): keep them, the rest is empty.
    if (cell?.kind === 'rate' && !cell.suppressed) return [String(cell.n.value ?? ''), String(cell.N.value ?? ''), '', '', ''];
    return ['', '', '', '', ''];
  }
  return [
    String(cell.n.value ?? ''),
    String(cell.N.value ?? ''),
    percent(cell.rate),
    cell.bounds ? percent(cell.bounds.low) : '',
    cell.bounds ? percent(cell.bounds.high) : '',
  ];
}

/** The CSV column names of a table, in order. */
export function csvHeader(t: TableModel): string[] {
  const out = ['key', 'label'];
  t.columns.forEach((c, i) => {
    if (kindOf(t, i) === 'rate')
      out.push(`${c.key}_numerator`, `${c.key}_denominator`, `${c.key}_percent`, `${c.key}_ci95_low`, `${c.key}_ci95_high`);
    else out.push(c.key);
  });
  return out;
}

export function tableCsv(t: TableModel): string {
  const kinds = t.columns.map((_, i) => kindOf(t, i));
  const lines = [csvHeader(t)];
  for (const r of t.rows) {
    const cells = t.columns.flatMap((_, i) => (kinds[i] === 'rate' ? rateFields(r.cells[i]) : [valueField(r.cells[i])]));
    lines.push([r.key, r.header, ...cells]);
  }
  return lines.map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';
}

/** tables/<id>.csv: where a table's CSV is written beside study.json (and named when downloaded). */
export function tableCsvName(t: TableModel): string {
  return `${t.id}.csv`;
}
