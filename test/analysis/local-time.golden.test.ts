// Local time: daylight-saving days (delays in calendar time, hours on the wall clock), weekends judged
// locally, window boundaries half-open, custom windows from the settings, naive wall-clock input.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { settingsWith, withLake } from '../helpers/analysis.ts';
import { exp } from '../fixtures/golden/local-time.ts';

describe('local time (hand-worked)', () => {
  let all: StudyResult, dst: StudyResult, june: StudyResult, custom: StudyResult;
  beforeAll(async () => {
    const s = settingsWith({ business_hours: { study: true } });
    await withLake(exp, async (lake) => {
      all = await lake.study({ from: '2017-03', to: '2017-11' });
      dst = await lake.study({ from: '2017-03', to: '2017-11', cutoff: '2017-06-01T00:00:00Z', settings: s });
      june = await lake.study({ from: '2017-06', to: '2017-06' });
      custom = await lake.study({
        from: '2017-06',
        to: '2017-06',
        settings: settingsWith({ windows: { working: { start: '07:00', end: '18:00' }, evening: { start: '18:00', end: '19:00' } } }),
      });
    });
  });

  it('measures delays across clock changes in calendar time', () => {
    // Delays 1 h, 0.5 h, 50 min, 70 min: sorted 0.5, 0.8333, 1, 1.1667 → median (0.8333 + 1) / 2.
    expect(all.response.within_1d).toEqual({ n: 4, N: 4 });
    expect(all.response.median_hours).toBeCloseTo((50 / 60 + 1) / 2, 5);
    expect(all.response.delay_histogram!.map((b) => b.count)).toEqual([2, 2, 0, 0, 0, 0, 0]);
  });

  it('ignores messages after an earlier cut-off (November is gone) and counts weekend business time as nothing', () => {
    // Cut-off June 1: only the March pairs remain, both on a Sunday: 0 business hours each.
    expect(dst.response.within_1d).toEqual({ n: 2, N: 2 });
    // Both answered, none unanswered: the shares of all have the same N.
    expect(dst.response.business_hours).toEqual({
      within_1d: { n: 2, N: 2 },
      within_3d: { n: 2, N: 2 },
      within_1d_of_all: { n: 2, N: 2 },
      within_3d_of_all: { n: 2, N: 2 },
      median_hours: 0,
    });
    expect(dst.data_cutoff).toBe('2017-06-01T00:00:00.000Z');
  });

  it('puts clinician messages in their wall-clock hour on clock-change days', () => {
    {
      const ph = all.time_of_day.by_role.physician!;
      // March: 03:30, 03:15 → hour 3; November: 01:20, 01:40 → hour 1 (+ the June messages).
      expect(ph.hours[3]).toBe(2);
      expect(ph.hours[1]).toBe(2);
      expect(ph.hours[2]).toBe(0);
    }
  });

  it('judges weekends locally and windows as half-open intervals', () => {
    const ph = june.time_of_day.by_role.physician!;
    // x1 22h, x2 23h, x3 16h, x4 17h, x5 18h, x6 19h, x7 6h, x8 7h.
    const hours = new Array(24).fill(0);
    for (const h of [22, 23, 16, 17, 18, 19, 6, 7]) hours[h] = 1;
    expect(ph.hours).toEqual(hours);
    expect(ph.working).toEqual({ n: 2, N: 8 });
    expect(ph.evening).toEqual({ n: 2, N: 8 });
    expect(ph.night).toEqual({ n: 4, N: 8 });
    expect(ph.weekend).toEqual({ n: 1, N: 8 });
  });

  it('takes the windows from the settings', () => {
    // Evening 18:00-19:00: only x5 (18:59).
    expect(custom.time_of_day.by_role.physician!.evening).toEqual({ n: 1, N: 8 });
    expect(custom.settings).toMatchObject({ windows: { evening: { start: '18:00', end: '19:00' } } });
  });

  it("gives an unknown clinician the role 'unknown' and the care setting of the message's department", () => {
    expect(june.years[0]!.messages.by_category).toEqual({ 'physician/primary_care': 8, 'unknown/specialty': 1 });
    expect(june.time_of_day.by_role.unknown!.working).toEqual({ n: 1, N: 1 });
  });
});
