// Query values that come from the settings (windows, thresholds, business hours).
import type { Settings } from '../settings/index.ts';
import { minutesOfDay } from '../settings/index.ts';
import { holidayValues, HOUR_MS, replyValues, windowValues, type Values } from '../queries/index.ts';
import { AnalysisError } from './errors.ts';

export function windowsValues(s: Settings): Values {
  return {
    ...windowValues('working', s.windows.working),
    ...windowValues('evening', s.windows.evening),
    ...windowValues('night', s.windows.night),
  };
}

/**
 * Business hours: the working window, Monday to Friday except the site's holidays
 * (settings.business_hours.holidays; see holidayValues for which of them a query binds). A "day" of the thresholds is one working day
 * (the window's length), so "within 1 day" (24 h) becomes "within 1 working day" (10 h with 07:00-17:00),
 * matching reply policies that promise an answer "within 1 to 3 business days".
 */
export function businessValues(s: Settings): Values {
  const start = minutesOfDay(s.windows.working.start);
  const end = minutesOfDay(s.windows.working.end);
  if (end <= start) {
    throw new AnalysisError(
      `business hours need a working window within one day; windows.working is ${s.windows.working.start}-${s.windows.working.end}`,
    );
  }
  const len = (end - start) * 60_000;
  return {
    bh_start_ms: start * 60_000,
    bh_len_ms: len,
    bh_short_ms: Math.round((s.reply.within_short_hours / 24) * len),
    bh_long_ms: Math.round((s.reply.within_long_hours / 24) * len),
  };
}

/**
 * The values of a conversations query. With business hours, `scan.fromIdx` (the scan's first month index)
 * and the cut-off pick the holidays to bind; `holidayCount` of the result says how many (the query's `holidays`).
 */
export function responseValues(s: Settings, cutoffMs: number, business: boolean, scan: { fromIdx: number }): Values {
  const holidays = business ? holidayValues(s.business_hours.holidays, scan.fromIdx, new Date(cutoffMs).toISOString()) : {};
  return { ...replyValues(s), cutoff_ms: cutoffMs, ...(business ? businessValues(s) : {}), ...holidays };
}

/** How many holidays `values` (from responseValues) binds: the conversations query's `holidays` option. */
export function holidayCount(values: Values): number {
  return Object.keys(values).filter((k) => k.startsWith('holiday_')).length;
}

export { HOUR_MS };
