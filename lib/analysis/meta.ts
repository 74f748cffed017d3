// What the lake holds: its summary (cut-off, months with data, messages), its departments and load totals.
import type { Engine } from '../engines/engine.ts';
import type { LakeTotals, LoadTotals } from '../results/types.ts';
import { createHash } from 'node:crypto';
import { departmentsQuery, lakeSummaryQuery, loadsQuery, loadTotalsQuery } from '../queries/index.ts';
import { monthOfIndex } from '../period/index.ts';
import { runQuery } from './rows.ts';

export interface DepartmentInfo {
  department_id: string;
  name: string;
  care_setting: string;
  lead_emails: string[];
}

/** What a run first needs to know of the lake, from one query (lakeSummaryQuery). */
export interface LakeSummary {
  /** The latest sent_at loaded (ISO, UTC), any sender, or null when the lake holds no message. */
  cutoff: string | null;
  /** Non-system message counts per month index with data. */
  coverage: Map<number, number>;
  /** Distinct messages in the lake now (system messages included, whatever the cut-off). */
  messages: number;
}

/**
 * The lake's cut-off, months with data and message count in one scan. A run reads it once and hands it on
 * (resolveCutoff, defaultStudyRange, runStudy, runMonthly take it), so each is asked of the lake once.
 */
export async function lakeSummary(engine: Engine): Promise<LakeSummary> {
  const rows = await runQuery(engine, lakeSummaryQuery, {});
  let latest: number | null = null;
  let messages = 0;
  const coverage = new Map<number, number>();
  for (const r of rows) {
    messages += r.num('messages');
    if (r.num('n') > 0) coverage.set(r.num('month_idx'), r.num('n'));
    const v = r.str('latest');
    // DuckDB gives ISO already; Athena gives "YYYY-MM-DD HH:MM:SS.fff" (UTC).
    const ms = v === null ? null : Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);
    if (ms !== null && (latest === null || ms > latest)) latest = ms;
  }
  return { cutoff: latest === null ? null : new Date(latest).toISOString(), coverage, messages };
}

/** The latest sent_at loaded (ISO, UTC), or null when the lake holds no message. */
export async function dataCutoff(engine: Engine): Promise<string | null> {
  return (await lakeSummary(engine)).cutoff;
}

/** Every department of the lake, ordered by id; lead_emails split on ';' with blanks dropped. */
export async function listDepartments(engine: Engine): Promise<DepartmentInfo[]> {
  const rows = await runQuery(engine, departmentsQuery, {});
  return rows.map((r) => ({
    department_id: r.str('department_id') ?? '',
    name: r.str('name') ?? '',
    care_setting: r.str('care_setting') ?? '',
    lead_emails: (r.str('lead_emails') ?? '')
      .split(';')
      .map((e) => e.trim())
      .filter(Boolean),
  }));
}

/** Non-system message counts per month index with data. */
export async function monthsWithData(engine: Engine): Promise<Map<number, number>> {
  return (await lakeSummary(engine)).coverage;
}

export function describeCoverage(coverage: Map<number, number>): string {
  const months = [...coverage.keys()].sort((a, b) => a - b);
  if (!months.length) return 'the lake holds no messages';
  return `the lake holds messages from ${monthOfIndex(months[0]!)} to ${monthOfIndex(months[months.length - 1]!)}`;
}

/**
 * Distinct messages in the lake now (system messages included), the number of loads, and a fingerprint of
 * the loads: sha256 of every load's id and counts, in load_id order, and the message count. Two results with
 * the same fingerprint were computed on the same loads of the same lake (the same data), so a reader can see
 * that two runs are comparable; any new load changes it. `summary`: the lake's summary if already read.
 */
export async function lakeTotals(engine: Engine, summary?: LakeSummary): Promise<LakeTotals> {
  const { messages } = summary ?? (await lakeSummary(engine));
  const loads = (await runQuery(engine, loadsQuery, {})).map((l) => [
    l.str('load_id') ?? '',
    l.num('rows_read'),
    l.num('accepted'),
    l.num('duplicates'),
    l.num('quarantined'),
  ]);
  const fingerprint = `sha256:${createHash('sha256').update(JSON.stringify({ loads, messages })).digest('hex')}`;
  return { messages, loads: loads.length, fingerprint };
}

export async function loadTotals(engine: Engine): Promise<LoadTotals> {
  const [r] = await runQuery(engine, loadTotalsQuery, {});
  return {
    rows_read: r ? r.num('rows_read') : 0,
    accepted: r ? r.num('accepted') : 0,
    duplicates: r ? r.num('duplicates') : 0,
    quarantined: r ? r.num('quarantined') : 0,
  };
}
