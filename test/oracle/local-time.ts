// Wall-clock arithmetic for the oracle, written from metrics.md alone (no lake columns, no SQL): the local
// parts of a UTC instant come from Intl.DateTimeFormat, and a naive local time is resolved to an instant
// the way the spec says (repeated time -> earlier offset; skipped time -> moved forward by the gap).

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number; // 0..23
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Monday .. 7 = Sunday. */
  isoDow: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

const DOW: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Local wall-clock parts of the instant `ms` (epoch milliseconds) in the IANA zone `tz`. */
export function localParts(ms: number, tz: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const dow = DOW[parts.weekday ?? ''];
  if (dow === undefined) throw new Error(`unexpected weekday '${parts.weekday}' for ${ms} in ${tz}`);
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((ms % 1000) + 1000) % 1000,
    isoDow: dow,
  };
}

/** The zone's UTC offset at the instant `ms`, in milliseconds (local = utc + offset). */
export function offsetAt(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  return wallAsUtc - ms;
}

/**
 * The instant of a naive local wall-clock time, given as the epoch milliseconds it would have if it were UTC.
 * metrics.md: "a time repeated at a clock change takes the earlier offset; a skipped one moves forward by the gap".
 */
export function resolveWallClock(wallAsUtc: number, tz: string): number {
  const DAY = 86_400_000;
  // Every zone changes offset at most once within a day around any instant we generate: the offsets a day
  // before and a day after are the only candidates.
  const before = offsetAt(wallAsUtc - DAY, tz);
  const after = offsetAt(wallAsUtc + DAY, tz);
  const valid = [...new Set([before, after])].map((o) => wallAsUtc - o).filter((instant) => instant + offsetAt(instant, tz) === wallAsUtc);
  if (valid.length > 0) return Math.min(...valid); // repeated: the earlier instant is the earlier offset's
  // Skipped: read with the offset in force before the change, which lands the same distance past the gap.
  return wallAsUtc - before;
}

/** "YYYY-MM-DDTHH:MM:SS(.mmm)" of the local wall clock of `ms`, no offset. */
export function naiveLocalString(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return wallString(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond));
}

/** Formats a wall time held as if-UTC epoch milliseconds, without an offset. */
export function wallString(wallAsUtc: number): string {
  const iso = new Date(wallAsUtc).toISOString(); // 2021-03-14T02:30:00.000Z
  const base = iso.slice(0, 19);
  const ms = iso.slice(20, 23);
  return ms === '000' ? base : `${base}.${ms}`;
}

/** Minutes after local midnight of "HH:MM". */
export function hhmmToMinutes(hhmm: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  if (!m) throw new Error(`not HH:MM: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Half-open [start, end) in minutes of the day; end <= start wraps past midnight. */
export function inWindow(minuteOfDay: number, w: { start: string; end: string }): boolean {
  const s = hhmmToMinutes(w.start);
  const e = hhmmToMinutes(w.end);
  return s < e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
}
