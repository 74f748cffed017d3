// TEMPORARY stand-in for lib/ingest while it is being written: writes a test export straight into the lake
// layout (lib/lake/layout.ts) with the local columns computed here. No validation, no de-duplication:
// only for hand-built, valid test rows. buildLake() uses the real ingest() as soon as it exists.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { LAKE_MANIFEST } from '../../lib/lake/layout.ts';
import type { TestExport } from './lake.ts';

interface LocalParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number;
}

function localParts(ms: number, tz: string): LocalParts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second!, ms: ((ms % 1000) + 1000) % 1000 };
}

/** Wall-clock local text → UTC ms: a repeated time takes the earlier offset, a skipped one moves forward. */
function fromLocal(text: string, tz: string): number {
  const asUtc = Date.parse(`${text}Z`);
  const candidates: number[] = [];
  for (let off = -14 * 60; off <= 14 * 60; off += 15) {
    const t = asUtc - off * 60_000;
    const p = localParts(t, tz);
    if (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms) === asUtc) candidates.push(t);
  }
  if (candidates.length) return Math.min(...candidates);
  // Skipped: the offset before the gap applied to the wall-clock reading moves it forward by the gap.
  const before = localParts(asUtc - 6 * 3_600_000, tz);
  const offBefore = Date.UTC(before.year, before.month - 1, before.day, before.hour, before.minute, before.second) - (asUtc - 6 * 3_600_000 - before.ms);
  return asUtc - offBefore;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export async function writeLakeDirectly(lakeDir: string, exp: TestExport, tz: string, loadId: string): Promise<void> {
  const rows = exp.messages.map((m) => {
    const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(m.sent_at);
    const ms = hasZone ? Date.parse(m.sent_at) : fromLocal(m.sent_at, tz);
    const l = localParts(ms, tz);
    const dow = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
    return {
      message_id: m.message_id, thread_id: m.thread_id, sent_at: new Date(ms).toISOString().replace('T', ' ').replace('Z', ''),
      sender_type: m.sender_type.toLowerCase(), sender_id: m.sender_type === 'system' ? null : (m.sender_id ?? null),
      patient_id: m.patient_id, department_id: m.department_id,
      local_ts: `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}.${pad(l.ms, 3)}`,
      local_date: `${l.year}-${pad(l.month)}-${pad(l.day)}`, local_hour: l.hour, local_minute_of_day: l.hour * 60 + l.minute,
      local_iso_dow: dow === 0 ? 7 : dow, load_id: loadId, year: l.year, month: pad(l.month),
    };
  });
  await mkdir(join(lakeDir, 'messages'), { recursive: true });
  for (const t of ['clinicians', 'departments', 'loads']) await mkdir(join(lakeDir, t), { recursive: true });
  const tmp = join(lakeDir, `.${loadId}.json`);
  const write = async (name: string, data: unknown[]) => writeFile(join(lakeDir, `.${loadId}-${name}.ndjson`), data.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await write('messages', rows);
  await write('clinicians', exp.clinicians);
  await write('departments', exp.departments.map((d) => ({ ...d, lead_emails: d.lead_emails ?? '' })));
  void tmp;
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  const src = (n: string) => `'${join(lakeDir, `.${loadId}-${n}.ndjson`)}'`;
  if (rows.length) {
    await c.run(`COPY (SELECT message_id, thread_id, CAST(sent_at AS TIMESTAMP) AS sent_at, sender_type, CAST(sender_id AS VARCHAR) AS sender_id,
      patient_id, department_id, CAST(local_ts AS TIMESTAMP) AS local_ts, CAST(local_date AS DATE) AS local_date,
      CAST(local_hour AS INTEGER) AS local_hour, CAST(local_minute_of_day AS INTEGER) AS local_minute_of_day,
      CAST(local_iso_dow AS INTEGER) AS local_iso_dow, load_id, CAST(year AS VARCHAR) AS year, CAST(month AS VARCHAR) AS month
      FROM read_json(${src('messages')}, columns = {message_id: 'VARCHAR', thread_id: 'VARCHAR', sent_at: 'VARCHAR', sender_type: 'VARCHAR', sender_id: 'VARCHAR', patient_id: 'VARCHAR', department_id: 'VARCHAR', local_ts: 'VARCHAR', local_date: 'VARCHAR', local_hour: 'INTEGER', local_minute_of_day: 'INTEGER', local_iso_dow: 'INTEGER', load_id: 'VARCHAR', year: 'VARCHAR', month: 'VARCHAR'}))
      TO '${join(lakeDir, 'messages')}' (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE, FILENAME_PATTERN '${loadId}-{i}')`);
  }
  if (exp.clinicians.length) await c.run(`COPY (SELECT * FROM read_json(${src('clinicians')}, columns = {clinician_id: 'VARCHAR', role: 'VARCHAR', department_id: 'VARCHAR'})) TO '${join(lakeDir, 'clinicians', 'clinicians.parquet')}' (FORMAT parquet)`);
  if (exp.departments.length) await c.run(`COPY (SELECT * FROM read_json(${src('departments')}, columns = {department_id: 'VARCHAR', name: 'VARCHAR', care_setting: 'VARCHAR', lead_emails: 'VARCHAR'})) TO '${join(lakeDir, 'departments', 'departments.parquet')}' (FORMAT parquet)`);
  const n = exp.messages.length;
  await c.run(`COPY (SELECT '${loadId}' AS load_id, TIMESTAMP '2020-01-01 00:00:00' AS loaded_at, 'test' AS source, ${n}::BIGINT AS rows_read, ${n}::BIGINT AS accepted, 0::BIGINT AS duplicates, 0::BIGINT AS quarantined) TO '${join(lakeDir, 'loads', `${loadId}.parquet`)}' (FORMAT parquet)`);
  c.closeSync();
  inst.closeSync();
  await writeFile(join(lakeDir, LAKE_MANIFEST), JSON.stringify({ format_version: 1, timezone: tz, updated_at: new Date(0).toISOString() }));
}
