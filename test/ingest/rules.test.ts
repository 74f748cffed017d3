// One test per input rule of metrics.md "Input data", each on a small export loaded with a real DuckDB.
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { CHICAGO, cleanup, exportDir, fixture, lakeMessages, messagesCsv, query, quarantineRows, tempDir } from './helpers.ts';

afterAll(cleanup);

async function load(input: string) {
  const lake = tempDir();
  const summary = await ingest({ inputDir: input, lakeDir: lake, settings: CHICAGO });
  // Reconciliation holds for every table of every load.
  for (const t of Object.values(summary.tables)) expect(t.rows_read).toBe(t.accepted + t.duplicates + t.quarantined);
  return { lake, summary, quarantine: await quarantineRows(lake, summary.load_id) };
}

describe('input rules', () => {
  it('matches column names and enum values case-insensitively, trims values, ignores unknown columns', async () => {
    const { lake, summary } = await load(fixture('case-insensitive'));
    expect(summary.accepted).toBe(4);
    expect(summary.quarantined).toBe(0);
    const rows = await lakeMessages(lake);
    expect(rows.map((r) => [r.message_id, r.sender_type, r.sender_id])).toEqual([
      ['m1', 'patient', 'p1'],
      ['m2', 'clinician', 'c1'],
      ['m3', 'proxy', 'x1'],
      ['m4', 'system', null],
    ]);
    expect(Object.keys(rows[0]!)).not.toContain('extra_column');
    const clin = await query(`SELECT * FROM read_parquet('${lake}/clinicians/clinicians.parquet') ORDER BY 1`);
    expect(clin.map((r) => r.role)).toEqual(['physician', 'np_pa']);
    const deps = await query(`SELECT * FROM read_parquet('${lake}/departments/departments.parquet')`);
    expect(deps[0]).toMatchObject({ care_setting: 'primary_care', lead_emails: 'a@example.org;b@example.org' });
  });

  it('reads the three timestamp spellings: Z, an offset (±HH, ±HHMM, ±HH:MM) and wall-clock in the site zone', async () => {
    const { lake, summary } = await load(
      exportDir({
        'messages.csv': messagesCsv(
          'z,t,2017-06-01T15:00:00Z,patient,p,p,d1',
          'colon,t,2017-06-01T10:00:00-05:00,patient,p,p,d1',
          'nocolon,t,2017-06-01T10:00:00-0500,patient,p,p,d1',
          'hours,t,2017-06-01T10:00:00-05,patient,p,p,d1',
          'wall,t,2017-06-01T10:00:00,patient,p,p,d1',
          'space,t,2017-06-01 10:00,patient,p,p,d1',
          'millis,t,2017-06-01T15:00:00.1239Z,patient,p,p,d1',
        ),
      }),
    );
    expect(summary.accepted).toBe(7);
    const rows = await lakeMessages(lake);
    const utc = Object.fromEntries(rows.map((r) => [r.message_id, r.sent_at]));
    for (const id of ['z', 'colon', 'nocolon', 'hours', 'wall', 'space']) expect(utc[id]).toBe('2017-06-01 15:00:00+00');
    expect(utc.millis).toBe('2017-06-01 15:00:00.123+00'); // millisecond precision, the rest truncated
    expect(rows.find((r) => r.message_id === 'wall')).toMatchObject({ local_ts: '2017-06-01 10:00:00', local_hour: 10, local_iso_dow: 4 });
  });

  it('quarantines each broken rule with its own reason and line', async () => {
    const { summary, quarantine } = await load(
      exportDir({
        'messages.csv': messagesCsv(
          ',t,2017-06-01T10:00:00Z,patient,p,p,d1',
          'a,,2017-06-01T10:00:00Z,patient,p,p,d1',
          'b,t,,patient,p,p,d1',
          'c,t,2017-02-30T10:00:00,patient,p,p,d1',
          'd,t,2017-06-01T10:00:00+19:00,patient,p,p,d1',
          'e,t,yesterday,patient,p,p,d1',
          'f,t,2017-06-01T10:00:00Z,,p,p,d1',
          'g,t,2017-06-01T10:00:00Z,doctor,p,p,d1',
          'h,t,2017-06-01T10:00:00Z,clinician,,p,d1',
          'i,t,2017-06-01T10:00:00Z,patient,p,,d1',
          'j,t,2017-06-01T10:00:00Z,patient,p,p,',
          'k,t,2017-06-01T10:00:00Z,patient,p,p',
          'l,t,2017-06-01T10:00:00Z,patient,p,p,d1,surplus',
          'ok,t,2017-06-01T10:00:00Z,system,,p,d1',
        ),
      }),
    );
    expect(quarantine.map((q) => [q.line, q.reason])).toEqual([
      [2, 'missing message_id'],
      [3, 'missing thread_id'],
      [4, 'missing sent_at'],
      [5, 'invalid sent_at'],
      [6, 'invalid sent_at'],
      [7, 'invalid sent_at'],
      [8, 'missing sender_type'],
      [9, 'invalid sender_type'],
      [10, 'missing sender_id'],
      [11, 'missing patient_id'],
      [12, 'missing department_id'],
      [13, 'wrong number of fields'],
      [14, 'wrong number of fields'],
    ]);
    expect(quarantine[8]).toMatchObject({
      source_file: 'messages.csv',
      table_name: 'messages',
      raw: 'h,t,2017-06-01T10:00:00Z,clinician,,p,d1',
    });
    expect(summary).toMatchObject({ rows_read: 14, accepted: 1, duplicates: 0, quarantined: 13 });
    expect(summary.by_reason).toMatchObject({ 'invalid sent_at': 3, 'wrong number of fields': 2, 'missing sender_id': 1 });
  });

  it('drops exact duplicates once (after normalising case and time zone) and quarantines every row of a conflicting id', async () => {
    const { lake, summary, quarantine } = await load(fixture('duplicates-conflicts'));
    expect(summary.tables.messages).toMatchObject({ rows_read: 8, accepted: 3, duplicates: 2, quarantined: 3 });
    expect((await lakeMessages(lake)).map((r) => r.message_id)).toEqual(['dup', 'invalid-first', 'ok']);
    const msgs = quarantine.filter((q) => q.table_name === 'messages');
    // Rows are validated before duplicates are judged: the invalid row of 'invalid-first' is no conflict.
    expect(msgs.map((q) => [q.line, q.reason])).toEqual([
      [5, 'conflicting message_id'],
      [6, 'conflicting message_id'],
      [7, 'invalid sent_at'],
    ]);
    expect(summary.tables.clinicians).toMatchObject({
      rows_read: 4,
      accepted: 1,
      duplicates: 1,
      quarantined: 2,
      by_reason: { 'conflicting clinician_id': 2 },
    });
    expect(summary.tables.departments).toMatchObject({
      rows_read: 3,
      accepted: 1,
      duplicates: 0,
      quarantined: 2,
      by_reason: { 'conflicting department_id': 2 },
    });
  });

  it('validates clinicians and departments: required ids, enums, lead e-mail addresses', async () => {
    const input = exportDir({ 'messages.csv': messagesCsv('m,t,2017-06-01T10:00:00Z,patient,p,p,d1') });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${input}/clinicians.csv`, 'clinician_id,role,department_id\n,physician,d1\nc1,surgeon,d1\nc2,other,\n');
    writeFileSync(
      `${input}/departments.csv`,
      'department_id,name,care_setting,lead_emails\nd1,,primary_care,\nd2,X,hospital,\nd3,Y,specialty,not-an-address\nd4,Z,specialty,\n',
    );
    const { summary, quarantine } = await load(input);
    expect(quarantine.map((q) => [q.table_name, q.line, q.reason])).toEqual([
      ['clinicians', 2, 'missing clinician_id'],
      ['clinicians', 3, 'invalid role'],
      ['departments', 2, 'missing name'],
      ['departments', 3, 'invalid care_setting'],
      ['departments', 4, 'invalid lead_emails'],
    ]);
    expect(summary.tables.clinicians.accepted).toBe(1); // c2: the home department is optional
    expect(summary.tables.departments.accepted).toBe(1);
  });
});
