// Runs one export through the REAL product (CSV files -> ingest() -> Parquet lake -> DuckDB engine ->
// runStudy / runMonthly) and through the oracle, and lists their differences.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisError, runMonthly, runStudy } from '../../lib/analysis/index.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';
import { resolveWallClock } from '../oracle/local-time.ts';
import { referenceMonthly, referenceStudy, type RefClinician, type RefDepartment, type SenderType } from '../oracle/reference.ts';
import { compareMonthly, compareStudy } from './compare.ts';
import type { GeneratedExport, MessageRow } from './export-arbitrary.ts';
import { describeExport, writeExport, type WriteOptions } from './write-export.ts';

export interface CrossCheck {
  /** Every difference, "path: sql=… oracle=…", study ones prefixed "study." and monthly ones "monthly.". */
  diffs: string[];
  load: { rows_read: number; accepted: number; duplicates: number; quarantined: number };
  /** null when runStudy refused a range the oracle also finds empty. */
  study: StudyResult | null;
  /** null when runMonthly refused a month the oracle also finds empty. */
  monthly: MonthlyResult | null;
}

export async function crossCheck(exp: GeneratedExport, opts: WriteOptions = {}): Promise<CrossCheck> {
  const root = mkdtempSync(join(tmpdir(), 'pp-xcheck-'));
  try {
    const inputDir = join(root, 'export');
    mkdirSync(inputDir);
    const lakeDir = join(root, 'lake');
    writeExport(inputDir, exp, opts);
    const load = await ingest({ inputDir, lakeDir, settings: exp.settings });
    // One engine, one thread: both reports of a run share it, and parallel test files share the 2 cores.
    const engine = await openDuckDbEngine({ lakeDir, timezone: exp.settings.timezone, threads: 1 });
    try {
      const cutoff = exp.cutoff;
      const refCutoff = cutoff === undefined ? undefined : Date.parse(cutoff);
      const refStudy = referenceStudy(exp.reference, exp.settings, {
        from: exp.from,
        to: exp.to,
        ...(refCutoff !== undefined ? { cutoff: refCutoff } : {}),
      });
      const refMonthly = referenceMonthly(exp.reference, exp.settings, {
        month: exp.month,
        ...(refCutoff !== undefined ? { cutoff: refCutoff } : {}),
      });
      const diffs: string[] = [];
      let study: StudyResult | null = null;
      try {
        study = await runStudy({ engine, settings: exp.settings, from: exp.from, to: exp.to, ...(cutoff ? { cutoff } : {}) });
        diffs.push(...compareStudy(study, refStudy, exp.settings.business_hours.study).map((x) => `study.${x}`));
      } catch (e) {
        // lib/analysis refuses a range without data (a choice the spec leaves open): fine only if it has none.
        const n = refStudy.years.reduce((a, y) => a + y.messages.patient_side + y.messages.clinician_side, 0);
        if (!(e instanceof AnalysisError) || n > 0)
          diffs.push(`study: runStudy threw "${(e as Error).message}" but the oracle counts ${n} messages in ${exp.from}..${exp.to}`);
      }
      let monthly: MonthlyResult | null = null;
      try {
        monthly = await runMonthly({ engine, settings: exp.settings, month: exp.month, ...(cutoff ? { cutoff } : {}) });
        diffs.push(...compareMonthly(monthly, refMonthly, exp.settings.business_hours.monthly).map((x) => `monthly.${x}`));
      } catch (e) {
        // lib/analysis refuses a month without data (a choice the spec leaves open): fine only if it has none.
        const org = refMonthly.organisation;
        if (!(e instanceof AnalysisError) || org.messages.patient_side + org.messages.clinician_side > 0) {
          diffs.push(
            `monthly: runMonthly threw "${(e as Error).message}" but the oracle counts ${JSON.stringify(org.messages)} in ${exp.month}`,
          );
        }
      }
      const l = { rows_read: load.rows_read, accepted: load.accepted, duplicates: load.duplicates, quarantined: load.quarantined };
      if (
        l.rows_read !== exp.expectedLoad.messagesRead ||
        l.duplicates !== exp.expectedLoad.duplicates ||
        l.quarantined !== exp.expectedLoad.quarantined
      ) {
        diffs.push(
          `load: ingest=${JSON.stringify(l)} expected=${JSON.stringify(exp.expectedLoad)} (by_reason ${JSON.stringify(load.by_reason)})`,
        );
      }
      if (l.accepted !== exp.reference.messages.length)
        diffs.push(`load.accepted: ingest=${l.accepted} oracle=${exp.reference.messages.length}`);
      return { diffs, load: l, study, monthly };
    } finally {
      await engine.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Throws with every difference and the export itself, so a counter-example can be pasted into a regression. */
export function assertAgrees(exp: GeneratedExport, diffs: string[]): void {
  if (diffs.length === 0) return;
  const shown = diffs.slice(0, 40).join('\n  ');
  throw new Error(`SQL and oracle disagree on ${diffs.length} figure(s):\n  ${shown}\n--- export ---\n${describeExport(exp)}`);
}

/** One hand-written messages row: [id, thread, sent_at as written, sender_type, sender_id, patient_id, department_id]. */
export type HandRow = [string, string, string, string, string, string, string];

/** Builds an export from hand-written rows (for regression tests), reading sent_at as metrics.md does. */
export function handExport(opts: {
  rows: HandRow[];
  clinicians: RefClinician[];
  departments: RefDepartment[];
  settings?: Settings;
  from: string;
  to: string;
  month: string;
  cutoff?: string;
}): GeneratedExport {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const rows: MessageRow[] = opts.rows.map(([message_id, thread_id, sent_at, sender_type, sender_id, patient_id, department_id]) => ({
    message_id,
    thread_id,
    sent_at,
    sender_type,
    sender_id,
    patient_id,
    department_id,
  }));
  const messages = rows.map((r) => {
    const absolute = /(Z|[+-]\d\d:\d\d)$/.test(r.sent_at);
    const sent_at = absolute ? Date.parse(r.sent_at) : resolveWallClock(Date.parse(`${r.sent_at}Z`), settings.timezone);
    const sender_type = r.sender_type.toLowerCase() as SenderType;
    return { ...r, sent_at, sender_type, sender_id: sender_type === 'system' ? null : r.sender_id };
  });
  return {
    settings,
    departments: opts.departments,
    clinicians: opts.clinicians,
    rows,
    reference: { messages, clinicians: opts.clinicians, departments: opts.departments },
    from: opts.from,
    to: opts.to,
    month: opts.month,
    cutoff: opts.cutoff,
    expectedLoad: { messagesRead: rows.length, duplicates: 0, quarantined: 0 },
  };
}
