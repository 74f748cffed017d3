// Broken structure refuses the file with its line and why (nothing loaded); values are kept as written or
// the row is quarantined; implausible dates are quarantined; a load with nothing accepted loads nothing.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { CHICAGO, cleanup, exportDir, fixture, lakeMessages, MESSAGE_HEADER, messagesCsv, quarantineRows, tempDir } from './helpers.ts';
import { UserError } from '../../lib/errors/index.ts';

afterAll(cleanup);

const row = (id: string, sentAt = '2017-06-01T10:00:00Z') => `${id},t1,${sentAt},patient,p1,p1,d1`;

async function refused(files: Record<string, string | Buffer>): Promise<{ message: string; exitCode?: number; lake: string }> {
  const lake = tempDir();
  try {
    await ingest({ inputDir: exportDir(files), lakeDir: lake, settings: CHICAGO });
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return { message: (e as Error).message, exitCode: (e as { exitCode?: number }).exitCode, lake };
  }
  throw new Error('the load should have been refused');
}

describe('CSV structure errors refuse the file, naming the line where the broken record starts', () => {
  it('an unterminated quote on line 11 of a 1,000-row export (it used to swallow 990 rows and exit 0)', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(`m${i + 2}`));
    rows[9] = 'm11,"t1,2017-06-01T10:00:00Z,patient,p1,p1,d1';
    const f = await refused({ 'messages.csv': messagesCsv(...rows) });
    expect(f.message).toMatch(/messages\.csv, line 11: this record has a quoted field that is never closed/);
    expect(f.exitCode).toBe(3);
    expect(existsSync(join(f.lake, 'messages'))).toBe(false);
    expect(existsSync(join(f.lake, 'lake.json'))).toBe(false);
  });

  it('a stray quote that a later quote closes: the record spanning lines is refused, not quarantined as one row', async () => {
    const f = await refused({
      'messages.csv': messagesCsv(
        row('m1'),
        'm2,"t1,2017-06-01T10:00:00Z,patient,p1,p1,d1',
        row('m3'),
        row('m4'),
        'm5,"x",2017-06-01T10:00:00Z,patient,p1,p1,d1',
      ),
    });
    expect(f.message).toMatch(
      /messages\.csv, line 3: this record spans lines 3-6 and has the wrong number of fields: a quote out of place/,
    );
  });

  it('a bare quote', async () => {
    const f = await refused({ 'messages.csv': messagesCsv(row('m1'), '"', row('m3')) });
    expect(f.message).toMatch(/messages\.csv, line 3: this record has a quoted field that is never closed/);
  });

  it('a stray CR inside a line', async () => {
    const f = await refused({ 'messages.csv': messagesCsv(row('m1'), 'm2,t1\r,2017-06-01T10:00:00Z,patient,p1,p1,d1') });
    expect(f.message).toMatch(/messages\.csv, line 3: a carriage return \(CR\) in the middle of the line, outside quotes/);
  });

  it('a CR-only file (it used to say "column \'p1\' appears twice")', async () => {
    const f = await refused({ 'messages.csv': messagesCsv(row('m1'), row('m2')).replaceAll('\n', '\r') });
    expect(f.message).toMatch(/messages\.csv, line 1: the file holds carriage returns \(CR\) but no line feeds: .*CR-only/);
  });

  it('keeps CRLF files and quoted line breaks working, and a quote inside an unquoted field as a character', async () => {
    const lake = tempDir();
    const csv =
      [MESSAGE_HEADER, row('m1'), 'm2,"t\r\n2",2017-06-01T10:00:00Z,patient,p1,p1,d1', 'm3,t"3,2017-06-01T10:00:00Z,patient,p1,p1,d1'].join(
        '\r\n',
      ) + '\r\n';
    const s = await ingest({ inputDir: exportDir({ 'messages.csv': csv }), lakeDir: lake, settings: CHICAGO });
    expect(s.accepted).toBe(3);
    expect((await lakeMessages(lake)).map((r) => r.thread_id)).toEqual(['t1', 't\r\n2', 't"3']);
  });

  it('text after a closing quote ("T1"x) quarantines the row instead of storing T1', async () => {
    const lake = tempDir();
    const s = await ingest({
      inputDir: exportDir({ 'messages.csv': messagesCsv(row('m1'), 'm2,"T1"x,2017-06-01T10:00:00Z,patient,p1,p1,d1') }),
      lakeDir: lake,
      settings: CHICAGO,
    });
    expect(s.by_reason).toEqual({ 'text after a closing quote': 1 });
    expect((await quarantineRows(lake, s.load_id)).map((r) => r.line)).toEqual([3]);
    expect((await lakeMessages(lake)).map((r) => r.message_id)).toEqual(['m1']);
  });
});

