// Which month a scheduled run reports: the calendar month before the scheduled time, in the site's time
// zone (a run at 06:00 on 4 June in Chicago reports May). The month arithmetic is lib/period's.
import { isMonth, previousMonth } from '../../lib/period/index.ts';

/** The month a monthly event asks for: an explicit `month` (backfill) or the one before `scheduled_time`. */
export function monthOfEvent(event: { month?: unknown; scheduled_time?: unknown }, timezone: string, now = new Date()): string {
  if (event.month !== undefined) {
    if (!isMonth(event.month))
      throw Object.assign(new Error(`month must be "YYYY-MM", got ${JSON.stringify(event.month)}`), {
        name: 'InvalidInput',
        userFacing: true,
      });
    return event.month;
  }
  let at = now;
  if (event.scheduled_time !== undefined) {
    at = new Date(String(event.scheduled_time));
    if (Number.isNaN(at.getTime()))
      throw Object.assign(new Error(`scheduled_time is not a time: ${JSON.stringify(event.scheduled_time)}`), {
        name: 'InvalidInput',
        userFacing: true,
      });
  }
  return previousMonth(at, timezone);
}
