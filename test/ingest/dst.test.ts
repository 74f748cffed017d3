// America/Chicago clock changes of 2017: spring forward at 02:00 on 12 March (02:00-02:59 does not exist),
// fall back at 02:00 on 5 November (01:00-01:59 happens twice). Resolved as java.time does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, type LoadSummary } from '../../lib/ingest/index.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { CHICAGO, cleanup, exportDir, fixture, lakeMessages, messagesCsv, tempDir } from './helpers.ts';

let summary: LoadSummary;
let rows: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  const lake = tempDir();
  summary = await ingest({ inputDir: fixture('dst-chicago'), lakeDir: lake, settings: CHICAGO });
  rows = Object.fromEntries((await lakeMessages(lake)).map((r) => [String(r.message_id), r]));
});
afterAll(cleanup);

describe('daylight saving in America/Chicago', () => {
  it('moves a wall-clock time in the spring-forward gap forward by the gap (02:30 -> 03:30 CDT)', () => {
    expect(rows['spring-gap']).toMatchObject({ sent_at: '2017-03-12 08:30:00+00', local_ts: '2017-03-12 03:30:00', local_hour: 3 });
    expect(rows['spring-before']).toMatchObject({ sent_at: '2017-03-12 07:59:00+00', local_ts: '2017-03-12 01:59:00' });
    expect(rows['spring-after']).toMatchObject({ sent_at: '2017-03-12 08:00:00+00', local_ts: '2017-03-12 03:00:00' });
  });

  it('gives a repeated fall-back wall-clock time the earlier offset (01:30 -> 01:30 CDT, -05:00)', () => {
    expect(rows['fall-repeat']).toMatchObject({ sent_at: '2017-11-05 06:30:00+00', local_ts: '2017-11-05 01:30:00', local_hour: 1 });
    // The second 01:30, written with its offset, is an hour later and shows the same local time.
    expect(rows['fall-repeat-second']).toMatchObject({ sent_at: '2017-11-05 07:30:00+00', local_ts: '2017-11-05 01:30:00' });
    expect(rows['fall-before']).toMatchObject({ sent_at: '2017-11-05 05:59:00+00' });
    expect(rows['fall-after']).toMatchObject({ sent_at: '2017-11-05 08:00:00+00', local_ts: '2017-11-05 02:00:00' });
  });

  it('counts both in the load summary', () => {
    expect(summary.dst).toEqual({ repeated: 1, skipped: 1 });
    expect(summary.quarantined).toBe(0);
  });

  it('partitions by LOCAL year and month (23:30 on 31 December is 2017-12 although it is 2018 in UTC)', () => {
    expect(rows['new-year']).toMatchObject({
      sent_at: '2018-01-01 05:30:00+00',
      local_date: '2017-12-31',
      year: 2017,
      month: 12,
      local_iso_dow: 7,
    });
  });

  it('uses the site time zone from the settings', async () => {
    const lake = tempDir();
    await ingest({
      inputDir: exportDir({
        'messages.csv': messagesCsv('ny,t,2017-03-12T02:30:00,patient,p,p,d1', 'z,t,2017-06-01T12:00:00Z,patient,p,p,d1'),
      }),
      lakeDir: lake,
      settings: resolveSettings({ timezone: 'America/New_York' }),
    });
    const r = await lakeMessages(lake);
    expect(r[0]).toMatchObject({ message_id: 'ny', sent_at: '2017-03-12 07:30:00+00', local_ts: '2017-03-12 03:30:00' });
    expect(r[1]).toMatchObject({ local_ts: '2017-06-01 08:00:00', local_hour: 8, local_minute_of_day: 480 });
  });
});
