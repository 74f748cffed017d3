// Last step of the monthly run: record the outcome of every department in monthly/<month>/run.json and
// fail the execution (→ the MonthlyRunFailed alarm) if any department failed. A re-run that succeeds
// overwrites run.json, which is what the watchdog checks.
import type { Storage } from '../../lib/storage/storage.ts';
import { createLogger, type Logger } from '../shared/log.ts';
import { isMonth } from '../shared/month.ts';
import { monthlyKeys } from '../shared/monthly-keys.ts';
import { classify } from '../shared/transient.ts';

export interface FinishEvent {
  month: string;
  /** One entry per Map branch: a DepartmentSendOutput, or {department_id, status: 'failed', error, cause}. */
  sends: { department_id: string; status: string; error?: string; cause?: string; sent?: number; already_sent?: number }[];
}

export interface RunRecord {
  month: string;
  finished_at: string;
  departments: number;
  sent: number;
  already_sent: number;
  failed: { department_id: string; error: string }[];
  succeeded: boolean;
}

export class DepartmentsFailed extends Error {
  override name = 'DepartmentsFailed';
}

export function createFinishHandler(deps: { results: Storage; logger?: Logger; now?: () => Date }): (event: FinishEvent) => Promise<RunRecord> {
  return async (event) => {
    if (!isMonth(event?.month) || !Array.isArray(event.sends)) throw new Error(`expected {"month": "YYYY-MM", "sends": [...]}, got ${JSON.stringify(event)?.slice(0, 200)}`);
    const log = (deps.logger ?? createLogger({ handler: 'monthly-finish' })).with({ month: event.month });
    const failed = event.sends
      .filter((s) => s.status === 'failed')
      .map((s) => ({ department_id: s.department_id, error: [s.error, s.cause].filter(Boolean).join(': ').slice(0, 1000) }));
    const record: RunRecord = {
      month: event.month,
      finished_at: (deps.now ?? (() => new Date()))().toISOString(),
      departments: event.sends.length,
      sent: event.sends.reduce((a, s) => a + (s.sent ?? 0), 0),
      already_sent: event.sends.reduce((a, s) => a + (s.already_sent ?? 0), 0),
      failed,
      succeeded: failed.length === 0,
    };
    try {
      await deps.results.put(monthlyKeys(event.month).run, JSON.stringify(record, null, 2), 'application/json');
    } catch (e) {
      throw classify(e); // S3 throttling or a server fault: the state machine retries this step
    }
    log.info('monthly run finished', { ...record });
    log.metrics({ MonthlyRunDepartmentsFailed: failed.length });
    if (failed.length) throw new DepartmentsFailed(`${failed.length} of ${record.departments} departments failed: ${failed.map((f) => f.department_id).join(', ')}`);
    return record;
  };
}