describe('NDJSON', () => {
  const msg = (over: Record<string, unknown>) =>
    JSON.stringify({
      message_id: 'a',
      thread_id: 't',
      sent_at: '2017-06-01T09:00:00Z',
      sender_type: 'patient',
      sender_id: 's',
      patient_id: 'p',
      department_id: 'd1',
      ...over,
    });

  it('a top-level JSON array is refused as such (it used to say "missing required field")', async () => {
    const f = await refused({ 'messages.ndjson': `[${msg({})},\n${msg({ message_id: 'b' })}]\n` });
    expect(f.message).toMatch(/messages\.ndjson, line 1: is a JSON array/);
    expect(f.exitCode).toBe(3);
  });

  it('quarantines objects, arrays, booleans and numbers that would be reformatted; keeps plain numbers as written', async () => {
    const lake = tempDir();
    const lines = [
      msg({ message_id: 'obj', sender_id: { x: 1 } }),
      msg({ message_id: 'arr', patient_id: ['p'] }),
      msg({ message_id: 'bool', thread_id: true }),
      msg({ sender_id: 's' }).replace('"message_id":"a"', '"message_id":1e2'),
      msg({ message_id: 'neg0' }).replace('"sender_id":"s"', '"sender_id":-0'),
      msg({ sender_id: 's' }).replace('"message_id":"a"', '"message_id": 100'),
      msg({ message_id: 'big' }).replace('"sender_id":"s"', '"sender_id":12345678901234567890'),
    ];
    const s = await ingest({ inputDir: exportDir({ 'messages.ndjson': lines.join('\n') + '\n' }), lakeDir: lake, settings: CHICAGO });
    expect((await quarantineRows(lake, s.load_id)).map((r) => [r.line, r.reason])).toEqual([
      [1, 'sender_id: a JSON object, not text'],
      [2, 'patient_id: a JSON array, not text'],
      [3, 'thread_id: true/false, not text'],
      [4, 'message_id: a number that cannot be kept as written (write it as a string)'],
      [5, 'sender_id: a number that cannot be kept as written (write it as a string)'],
    ]);
    expect((await lakeMessages(lake)).map((r) => [r.message_id, r.sender_id])).toEqual([
      ['100', 's'],
      ['big', '12345678901234567890'],
    ]);
  });
});

describe('dates and empty loads', () => {
  it('quarantines implausible dates: before ingest.earliest, or more than a day after the load runs', async () => {
    const lake = tempDir();
    const now = new Date('2026-06-01T12:00:00Z');
    const s = await ingest({
      inputDir: exportDir({
        'messages.csv': messagesCsv(
          row('m1'),
          row('m2', '2100-01-01T00:00:00Z'),
          row('m3', '1999-12-31T23:59:00'),
          row('m4', '2026-06-02T11:59:00Z'),
          row('m5', '2026-06-02T12:00:01Z'),
        ),
      }),
      lakeDir: lake,
      settings: CHICAGO,
      now,
    });
    expect((await quarantineRows(lake, s.load_id)).map((r) => [r.line, r.reason])).toEqual([
      [3, 'implausible date'],
      [4, 'implausible date'],
      [6, 'implausible date'],
    ]);
    expect((await lakeMessages(lake)).map((r) => r.message_id)).toEqual(['m1', 'm4']);
    // The bound is a setting.
    const later = await ingest({
      inputDir: exportDir({ 'messages.csv': messagesCsv(row('m1'), row('m6', '2012-01-01T10:00:00Z')) }),
      lakeDir: tempDir(),
      settings: resolveSettings({ ingest: { earliest: '2015-01-01' } }),
    });
    expect(later.by_reason).toEqual({ 'implausible date': 1 });
  });

  it('every message row quarantined: exit code 4, nothing loaded, the reasons and first lines in the message', async () => {
    const f = await refused({ 'messages.csv': messagesCsv('m1,t1,2017-06-01T10:00:00Z,robot,p1,p1,d1', row('m2', 'yesterday')) });
    expect(f.exitCode).toBe(4);
    expect(f.message).toMatch(
      new RegExp(
        /every one of the 2 message rows was quarantined \(invalid sender_type: 1, invalid sent_at: 1\); /.source +
          /first: line 2: invalid sender_type; line 3: invalid sent_at\. Nothing was loaded/.source,
      ),
    );
    expect(existsSync(join(f.lake, 'loads'))).toBe(false);
  });

  it('an input path that is a file is named as such (it used to say ".../messages.csv/messages.csv: file not found")', async () => {
    const input = fixture('base');
    await expect(ingest({ inputDir: join(input, 'messages.csv'), lakeDir: tempDir(), settings: CHICAGO })).rejects.toMatchObject({
      exitCode: 3,
      message: `${join(input, 'messages.csv')}: is a file; --input takes the export folder that holds it (e.g. --input ${input})`,
    });
  });

  it('a lake path that is a file is a clear error, not EEXIST', async () => {
    const lakeFile = join(tempDir(), 'lake');
    writeFileSync(lakeFile, 'x');
    await expect(ingest({ inputDir: fixture('base'), lakeDir: lakeFile, settings: CHICAGO })).rejects.toMatchObject({
      kind: 'usage',
      message: `${lakeFile}: the lake path is a file, not a folder; give --lake a folder (it is created if absent)`,
    });
  });
});
