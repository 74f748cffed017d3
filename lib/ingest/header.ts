// Reads a CSV header line: column names are matched case-insensitively and trimmed; a missing required
// column, a duplicated column or a file that is plainly split by another delimiter is a clear error.
import { fileError } from './errors.ts';
import type { TableSpec } from './tables.ts';

/** Splits one CSV line on commas outside double quotes (RFC 4180 quoting, "" as an escaped quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface CsvHeader {
  /** Normalised (trimmed, lower-case) names, in file order. */
  names: string[];
  /** Position of each spec column in the file. */
  positions: Record<string, number>;
}

export function parseCsvHeader(firstLine: string, spec: TableSpec, displayName: string): CsvHeader {
  const names = splitCsvLine(firstLine).map((n) => n.trim().toLowerCase());
  const wanted = spec.columns.map((c) => c.name);
  if (names.length === 1) {
    for (const [delim, label] of [
      [';', 'semicolons'],
      ['\t', 'tabs'],
      ['|', 'vertical bars'],
    ] as const) {
      if (firstLine.includes(delim)) {
        throw fileError(
          displayName,
          `the header is separated by ${label}, not commas: export the file as comma-separated CSV (RFC 4180)`,
          1,
        );
      }
    }
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (n && seen.has(n)) throw fileError(displayName, `column '${n}' appears twice in the header`, 1);
    seen.add(n);
  }
  const missing = wanted.filter((w) => !seen.has(w));
  if (missing.length) {
    throw fileError(
      displayName,
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}` +
        ` (header has: ${names.map((n) => `'${n}'`).join(', ')}; expected: ${wanted.join(', ')})`,
      1,
    );
  }
  const positions: Record<string, number> = {};
  for (const w of wanted) positions[w] = names.indexOf(w);
  return { names, positions };
}
