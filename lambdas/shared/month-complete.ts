// Is a month complete? Once the data cut-off is at least `followUpHours` (settings.reply.follow_up_hours,
// 72 by default) past the month's last local instant, every message of the month has had its full
// follow-up window: only then does the cloud send it (issue "Only complete months"; docs/deploy.md).
import { monthIndex, monthOfIndex } from '../../lib/queries/values.ts';

/** The UTC instant of local midnight starting `month` in `timezone`. */
export function localMonthStart(month: string, timezone: string): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, 1);
  // The zone's offset at an instant, from its wall clock there; two passes settle a DST change.
  const offset = (at: number) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at;
  };
  let t = wall - offset(wall);
  t = wall - offset(t);
  return new Date(t);
}

/** When `month` becomes complete: its end (the next month's local start) plus the follow-up window. */
export function monthCompleteAt(month: string, timezone: string, followUpHours: number): Date {
  const end = localMonthStart(monthOfIndex(monthIndex(month) + 1), timezone);
  return new Date(end.getTime() + followUpHours * 3_600_000);
}

export function isMonthComplete(month: string, dataCutoffIso: string, timezone: string, followUpHours: number): boolean {
  return Date.parse(dataCutoffIso) >= monthCompleteAt(month, timezone, followUpHours).getTime();
}
