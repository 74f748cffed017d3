// The lake a load leaves behind: layout, types, idempotency, latest-wins updates, roster upserts, the
// time-zone guard, and atomicity (a load failing half-way leaves the previous lake byte-identical).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { recoverStaging } from '../../lib/ingest/switch.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { CHICAGO, cleanup, exportDir, fixture, lakeMessages, messagesCsv, query, snapshot, tempDir } from './helpers.ts';

afterAll(cleanup);

describe('round trip', () => {
  it('writes the layout of lib/lake/layout.ts and reads back with DuckDB', async () => {
    const lake = tempDir();
    const s = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    expect(s.written).toEqual([
      `messages/year=2017/month=06/${s.load_id}-0.parquet`,
      `messages/year=2017/month=07/${s.load_id}-0.parquet`,
      'clinicians/clinicians.parquet',
      'departments/departments.parquet',
      `quarantine/${s.load_id}.parquet`,
      `quarantine/${s.load_id}.csv`,
      'lake.json',
      `loads/${s.load_id}.parquet`,
    ]);
    for (const w of s.written) expect(existsSync(join(lake, w))).toBe(true);
    expect(existsSync(join(lake, '.staging'))).toBe(false);
    expect(JSON.parse(readFileSync(join(lake, 'lake.json'), 'utf8'))).toMatchObject({ format_version: 1, timezone: 'America/Chicago' });

    const rows = await lakeMessages(lake);
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.message_id === 'm3')).toEqual({
      message_id: 'm3',
      thread_id: 't2',
      sent_at: '2017-07-01 04:30:00+00',
      sender_type: 'proxy',
      sender_id: 'x1',
      patient_id: 'p2',
      department_id: 'd2',
      local_ts: '2017-06-30 23:30:00',
      local_date: '2017-06-30',
      local_hour: 23,
      local_minute_of_day: 1410,
      local_iso_dow: 5,
      load_id: s.load_id,
      year: 2017,
      month: 6,
    });
    const loads = await query(
      `SELECT load_id, rows_read::INTEGER AS r, accepted::INTEGER AS a, duplicates::INTEGER AS d, quarantined::INTEGER AS q ` +
        `FROM read_parquet('${lake}/loads/*.parquet')`,
    );
    expect(loads).toEqual([{ load_id: s.load_id, r: 5, a: 5, d: 0, q: 0 }]);
    const deps = await query(`SELECT * FROM read_parquet('${lake}/departments/departments.parquet') ORDER BY 1`);
    expect(deps[1]).toEqual({
      department_id: 'd2',
      name: 'Cardiology, adult',
      care_setting: 'specialty',
      lead_emails: 'lead2@example.org;lead3@example.org',
    });
  });

  it('stores sent_at as INT64 milliseconds adjusted to UTC and local_ts as milliseconds, not adjusted', async () => {
    const lake = tempDir();
    const s = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const schema = await query(
      `SELECT name, type, logical_type FROM parquet_schema('${join(lake, s.written[0]!)}') WHERE name IN ('sent_at', 'local_ts')`,
    );
    const byName = Object.fromEntries(schema.map((r) => [r.name, r]));
    expect(byName.sent_at).toMatchObject({ type: 'INT64' });
    expect(byName.sent_at!.logical_type).toMatch(/isAdjustedToUTC=1, unit=TimeUnit\(MILLIS=MilliSeconds\(\)/);
    expect(byName.local_ts!.logical_type).toMatch(/isAdjustedToUTC=0, unit=TimeUnit\(MILLIS=MilliSeconds\(\)/);
  });

  it('keeps a dictionary for 500 departments in a month, and writes the unique message ids PLAIN', async () => {
    // 10,000 messages of June 2017 across 500 departments with 9-character ids: a 6.5 KB dictionary, under the
    // writer's 8 KB limit for strings (lake-write.ts, MESSAGE_PARQUET). Message ids are unique: no dictionary.
    const dept = (i: number) => `DEPT-${String(i % 500).padStart(4, '0')}`;
    const id = (p: string, n: number) => `${p}${String(n).padStart(9, '0')}`;
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const t = new Date(Date.UTC(2017, 5, 1, 12) + i * 240_000).toISOString().replace('.000', '');
      return `${id('M', i)},${id('T', i >> 1)},${t},${i % 2 ? 'clinician' : 'patient'},c1,p1,${dept(i)}`;
    });
    const departments = [
      'department_id,name,care_setting,lead_emails',
      ...Array.from({ length: 500 }, (_, i) => `${dept(i)},Dept ${i},specialty,`),
    ];
    const lake = tempDir();
    const s = await ingest({
      inputDir: exportDir({ 'messages.csv': messagesCsv(...rows), 'departments.csv': departments.join('\n') + '\n' }),
      lakeDir: lake,
      settings: CHICAGO,
    });
    expect(s.written.filter((w) => w.startsWith('messages/'))).toEqual([`messages/year=2017/month=06/${s.load_id}-0.parquet`]);
    const meta = await query(
      `SELECT path_in_schema AS col, encodings FROM parquet_metadata('${join(lake, s.written[0]!)}') ` +
        `WHERE path_in_schema IN ('message_id', 'department_id', 'sender_type', 'load_id') ORDER BY 1`,
    );
    expect(meta).toEqual([
      { col: 'department_id', encodings: 'PLAIN_DICTIONARY' },
      { col: 'load_id', encodings: 'PLAIN_DICTIONARY' },
      { col: 'message_id', encodings: 'PLAIN' },
      { col: 'sender_type', encodings: 'PLAIN_DICTIONARY' },
    ]);
  });
});

