// Step 1 of the monthly run: compute the month on the engine (Athena in the cloud), keep the exact
// results privately (results bucket), publish the organisation page and the index (reports bucket), and
// return the departments to mail. Everything it writes is overwritten on a re-run with the same data,
// so a re-delivered schedule or a Step Functions retry is harmless. Each department's email is rendered
// (and its preview published) by its own branch of the Map, which keeps this step short however many
// departments there are.
import { listDepartments, runMonthly, validateResult, type DepartmentInfo } from '../../lib/analysis/index.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { publishOrganisationPage } from '../../lib/publish/index.ts';
import type { Settings } from '../../lib/settings/index.ts';
import { awaitConsistentLake } from '../../lib/lake/shared-lake.ts';
import type { Storage, VersionedStorage } from '../../lib/storage/storage.ts';
import { createLogger, errorFields, type Logger } from '../shared/log.ts';
import { monthOfEvent } from '../shared/month.ts';
import { LEADS_KEY, monthlyKeys } from '../shared/monthly-keys.ts';
import { classify } from '../shared/transient.ts';

/** From the schedule ({scheduled_time}) or an operator's backfill ({month, resend?}). */
export interface MonthlyStartEvent {
  scheduled_time?: string;
  month?: string;
  resend?: boolean;
  source?: string;
}

/** What the state machine passes: the start event plus the execution's name (stable across retries). */
export interface ComputeInvocation {
  event: MonthlyStartEvent;
  execution_name: string;
}

export interface ComputeOutput {
  month: string;
  /** Departments with at least one lead address: one Map branch each. */
  departments: string[];
  resend: boolean;
  without_leads: number;
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
    if (deps.lake) await awaitConsistentLake(deps.lake).catch((e) => Promise.reject(classify(e)));
    const engine = await deps.openEngine(execution ? `monthly-${month}-${execution}` : undefined);
    try {
      log.info('computing month', { source: event?.source ?? 'manual', resend: Boolean(event?.resend) });
      const monthly = await runMonthly({ engine, settings: deps.settings, month });
      const check = validateResult(monthly);
      if (!check.valid) throw new Error(`monthly result for ${month} does not match the results schema: ${check.errors.slice(0, 5).join('; ')}`);
      const departments: DepartmentInfo[] = await listDepartments(engine);
      const keys = monthlyKeys(month);
      await deps.results.put(keys.monthly, JSON.stringify(monthly, null, 2), 'application/json');
      await deps.results.put(keys.departments, JSON.stringify(departments, null, 2), 'application/json');
      const leads = [...new Set(departments.flatMap((d) => d.lead_emails.map((e) => e.toLowerCase())))].sort();
      await deps.results.put(LEADS_KEY, JSON.stringify({ updated_for: month, leads }, null, 2), 'application/json');

      await publishOrganisationPage({ monthly, settings: deps.settings, storage: deps.reports });

      const reported = new Set(Object.keys(monthly.departments));
      const withLeads = departments.filter((d) => d.lead_emails.length > 0 && reported.has(d.department_id)).map((d) => d.department_id);
      const out: ComputeOutput = { month, departments: withLeads, resend: Boolean(event?.resend), without_leads: departments.filter((d) => d.lead_emails.length === 0).length };
      log.info('month computed', { departments: withLeads.length, without_leads: out.without_leads });
      log.metrics({ MonthlyComputed: 1 });
      return out;
    } catch (e) {
      log.error('compute failed', errorFields(e));
      throw classify(e);
    } finally {
      await engine.close();
    }
  };
}
