// Last step of the monthly run: record the outcome of every department in monthly/<month>/run.json and
// fail the execution (→ the MonthlyRunFailed alarm) if any department failed. A re-run that succeeds
// overwrites run.json, which is what the watchdog checks. The outcomes come from the distributed Map's
// result files in the results bucket (map_results: the ResultWriterDetails of the Map, pointing at its
// manifest.json), or inline (sends) when invoked directly.
import type { Storage } from '../../lib/storage/storage.ts';
import { createLogger, type Logger } from '../shared/log.ts';
import { isMonth } from '../../lib/period/index.ts';
import { monthlyKeys } from '../../lib/handler-contract/index.ts';
import { classify } from '../shared/transient.ts';

export interface SendOutcome {
  department_id: string;
  status: string;
  error?: string;
  cause?: string;
  sent?: number;
  already_sent?: number;
}

export interface FinishEvent {
  month: string;
  /** One entry per Map branch: a DepartmentSendOutput, or {department_id, status: 'failed', error, cause}. */
  sends?: SendOutcome[];
  /** The distributed Map's ResultWriterDetails: its manifest.json in the results bucket. */
  map_results?: { Bucket?: string; Key: string };
}

/** Step Functions' result-writer manifest and result files (documented format), the fields used here. */
interface MapManifest {
  ResultFiles?: Record<string, { Key: string }[]>;
}
interface ChildResult {
  Status?: string;
  Input?: string;
  Output?: string;
  Error?: string;
  Cause?: string;
}

/** Every department's outcome from the Map's result files; a child that did not succeed counts as failed. */
export async function outcomesFromMapResults(results: Storage, manifestKey: string): Promise<SendOutcome[]> {
  const read = async <T>(key: string): Promise<T> => {
    const buf = await results.get(key);
    if (!buf) throw new Error(`${results.location}${key} not found: the Map's results are missing`);
    return JSON.parse(buf.toString('utf8')) as T;
  };
  const manifest = await read<MapManifest>(manifestKey);
  const out: SendOutcome[] = [];
  for (const files of Object.values(manifest.ResultFiles ?? {})) {
    for (const file of files) {
      for (const child of await read<ChildResult[]>(file.Key)) {
        if (child.Status === 'SUCCEEDED' && child.Output) {
          out.push(JSON.parse(child.Output) as SendOutcome);
        } else {
          const input = JSON.parse(child.Input ?? '{}') as { department_id?: string };
          out.push({ department_id: input.department_id ?? 'unknown', status: 'failed', error: child.Error ?? child.Status ?? 'unknown' });
        }
      }
    }
  }
  return out;
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

export function createFinishHandler(deps: {
  results: Storage;
  logger?: Logger;
  now?: () => Date;
}): (event: FinishEvent) => Promise<RunRecord> {
  return async (event) => {
    if (!isMonth(event?.month) || !(Array.isArray(event.sends) || typeof event.map_results?.Key === 'string')) {
      throw new Error(
        `expected {"month": "YYYY-MM", "sends": [...]} or {"month", "map_results": {"Key"}}, got ${JSON.stringify(event)?.slice(0, 200)}`,
      );
    }
    const log = (deps.logger ?? createLogger({ handler: 'monthly-finish' })).with({ month: event.month });
    let sends: SendOutcome[];
    try {
      sends = event.sends ?? (await outcomesFromMapResults(deps.results, event.map_results!.Key));
    } catch (e) {
      throw classify(e);
    }
    const failed = sends
      .filter((s) => s.status === 'failed')
      .map((s) => ({ department_id: s.department_id, error: [s.error, s.cause].filter(Boolean).join(': ').slice(0, 1000) }));
    const record: RunRecord = {
      month: event.month,
      finished_at: (deps.now ?? (() => new Date()))().toISOString(),
      departments: sends.length,
      sent: sends.reduce((a, s) => a + (s.sent ?? 0), 0),
      already_sent: sends.reduce((a, s) => a + (s.already_sent ?? 0), 0),
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
    if (failed.length)
      throw new DepartmentsFailed(
        `${failed.length} of ${record.departments} departments failed: ${failed.map((f) => f.department_id).join(', ')}`,
      );
    return record;
  };
}
