// A month, and the arithmetic on it: the one implementation the queries, analysis, delivery, the CLI and the
// Lambdas share. A month is "YYYY-MM" (01-12) where people and files see it (flags, events, JSON, keys), and a
// month index inside, year * 12 + month - 1: the lake's month_idx, so a month's neighbours are idx - 1 and
// idx + 1 and a year back is idx - 12 with no calendar code at the call site.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A "YYYY-MM" month (01-12): the one month pattern every command, handler and query uses. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** "2017-06" → 2017*12 + 5, the month index the queries use (month_idx = year*12 + month - 1). */
export function monthIndex(ym: string): number {
  const m = MONTH.exec(ym);
  if (!m) throw new Error(`'${ym}' is not a month YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** The "YYYY-MM" of a month index (the inverse of monthIndex). */
export function monthOfIndex(idx: number): string {
  return `${String(yearOfIndex(idx)).padStart(4, '0')}-${String(monthOfYear(idx)).padStart(2, '0')}`;
}

/** The calendar year of a month index. */
export function yearOfIndex(idx: number): number {
  return Math.floor(idx / 12);
}

/** The month of the year, 1-12, of a month index (the lake's `month` partition value). */
export function monthOfYear(idx: number): number {
  return (idx % 12) + 1;
}

/** Epoch milliseconds of midnight starting the month, read as UTC (a wall clock: the caller applies a zone). */
export function monthStartUtc(idx: number): number {
  return Date.UTC(yearOfIndex(idx), monthOfYear(idx) - 1, 1);
}

/** The month `by` months after `month` (before it when negative): addMonths("2017-01", -1) is "2016-12". */
export function addMonths(month: string, by: number): string {
  return monthOfIndex(monthIndex(month) + by);
}

/** "YYYY-MM" of an instant in a time zone. */
export function localMonth(iso: string, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/** The calendar month before the one `at` falls in, in `timezone` (a run at 06:00 on 4 June in Chicago reports May). */
export function previousMonth(at: Date, timezone: string): string {
  return addMonths(localMonth(at.toISOString(), timezone), -1);
}
