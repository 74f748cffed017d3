// The business-hours variant of a delay, read from metrics.md ("the same delays counted in working hours of
// working days only") and the settings ("the working window, Monday-Friday"): the real time between the
// patient message and its reply that falls inside the working window of a local Monday-Friday that is not one
// of the site's holidays ("Working days are Monday to Friday except the site's holidays": local dates).
import { hhmmToMinutes, localParts, resolveWallClock } from './local-time.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Business hours between the instants `from` and `to` (from <= to), in the zone `tz`. */
export function businessHoursBetween(
  from: number,
  to: number,
  tz: string,
  working: { start: string; end: string },
  holidays: readonly string[] = [],
): number {
  const off = new Set(holidays);
  const s = hhmmToMinutes(working.start);
  const e = hhmmToMinutes(working.end);
  let total = 0;
  const first = localParts(from, tz);
  const last = localParts(to, tz);
  // Walk the local calendar days from the first to the last, by wall-clock date.
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= Date.UTC(last.year, last.month - 1, last.day); day += DAY_MS) {
    const dow = new Date(day).getUTCDay(); // 0 = Sunday, 6 = Saturday
    if (dow === 0 || dow === 6) continue;
    if (off.has(new Date(day).toISOString().slice(0, 10))) continue; // the wall-clock date, "YYYY-MM-DD"
    // The window's edges as instants of that local day; a wrapping window is [start, 24:00) + [00:00, end).
    const spans: [number, number][] =
      s < e
        ? [[s, e]]
        : [
            [s, 24 * 60],
            [0, e],
          ];
    for (const [a, b] of spans) {
      const wa = resolveWallClock(day + a * 60_000, tz);
      const wb = b === 24 * 60 ? resolveWallClock(day + DAY_MS, tz) : resolveWallClock(day + b * 60_000, tz);
      total += Math.max(0, Math.min(wb, to) - Math.max(wa, from));
    }
  }
  return total / HOUR_MS;
}
