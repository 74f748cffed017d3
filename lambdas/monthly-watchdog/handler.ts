// The watchdog, scheduled a couple of days after the monthly run: did last month's run finish with every
// department sent (monthly/<month>/run.json, succeeded)? Emits MonthlyRunSucceeded 1 or 0; the
// MonthlyRunMissing alarm fires on 0. (A CloudWatch alarm alone cannot watch a monthly event: its
// longest evaluation window is far shorter than a month.)
import type { Storage } from '../../lib/storage/storage.ts';
import { createLogger, type Logger } from '../shared/log.ts';
import { monthOfEvent } from '../shared/month.ts';
import { monthlyKeys } from '../../lib/handler-contract/index.ts';
import type { RunRecord } from '../monthly-finish/handler.ts';

export interface WatchdogEvent {
  scheduled_time?: string;
  month?: string;
}

export function createWatchdogHandler(deps: {
  results: Storage;
  timezone: string;
  logger?: Logger;
}): (event: WatchdogEvent) => Promise<{ month: string; ok: boolean; reason: string }> {
  return async (event) => {
    const month = monthOfEvent(event ?? {}, deps.timezone);
    const log = (deps.logger ?? createLogger({ handler: 'monthly-watchdog' })).with({ month });
    const buf = await deps.results.get(monthlyKeys(month).run);
    let ok = false;
    let reason: string;
    if (!buf) reason = `no run.json for ${month}: the monthly run never finished`;
    else {
      const run = JSON.parse(buf.toString('utf8')) as RunRecord;
      ok = run.succeeded === true;
      reason = ok
        ? `finished ${run.finished_at}, ${run.departments} departments`
        : `finished ${run.finished_at} with ${run.failed.length} failed departments`;
    }
    (ok ? log.info : log.error)('monthly run check', { ok, reason });
    log.metrics({ MonthlyRunSucceeded: ok ? 1 : 0 });
    return { month, ok, reason };
  };
}
