// Line numbers of quarantined rows: 1-based physical lines of the source file (CSV header = line 1), also
// when a quoted field holds a line break, with blank lines, CRLF endings and a byte-order mark; NDJSON too.
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../lib/ingest/index.ts';
import { CHICAGO, cleanup, exportDir, fixture, lakeMessages, MESSAGE_HEADER, quarantineRows, tempDir } from './helpers.ts';

afterAll(cleanup);

describe('line numbers', () => {
  it('counts physical lines across an embedded line break, a blank line and CRLF endings', async () => {
    const lake = tempDir();
    const s = await ingest({ inputDir: fixture('embedded-newline'), lakeDir: lake, settings: CHICAGO });
    const q = await quarantineRows(lake, s.load_id);
    expect(q.map((r) => [r.line, r.reason])).toEqual([
      [6, 'invalid sender_type'],
      [7, 'missing sender_id'],
    ]);
    const m2 = (await lakeMessages(lake)).find((r) => r.message_id === 'm2');
    expect(m2?.thread_id).toBe('thread\r\nwith newline');
    expect(s.rows_read).toBe(4);
  });

  it('keeps the quoted raw text of a quarantined row that spans lines', async () => {
    const lake = tempDir();
    const csv =
      `\uFEFF${MESSAGE_HEADER}\nm1,"two\nlines",2017-06-01T10:00:00Z,robot,p,p,d1\n` +
      `m2,t,2017-06-01T10:00:00Z,robot,p,p,d1\nm3,t,2017-06-01T10:00:00Z,patient,p,p,d1\n`;
    const s = await ingest({ inputDir: exportDir({ 'messages.csv': csv }), lakeDir: lake, settings: CHICAGO });
    const q = await quarantineRows(lake, s.load_id);
    expect(q.map((r) => [r.line, r.raw])).toEqual([
      [2, 'm1,"two\nlines",2017-06-01T10:00:00Z,robot,p,p,d1'],
      [4, 'm2,t,2017-06-01T10:00:00Z,robot,p,p,d1'],
    ]);
  });

  it('numbers NDJSON lines, keeps blank lines out of the count and quarantines invalid JSON per line', async () => {
    const lake = tempDir();
    const s = await ingest({ inputDir: fixture('ndjson'), lakeDir: lake, settings: CHICAGO });
    const q = await quarantineRows(lake, s.load_id);
    expect(q.filter((r) => r.table_name === 'messages').map((r) => [r.line, r.reason])).toEqual([
      [4, 'invalid JSON'],
      [5, 'not a JSON object'],
      [7, 'missing sender_id'],
    ]);
    expect(s).toMatchObject({ rows_read: 6, accepted: 3, quarantined: 3 });
    const rows = await lakeMessages(lake);
    // Keys are case-insensitive in NDJSON too.
    expect(rows.find((r) => r.message_id === 'm2')).toMatchObject({ sender_type: 'clinician', local_ts: '2017-06-01 10:00:00' });
  });

  it('finds the right line in a large file with a multi-line field near the end', async () => {
    const body = [MESSAGE_HEADER];
    for (let i = 0; i < 20000; i++) body.push(`m${i},t${i},2017-06-01T10:00:00Z,patient,p,p,d1`);
    body.push('x,"a\nb",2017-06-01T10:00:00Z,robot,p,p,d1', 'y,t,2017-06-01T10:00:00Z,robot,p,p,d1');
    const input = exportDir({});
    writeFileSync(`${input}/messages.csv`, body.join('\n') + '\n');
    const lake = tempDir();
    const s = await ingest({ inputDir: input, lakeDir: lake, settings: CHICAGO });
    expect((await quarantineRows(lake, s.load_id)).map((r) => r.line)).toEqual([20002, 20004]);
  });

  it('maps lines in a file where many records span lines (the long-map path)', async () => {
    const body = [MESSAGE_HEADER];
    for (let i = 0; i < 100; i++) body.push(`m${i},"thread\n${i}",2017-06-01T10:00:00Z,patient,p,p,d1`);
    body.push('', 'bad,t,2017-06-01T10:00:00Z,robot,p,p,d1');
    const input = exportDir({});
    writeFileSync(`${input}/messages.csv`, body.join('\n') + '\n');
    const lake = tempDir();
    const s = await ingest({ inputDir: input, lakeDir: lake, settings: CHICAGO });
    expect(s.accepted).toBe(100);
    // 1 header line + 100 records of 2 lines + 1 blank line, then the bad row.
    expect((await quarantineRows(lake, s.load_id)).map((r) => r.line)).toEqual([203]);
  });
});
