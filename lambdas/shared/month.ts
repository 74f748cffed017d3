// Which month a scheduled run reports: the calendar month before the scheduled time, in the site's time
// zone (a run at 06:00 on 4 June in Chicago reports May). The month arithmetic is lib/period's.
import { UserError } from '../../lib/errors/index.ts';
import { isMonth, previousMonth } from '../../lib/period/index.ts';

/** An event the handler cannot act on (a backfill's month, the schedule's time): logged as the caller's mistake. */
export class InvalidInputError extends UserError {
  override name = 'InvalidInput';
}

/** The month a monthly event asks for: an explicit `month` (backfill) or the one before `scheduled_time`. */
export function monthOfEvent(event: { month?: unknown; scheduled_time?: unknown }, timezone: string, now = new Date()): string {
  if (event.month !== undefined) {
    if (!isMonth(event.month)) throw new InvalidInputError(`month must be "YYYY-MM", got ${JSON.stringify(event.month)}`);
    return event.month;
  }
  let at = now;
  if (event.scheduled_time !== undefined) {
    at = new Date(String(event.scheduled_time));
    if (Number.isNaN(at.getTime())) throw new InvalidInputError(`scheduled_time is not a time: ${JSON.stringify(event.scheduled_time)}`);
  }
  return previousMonth(at, timezone);
}
