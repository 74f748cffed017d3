// Step 1 of the monthly run: compute the month on the engine (Athena in the cloud), keep the exact
// results privately (results bucket), publish the organisation page and the index (reports bucket), and
// return the departments to mail. Each department's email is rendered (and its preview published) by its
// own branch of the Map, which keeps this step short however many departments there are.
// Before any query, a scheduled run (the schedule fires daily from the 4th, see docs/deploy.md):
//   - ends quietly ("done") when the month already has a successful run.json;
//   - takes the run lock runs/<month>/<scheduled time> (a conditional write): a duplicate delivery of
//     the same schedule, a second execution, ends quietly ("duplicate") instead of racing the first one's
//     sends and reporting its unconfirmed claims as failures. A retry of this step in the same execution
//     finds its own name in the lock and carries on.
// After the queries, a month whose data is not complete yet (the cut-off less than follow_up_hours past
// the month's end) is not sent ("late"): the MonthlyDataLate metric raises an alarm, and the next daily
// run after a load completes the month sends it. A backfill may send it anyway with "preliminary": true.
import { listDepartments, runMonthly, validateResult, type DepartmentInfo } from '../../lib/analysis/index.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { publishOrganisationPage } from '../../lib/publish/index.ts';
import type { Settings } from '../../lib/settings/index.ts';
import { awaitConsistentLake } from '../../lib/lake/shared-lake.ts';
import type { Storage, VersionedStorage } from '../../lib/storage/storage.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import { monthOfEvent } from '../shared/month.ts';
import { LEADS_KEY, monthlyKeys, runLockKey } from '../../lib/handler-contract/index.ts';
import { classify } from '../shared/transient.ts';

/** From the schedule ({scheduled_time}) or an operator's backfill ({month, resend?}). */
export interface MonthlyStartEvent {
  scheduled_time?: string;
  month?: string;
  resend?: boolean;
  source?: string;
  /** Backfill only: send the month even though its data is not complete yet. */
  preliminary?: boolean;
}

/** What the state machine passes: the start event plus the execution's name (stable across retries). */
export interface ComputeInvocation {
  event: MonthlyStartEvent;
  execution_name: string;
}

export interface ComputeOutput {
  /** ready: send the departments; done, duplicate, late: nothing to send (see the header). */
  status: 'ready' | 'done' | 'duplicate' | 'late';
  month: string;
  /** Departments with at least one lead address: one Map branch each. */
  departments: string[];
  resend: boolean;
  without_leads: number;
  /** With status late: when the month will be complete, and the data cut-off that is too early. */
  complete_at?: string;
  data_cutoff?: string;
}

export interface ComputeDeps {
  /**
   * Opens the engine for one run. runId is "monthly-<month>-<execution>" inside the state machine, so a
   * retried step reuses its Athena executions (same ClientRequestToken) while a later execution (a backfill
   * after new data) queries afresh; undefined when invoked directly (fresh queries every time).
   */
  openEngine: (runId: string | undefined) => Promise<Engine>;
  settings: Settings;
  results: Storage;
  reports: Storage;
  /** The lake bucket: the run waits for, or refuses, a load in progress (lib/lake/shared-lake.ts). */
  lake?: VersionedStorage;
  logger?: Logger;
}

function isInvocation(x: unknown): x is ComputeInvocation {
  return typeof x === 'object' && x !== null && 'event' in x && typeof (x as ComputeInvocation).execution_name === 'string';
}

