// Local time: daylight-saving days (delays in calendar time, hours on the wall clock), weekends judged
// locally, window boundaries half-open, custom windows from the settings, naive wall-clock input.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { msg } from '../helpers/exports.ts';
import { settingsWith, withLake } from '../helpers/analysis.ts';
import type { TestExport } from '../helpers/lake.ts';

const P = 'patient', C = 'clinician';
const exp: TestExport = {
  departments: [
    { department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' },
    { department_id: 'D2', name: 'Oncology', care_setting: 'specialty' },
  ],
  clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
  messages: [
    // Spring forward, Sunday 2017-03-12: 02:00 CST → 03:00 CDT.
    msg('s1', 's', '2017-03-12T07:30:00Z', P), // 01:30 CST
    msg('s2', 's', '2017-03-12T08:30:00Z', C), // 03:30 CDT: 1 h later (2 h on the wall clock)
    msg('w1', 'w', '2017-03-12T01:45:00', P), // naive wall clock: 07:45Z
    msg('w2', 'w', '2017-03-12T03:15:00', C), // naive: 08:15Z → 0.5 h
    // Fall back, Sunday 2017-11-05: 02:00 CDT → 01:00 CST.
    msg('f1', 'f', '2017-11-05T06:30:00Z', P), // 01:30 CDT
    msg('f2', 'f', '2017-11-05T07:20:00Z', C), // 01:20 CST: earlier on the wall clock, 50 min later in fact
    msg('r1', 'r', '2017-11-05T01:30:00', P), // naive, repeated hour: the earlier offset (CDT) → 06:30Z
    msg('r2', 'r', '2017-11-05T07:40:00Z', C), // 01:40 CST → 70 min
    // June 2017 (CDT): weekend judged locally, half-open windows.
    msg('x1', 'x', '2017-06-10T03:00:00Z', C), // Fri 22:00 local (Saturday in UTC): night, not weekend
    msg('x2', 'x', '2017-06-12T04:30:00Z', C), // Sun 23:30 local (Monday in UTC): night and weekend
    msg('x3', 'x', '2017-06-13T21:59:00Z', C), // 16:59 working
    msg('x4', 'x', '2017-06-13T22:00:00Z', C), // 17:00 evening
    msg('x5', 'x', '2017-06-13T23:59:00Z', C), // 18:59 evening
    msg('x6', 'x', '2017-06-14T00:00:00Z', C), // 19:00 night
    msg('x7', 'x', '2017-06-14T11:59:00Z', C), // 06:59 night
    msg('x8', 'x', '2017-06-14T12:00:00Z', C), // 07:00 working
    // A clinician missing from the roster writing in a specialty department: unknown/specialty.
    msg('u1', 'u', '2017-06-14T15:00:00Z', C, 'CX', { department_id: 'D2' }),
  ],
};

describe('local time (hand-worked)', () => {
  let all: StudyResult, dst: StudyResult, june: StudyResult, custom: StudyResult;
  beforeAll(async () => {
    const s = settingsWith({ business_hours: { study: true } });
    await withLake(exp, async (lake) => {
      all = await lake.study({ from: '2017-03', to: '2017-11' });
      dst = await lake.study({ from: '2017-03', to: '2017-11', cutoff: '2017-06-01T00:00:00Z', settings: s });
      june = await lake.study({ from: '2017-06', to: '2017-06' });
      custom = await lake.study({ from: '2017-06', to: '2017-06', settings: settingsWith({ windows: { working: { start: '07:00', end: '18:00' }, evening: { start: '18:00', end: '19:00' } } }) });
    });
  });

  it('measures delays across clock changes in calendar time', () => {
    {
      // Delays 1 h, 0.5 h, 50 min, 70 min: sorted 0.5, 0.8333, 1, 1.1667 → median (0.8333 + 1) / 2.
      expect(all.response.within_1d).toEqual({ n: 4, N: 4 });
      expect(all.response.median_hours).toBeCloseTo((50 / 60 + 1) / 2, 5);
      expect(all.response.delay_histogram!.map((b) => b.count)).toEqual([2, 2, 0, 0, 0, 0, 0]);
    }
  });

  it('ignores messages after an earlier cut-off (November is gone) and counts weekend business time as nothing', () => {
    // Cut-off June 1: only the March pairs remain, both on a Sunday: 0 business hours each.
    expect(dst.response.within_1d).toEqual({ n: 2, N: 2 });
    // Both answered, none unanswered: the shares of all have the same N.
    expect(dst.response.business_hours).toEqual({
      within_1d: { n: 2, N: 2 }, within_3d: { n: 2, N: 2 }, within_1d_of_all: { n: 2, N: 2 }, within_3d_of_all: { n: 2, N: 2 }, median_hours: 0,
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
