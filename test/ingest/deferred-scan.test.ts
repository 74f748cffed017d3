// A big messages.csv (16 MiB or more) is scanned while DuckDB reads it, not before the lake is opened. These
// tests make such files and check that the load behaves as if the scan had come first: a file problem found
// late in the file is still the load's error (before a held lock's), nothing is loaded, and a record that
// spans lines (found only at the end of the scan) still gets every row its true line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { acquireLock } from '../../lib/ingest/lock.ts';
import { CHICAGO, cleanup, exportDir, lakeMessages, MESSAGE_HEADER, query, tempDir } from './helpers.ts';

afterAll(cleanup);

/** About 17 MiB of valid rows (one thread per 40 messages), then `tail` (whole lines, each ending in \n). */
function bigCsv(tail: Buffer | string = ''): Buffer {
  const rows: string[] = [MESSAGE_HEADER];
  for (let i = 0, bytes = 0; bytes < 17 << 20; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push(`m${i},t${Math.floor(i / 40)},2017-06-${day}T10:00:00Z,patient,p${i % 500},p${i % 500},d1`);
    bytes += rows[rows.length - 1]!.length + 1;
  }
  const body = Buffer.from(rows.join('\n') + '\n');
  expect(body.length).toBeGreaterThanOrEqual(16 << 20);
  return Buffer.concat([body, Buffer.from(tail)]);
}

const lineCount = (b: Buffer) => b.toString('latin1').split('\n').length - 1;

describe('a big messages.csv, scanned while it is read', () => {
  it('invalid UTF-8 near the end is the load error (with its line); nothing is loaded', async () => {
    const good = bigCsv();
    const csv = Buffer.concat([good, Buffer.from('mx,tx,2017-06-01T10:00:00Z,patient,Jos'), Buffer.from([0xe9]), Buffer.from(',p,d1\n')]);
    const lake = tempDir();
    await expect(ingest({ inputDir: exportDir({ 'messages.csv': csv }), lakeDir: lake, settings: CHICAGO })).rejects.toThrow(
      new RegExp(`messages\\.csv, line ${lineCount(good) + 1}: is not valid UTF-8`),
    );
    expect(existsSync(join(lake, 'lake.json'))).toBe(false);
    expect(existsSync(join(lake, 'messages'))).toBe(false);
    expect(existsSync(join(lake, '.staging'))).toBe(false);
  }, 120_000);

  it('a file problem wins over a lock held by another load, as when the scan came first', async () => {
    const csv = Buffer.concat([bigCsv(), Buffer.from('mx,tx,"never closed,patient,p,p,d1\n')]);
    const lake = tempDir();
    const release = acquireLock(lake);
    try {
      await expect(ingest({ inputDir: exportDir({ 'messages.csv': csv }), lakeDir: lake, settings: CHICAGO })).rejects.toThrow(
        /messages\.csv, line \d+: this record has a quoted field that is never closed/,
      );
      // The same lock with a sound file: the lock is the error.
      await expect(ingest({ inputDir: exportDir({ 'messages.csv': bigCsv() }), lakeDir: lake, settings: CHICAGO })).rejects.toThrow(
        /another load is running/,
      );
    } finally {
      release();
    }
  }, 120_000);

  it('a record spanning lines: read again one record at a time, every line number right', async () => {
    const good = bigCsv();
    const n = lineCount(good); // lines of the header and the generated rows
    const tail = 'q1,tq,2017-06-02T10:00:00Z,patient,"two\nlines",pq,d1\n' + 'q2,tq,2017-06-02T11:00:00Z,robot,pq,pq,d1\n';
    const csv = Buffer.concat([good, Buffer.from(tail)]);
    const lake = tempDir();
    const s = await ingest({ inputDir: exportDir({ 'messages.csv': csv }), lakeDir: lake, settings: CHICAGO });
    expect(s.rows_read).toBe(n - 1 + 2);
    expect(s.accepted).toBe(n - 1 + 1);
    expect(s.by_reason).toEqual({ 'invalid sender_type': 1 });
    const q = await query(`SELECT line, reason FROM read_parquet('${lake}/quarantine/*.parquet')`);
    // q1 starts on line n + 1 and spans two lines, so q2 is on line n + 3.
    expect(q.map((r) => ({ line: Number(r.line), reason: r.reason }))).toEqual([{ line: n + 3, reason: 'invalid sender_type' }]);
    const [q1] = await lakeMessages(lake, `message_id = 'q1'`);
    expect(q1?.sender_id).toBe('two\nlines');
  }, 120_000);
});