describe('idempotency', () => {
  it('loading the same export twice leaves each message once and rewrites no partition', async () => {
    const lake = tempDir();
    const first = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const second = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    expect(second.messages).toEqual({ new: 0, updated: 0, unchanged: 5 });
    expect(second.written.filter((w) => w.startsWith('messages/'))).toEqual([]);
    expect(second.deleted).toEqual([]);
    const rows = await lakeMessages(lake);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.load_id))).toEqual(new Set([first.load_id]));
    expect((await query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${lake}/loads/*.parquet')`))[0]!.n).toBe(2);
  });

  it('an overlapping export adds the new messages, and a changed row replaces the old one (latest load wins)', async () => {
    const lake = tempDir();
    const first = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const overlap = exportDir({
      'messages.csv': messagesCsv(
        'm1,t1,2017-06-01T09:00:00Z,patient,p1,p1,d1', // unchanged
        'm2,t1,2017-08-02T15:30:00Z,clinician,c1,p1,d1', // corrected: moves from June to August
        'm6,t3,2017-07-04T12:00:00Z,patient,p3,p3,d1', // new, in July
      ),
    });
    const second = await ingest({ inputDir: overlap, lakeDir: lake, settings: CHICAGO });
    expect(second.messages).toEqual({ new: 1, updated: 1, unchanged: 1 });
    // June (m2 left it), July (m6 joined it) and August (m2 arrived) are rewritten; the old files go.
    expect(second.deleted).toEqual([
      `messages/year=2017/month=06/${first.load_id}-0.parquet`,
      `messages/year=2017/month=07/${first.load_id}-0.parquet`,
    ]);
    expect(second.written.filter((w) => w.startsWith('messages/')).sort()).toEqual(
      ['06', '07', '08'].map((m) => `messages/year=2017/month=${m}/${second.load_id}-0.parquet`),
    );
    const rows = await lakeMessages(lake);
    expect(rows.map((r) => r.message_id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(rows.find((r) => r.message_id === 'm2')).toMatchObject({ month: 8, sent_at: '2017-08-02 15:30:00+00', load_id: second.load_id });
    expect(rows.find((r) => r.message_id === 'm1')).toMatchObject({ load_id: first.load_id });
  });

  it('upserts clinicians and departments by id', async () => {
    const lake = tempDir();
    await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const next = exportDir({ 'messages.csv': messagesCsv('m9,t9,2017-06-01T10:00:00Z,patient,p,p,d1') });
    writeFileSync(join(next, 'clinicians.csv'), 'clinician_id,role,department_id\nc1,other,d2\nc9,physician,d1\n');
    writeFileSync(join(next, 'departments.csv'), 'department_id,name,care_setting,lead_emails\n');
    const s = await ingest({ inputDir: next, lakeDir: lake, settings: CHICAGO });
    expect(s.written).toContain('clinicians/clinicians.parquet');
    expect(s.written).not.toContain('departments/departments.parquet');
    const clin = await query(`SELECT * FROM read_parquet('${lake}/clinicians/clinicians.parquet') ORDER BY 1`);
    expect(clin).toEqual([
      { clinician_id: 'c1', role: 'other', department_id: 'd2' },
      { clinician_id: 'c2', role: 'registered_nurse', department_id: 'd1' },
      { clinician_id: 'c3', role: 'np_pa', department_id: 'd2' },
      { clinician_id: 'c9', role: 'physician', department_id: 'd1' },
    ]);
  });

  it('refuses a lake built for another time zone', async () => {
    const lake = tempDir();
    await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const before = snapshot(lake);
    await expect(
      ingest({ inputDir: fixture('base'), lakeDir: lake, settings: resolveSettings({ timezone: 'Europe/London' }) }),
    ).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/built for time zone America\/Chicago, but the settings say Europe\/London/),
    });
    expect(snapshot(lake)).toEqual(before);
  });
});

describe('atomicity', () => {
  const update = () =>
    exportDir({
      'messages.csv': messagesCsv('m2,t1,2017-08-02T15:30:00Z,clinician,c1,p1,d1', 'm7,t7,2017-09-01T10:00:00Z,patient,p,p,d1'),
    });

  it.each(['staged', 'switch:0', 'switch:2', 'switch:5'])('a load failing at %s leaves the previous lake byte-identical', async (step) => {
    const lake = tempDir();
    await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const before = snapshot(lake);
    const fail = async (s: string) => {
      if (s === step) throw new Error(`injected failure at ${s}`);
    };
    await expect(ingest({ inputDir: update(), lakeDir: lake, settings: CHICAGO, onStep: fail })).rejects.toThrow(
      `injected failure at ${step}`,
    );
    expect(snapshot(lake)).toEqual(before);
    expect(existsSync(join(lake, '.staging'))).toBe(false);
    // And the lake still takes the next load.
    const s = await ingest({ inputDir: update(), lakeDir: lake, settings: CHICAGO });
    expect(s.messages).toMatchObject({ new: 1, updated: 1 });
  });

  it('a load killed mid-switch is rolled back by the next load', async () => {
    const lake = tempDir();
    await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    const before = snapshot(lake);
    // Simulate a crash: keep a copy of the staging folder as it was at the failure, then put it back.
    const saved = tempDir();
    await expect(
      ingest({
        inputDir: update(),
        lakeDir: lake,
        settings: CHICAGO,
        onStep: (s) => {
          if (s === 'switch:3') {
            // Freeze the half-switched state: the staging folder and the lake as a crash would leave them.
            renameSync(join(lake, '.staging'), join(saved, 'staging'));
            throw new Error('crash');
          }
        },
      }),
    ).rejects.toThrow('crash');
    // The in-process rollback could not find the staging folder, so the lake is half-switched now.
    expect(snapshot(lake)).not.toEqual(before);
    renameSync(join(saved, 'staging'), join(lake, '.staging'));
    // What the next load does first: roll the interrupted switch back from its journal.
    expect(recoverStaging(lake)).toHaveLength(1);
    expect(snapshot(lake)).toEqual(before);
    const s = await ingest({ inputDir: update(), lakeDir: lake, settings: CHICAGO });
    expect(s.messages).toMatchObject({ new: 1, updated: 1 });
  });
});

describe('time zone spelling', () => {
  it('records the canonical zone; a lake.json written as america/chicago still takes loads with the default zone', async () => {
    const lake = tempDir();
    await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: resolveSettings({ timezone: 'america/chicago' }) });
    expect(JSON.parse(readFileSync(join(lake, 'lake.json'), 'utf8')).timezone).toBe('America/Chicago');
    const m = JSON.parse(readFileSync(join(lake, 'lake.json'), 'utf8'));
    writeFileSync(join(lake, 'lake.json'), JSON.stringify({ ...m, timezone: 'america/chicago' })); // as an older version wrote it
    const s = await ingest({ inputDir: fixture('base'), lakeDir: lake, settings: CHICAGO });
    expect(s.messages.unchanged).toBe(5);
  });
});
