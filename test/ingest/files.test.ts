// Bad files get one clear error naming the file (and line), never a stack trace, and nothing is loaded.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { CHICAGO, cleanup, exportDir, fixture, MESSAGE_HEADER, messagesCsv, query, tempDir } from './helpers.ts';
import { UserError } from '../../lib/errors/index.ts';

afterAll(cleanup);

async function failure(input: string): Promise<{ message: string; userError: boolean; lake: string }> {
  const lake = tempDir();
  try {
    await ingest({ inputDir: input, lakeDir: lake, settings: CHICAGO });
  } catch (e) {
    return { message: (e as Error).message, userError: e instanceof UserError, lake };
  }
  throw new Error('the load should have failed');
}

describe('bad files', () => {
  it('a missing file', async () => {
    const input = fixture('base');
    rmSync(join(input, 'clinicians.csv'));
    const f = await failure(input);
    expect(f.userError).toBe(true);
    expect(f.message).toContain(join(input, 'clinicians.csv'));
    expect(f.message).toContain('file not found');
    expect(existsSync(join(f.lake, 'lake.json'))).toBe(false);
  });

  it('an empty file', async () => {
    const f = await failure(exportDir({ 'messages.csv': '' }));
    expect(f.message).toMatch(/messages\.csv: the file is empty/);
  });

  it('header-only files everywhere (nothing to load is an error)', async () => {
    const f = await failure(
      exportDir({
        'messages.csv': MESSAGE_HEADER + '\n',
        'clinicians.csv': 'clinician_id,role,department_id\n',
        'departments.csv': 'department_id,name,care_setting,lead_emails\n',
      }),
    );
    expect(f.message).toMatch(/messages\.csv: has a header but no data rows, and neither has any other file/);
  });

  it('a header-only messages file beside rosters is a roster-only update (a new department lead)', async () => {
    const lake = tempDir();
    await ingest({
      inputDir: exportDir({ 'messages.csv': messagesCsv('m,t,2017-06-01T10:00:00Z,patient,p,p,d1') }),
      lakeDir: lake,
      settings: CHICAGO,
    });
    const before = await query(`SELECT count(*) AS n FROM read_parquet('${lake}/messages/*/*/*.parquet')`);
    const update = exportDir({
      'messages.csv': MESSAGE_HEADER + '\n',
      'clinicians.csv': 'clinician_id,role,department_id\n',
      'departments.csv': 'department_id,name,care_setting,lead_emails\nd1,Family Medicine,primary_care,new.lead@example.org\n',
    });
    const s = await ingest({ inputDir: update, lakeDir: lake, settings: CHICAGO });
    expect(s.rows_read).toBe(0);
    expect(s.tables.departments.accepted).toBe(1);
    expect(s.written.some((w) => w.startsWith('messages/'))).toBe(false);
    const leads = await query(`SELECT lead_emails FROM read_parquet('${lake}/departments/*.parquet') WHERE department_id = 'd1'`);
    expect(leads).toEqual([{ lead_emails: 'new.lead@example.org' }]);
    expect(await query(`SELECT count(*) AS n FROM read_parquet('${lake}/messages/*/*/*.parquet')`)).toEqual(before);
  });

  it('header-only clinicians and departments files are a valid load that changes no roster', async () => {
    const input = exportDir({ 'messages.csv': messagesCsv('m,t,2017-06-01T10:00:00Z,patient,p,p,d1') });
    writeFileSync(join(input, 'clinicians.csv'), 'clinician_id,role,department_id\n');
    writeFileSync(join(input, 'departments.csv'), 'department_id,name,care_setting,lead_emails\n');
    const s = await ingest({ inputDir: input, lakeDir: tempDir(), settings: CHICAGO });
    expect(s.tables.clinicians.rows_read).toBe(0);
    expect(s.written.some((w) => w.startsWith('clinicians/'))).toBe(false);
  });

  it('a wrong delimiter', async () => {
    const f = await failure(
      exportDir({ 'messages.csv': MESSAGE_HEADER.replaceAll(',', ';') + '\nm;t;2017-06-01T10:00:00Z;patient;p;p;d1\n' }),
    );
    expect(f.message).toMatch(/messages\.csv, line 1: the header is separated by semicolons, not commas/);
  });

  it('a missing required column', async () => {
    const f = await failure(
      exportDir({
        'messages.csv': 'message_id,thread_id,sent_at,sender_type,patient_id,department_id\nm,t,2017-06-01T10:00:00Z,patient,p,d1\n',
      }),
    );
    expect(f.message).toMatch(/messages\.csv, line 1: missing required column 'sender_id'/);
  });

  it('binary junk', async () => {
    const f = await failure(exportDir({ 'messages.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0x13]) }));
    expect(f.message).toMatch(/messages\.csv, line 1: contains binary data/);
  });

  it('a file that is not UTF-8, with the line of the first bad byte', async () => {
    const latin1 = Buffer.from(
      messagesCsv('m1,t,2017-06-01T10:00:00Z,patient,p,p,d1', 'm2,t,2017-06-01T10:00:00Z,patient,Jos\u00e9,p,d1'),
      'latin1',
    );
    const f = await failure(exportDir({ 'messages.csv': latin1 }));
    expect(f.message).toMatch(/messages\.csv, line 3: is not valid UTF-8/);
  });

  it('both messages.csv and messages.ndjson', async () => {
    const input = fixture('base');
    writeFileSync(join(input, 'messages.ndjson'), '{}\n');
    expect((await failure(input)).message).toMatch(/both messages\.csv and messages\.ndjson/);
  });
});

describe('the ingest command', () => {
  const cli = join(import.meta.dirname, '../../bin/portal-pulse.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'ingest', ...args], { encoding: 'utf8', timeout: 60_000 });

  it('exits 0 and prints the summary table on a load with quarantined rows', () => {
    const lake = tempDir();
    const r = run('--input', fixture('duplicates-conflicts'), '--lake', lake, '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/messages\s+messages\.csv\s+8\s+3\s+2\s+3/);
    expect(r.stdout).toContain('conflicting message_id');
  });

  it('exits non-zero with one clear line and no stack trace on a bad file', () => {
    const r = run('--input', exportDir({ 'messages.csv': '' }), '--lake', tempDir());
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^portal-pulse: .*messages\.csv: the file is empty/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