export function createComputeHandler(deps: ComputeDeps): (input: MonthlyStartEvent | ComputeInvocation) => Promise<ComputeOutput> {
  return async (input) => {
    const event: MonthlyStartEvent = (isInvocation(input) ? input.event : input) ?? {};
    const execution = isInvocation(input) ? input.execution_name : undefined;
    const month = monthOfEvent(event, deps.settings.timezone);
    const log = (deps.logger ?? createLogger({ handler: 'monthly-compute' })).with({ month, ...(execution ? { execution } : {}) });
    const quiet = (status: ComputeOutput['status']): ComputeOutput => ({
      status,
      month,
      departments: [],
      resend: Boolean(event?.resend),
      without_leads: 0,
    });
    const keys = monthlyKeys(month);
    if (event.scheduled_time !== undefined) {
      const done = await deps.results.get(keys.run).catch((e: unknown) => {
        throw classify(e);
      });
      if (done && (JSON.parse(done.toString('utf8')) as { succeeded?: boolean }).succeeded === true) {
        log.info('month already sent; nothing to do', { scheduled_time: String(event.scheduled_time) });
        return quiet('done');
      }
      const lock = runLockKey(month, String(event.scheduled_time));
      const holder = execution ?? 'direct';
      const body = JSON.stringify({ execution: holder, scheduled_time: event.scheduled_time });
      if (
        !(await deps.results.putIfAbsent(lock, body, 'application/json').catch((e: unknown) => {
          throw classify(e);
        }))
      ) {
        const owner = (JSON.parse((await deps.results.get(lock))?.toString('utf8') ?? '{}') as { execution?: string }).execution;
        if (owner !== holder) {
          log.warn('duplicate delivery of the schedule: another execution holds the run lock; ending quietly', {
            scheduled_time: String(event.scheduled_time),
            lock_holder: owner,
          });
          log.metrics({ MonthlyRunDuplicate: 1 });
          return quiet('duplicate');
        }
      }
    }
    // The reader lease is given back when the queries are done (finally below), so a load waits no longer than needed.
    const releaseLake = deps.lake ? await awaitConsistentLake(deps.lake).catch((e) => Promise.reject(classify(e))) : undefined;
    const engine = await deps.openEngine(execution ? `monthly-${month}-${execution}` : undefined);
    try {
      log.info('computing month', { source: event?.source ?? 'manual', resend: Boolean(event?.resend) });
      const monthly = await runMonthly({ engine, settings: deps.settings, month });
      const check = validateResult(monthly);
      if (!check.valid)
        throw new Error(`monthly result for ${month} does not match the results schema: ${check.errors.slice(0, 5).join('; ')}`);
      // monthly.preliminary and complete_at come from lib/analysis (monthCompleteness, "A complete month").
      if (monthly.preliminary && event.preliminary !== true) {
        log.warn('month not complete yet: not sent; a later load completes it', {
          data_cutoff: monthly.data_cutoff,
          complete_at: monthly.complete_at,
        });
        log.metrics({ MonthlyDataLate: 1 });
        return { ...quiet('late'), complete_at: monthly.complete_at, data_cutoff: monthly.data_cutoff };
      }
      const departments: DepartmentInfo[] = await listDepartments(engine);
      await deps.results.put(keys.monthly, JSON.stringify(monthly, null, 2), 'application/json');
      await deps.results.put(keys.departments, JSON.stringify(departments, null, 2), 'application/json');
      const leads = [...new Set(departments.flatMap((d) => d.lead_emails.map((e) => e.toLowerCase())))].sort();
      await deps.results.put(LEADS_KEY, JSON.stringify({ updated_for: month, leads }, null, 2), 'application/json');

      await publishOrganisationPage({ monthly, settings: deps.settings, storage: deps.reports });

      const reported = new Set(Object.keys(monthly.departments));
      const withLeads = departments.filter((d) => d.lead_emails.length > 0 && reported.has(d.department_id)).map((d) => d.department_id);
      const out: ComputeOutput = {
        status: 'ready',
        month,
        departments: withLeads,
        resend: Boolean(event?.resend),
        without_leads: departments.filter((d) => d.lead_emails.length === 0).length,
      };
      log.info('month computed', { departments: withLeads.length, without_leads: out.without_leads });
      log.metrics({ MonthlyComputed: 1 });
      return out;
    } catch (e) {
      log.error('compute failed', errorFields(e));
      throw classify(e);
    } finally {
      await engine.close();
      await releaseLake?.().catch((e: unknown) => log.warn('lake reader lease not released; it expires by itself', errorFields(e)));
    }
  };
}
