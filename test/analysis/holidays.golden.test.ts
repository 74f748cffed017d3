// Holidays in the business clock (settings.business_hours.holidays), hand-worked, in monthly.json and
// study.json. Working window 07:00-17:00 (10 h = one business day). July 2017 in Chicago is CDT (UTC-5);
// Tuesday 4 July is the holiday; Saturday 8 July is listed too and changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { msg } from '../helpers/exports.ts';
import { settingsWith, withLake } from '../helpers/analysis.ts';
import type { TestExport } from '../helpers/lake.ts';

const P = 'patient',
  C = 'clinician';
const exp: TestExport = {
  departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
  clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
  messages: [
    // a: Mon 3 July 16:00 → Wed 5 July 08:00. Business: Mon 16-17 (1 h) + the holiday (0) + Wed 07-08 (1 h) = 2 h;
    // without the holiday 1 + 10 + 1 = 12 h, more than one business day.
    msg('a1', 'a', '2017-07-03T21:00:00Z', P),
    msg('a2', 'a', '2017-07-05T13:00:00Z', C),
    // b: on the holiday, Tue 4 July 10:00 → 12:00: 0 business hours (2 h without the holiday).
    msg('b1', 'b', '2017-07-04T15:00:00Z', P),
    msg('b2', 'b', '2017-07-04T17:00:00Z', C),
    // c: Fri 7 July 16:00 → Mon 10 July 08:00: 1 + 1 = 2 h, with or without the Saturday holiday.
    msg('c1', 'c', '2017-07-07T21:00:00Z', P),
    msg('c2', 'c', '2017-07-10T13:00:00Z', C),
    // d: Mon 10 July 09:00 → 11:00: 2 h, no holiday in between.
    msg('d1', 'd', '2017-07-10T14:00:00Z', P),
    msg('d2', 'd', '2017-07-10T16:00:00Z', C),
    // e: Tue 11 July, never answered: unanswered at the cut-off.
    msg('e1', 'e', '2017-07-11T14:00:00Z', P),
  ],
};
const CUTOFF = '2017-08-10T00:00:00.000Z';
const HOLIDAYS = ['2016-12-26', '2017-07-04', '2017-07-08'];

describe('holidays in the business clock (hand-worked)', () => {
  let withHolidays: MonthlyResult;
  let without: MonthlyResult;
  let study: StudyResult;
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      withHolidays = await lake.monthly({
        month: '2017-07',
        cutoff: CUTOFF,
        settings: settingsWith({ business_hours: { holidays: HOLIDAYS } }),
      });
      without = await lake.monthly({ month: '2017-07', cutoff: CUTOFF });
      study = await lake.study({
        from: '2017-07',
        to: '2017-07',
        cutoff: CUTOFF,
        settings: settingsWith({ business_hours: { study: true, holidays: HOLIDAYS } }),
      });
    });
  });

  it('skips a weekday holiday: the delay across it and a message sent on it', () => {
    // Business delays a 2, b 0, c 2, d 2: all within one business day (10 h); of all: + e unanswered.
    // Sorted 0 2 2 2: median 2.
    expect(withHolidays.organisation.response.business_hours).toEqual({
      within_1d: { n: 4, N: 4 },
      within_3d: { n: 4, N: 4 },
      within_1d_of_all: { n: 4, N: 5 },
      within_3d_of_all: { n: 4, N: 5 },
      median_hours: 2,
    });
    // Without holidays: a 12 (over 10 h), b 2, c 2, d 2 → within 1 day 3 of 4; sorted 2 2 2 12: median 2.
    expect(without.organisation.response.business_hours).toEqual({
      within_1d: { n: 3, N: 4 },
      within_3d: { n: 4, N: 4 },
      within_1d_of_all: { n: 3, N: 5 },
      within_3d_of_all: { n: 4, N: 5 },
      median_hours: 2,
    });
  });

  it('leaves calendar delays alone', () => {
    expect(withHolidays.organisation.response.within_1d).toEqual(without.organisation.response.within_1d);
    expect(withHolidays.organisation.response.median_hours).toBe(without.organisation.response.median_hours);
  });

  it('applies in the study too, and records the holidays it used', () => {
    expect(study.response.business_hours).toEqual(withHolidays.organisation.response.business_hours);
    expect(study.years[0]!.response.business_hours).toEqual(withHolidays.organisation.response.business_hours);
    expect(study.settings).toMatchObject({ business_hours: { holidays: HOLIDAYS } });
  });
});
