// Golden test of the by-year figures of study.json (years[].response, years[].threads) and of time of day by
// clinician category, on a range that starts mid-year (2016-07 .. 2017-06). Every number is worked by hand.
// Chicago: CDT (UTC-5) from 13 March 2016 to 6 November 2016 and from 12 March 2017; CST (UTC-6) between.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { msg } from '../helpers/exports.ts';
import { withLake } from '../helpers/analysis.ts';
import type { TestExport } from '../helpers/lake.ts';

const P = 'patient',
  C = 'clinician';
const exp: TestExport = {
  departments: [
    { department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' },
    { department_id: 'D2', name: 'Cardiology', care_setting: 'specialty' },
  ],
  clinicians: [
    { clinician_id: 'C1', role: 'physician', department_id: 'D1' }, // physician/primary_care
    { clinician_id: 'C2', role: 'registered_nurse', department_id: 'D2' }, // registered_nurse/specialty
    { clinician_id: 'C3', role: 'physician', department_id: 'D2' }, // physician/specialty
  ],
  messages: [
    // D: started Thu 30 June 2016 09:00 CDT, before the range: neither its thread nor its patient message
    // counts; its reply (Fri 1 July 09:00) is a clinician message of the range.
    msg('d1', 'D', '2016-06-30T14:00:00Z', P),
    msg('d2', 'D', '2016-07-01T14:00:00Z', C),
    // A: Wed 6 July 2016 09:00 → 11:00: 2 h. P C: 1 round, patient-started.
    msg('a1', 'A', '2016-07-06T14:00:00Z', P),
    msg('a2', 'A', '2016-07-06T16:00:00Z', C),
    // C: started by a clinician (C2, Thu 1 Sep 09:00); the patient writes at 10:00, C3 replies Fri 16:00
    // (30 h); the patient writes again Sat 3 Sep and is never answered (unanswered). C P C P: 2 rounds.
    msg('c1', 'C', '2016-09-01T14:00:00Z', C, 'C2'),
    msg('c2', 'C', '2016-09-01T15:00:00Z', P),
    msg('c3', 'C', '2016-09-02T21:00:00Z', C, 'C3'),
    msg('c4', 'C', '2016-09-03T15:00:00Z', P),
    // B: the patient writes Sat 31 Dec 2016 23:30 CST (1 January in UTC): 2016's message and thread. Reply
    // Sun 1 Jan 2017 23:30 (exactly 24 h, a 2017 clinician message). The patient writes Tue 3 Jan 09:00
    // (2017's message), answered Sat 7 Jan 09:00 by an unknown clinician (96 h). P C P C: 2 rounds.
    msg('b1', 'B', '2017-01-01T05:30:00Z', P),
    msg('b2', 'B', '2017-01-02T05:30:00Z', C),
    msg('b3', 'B', '2017-01-03T15:00:00Z', P),
    msg('b4', 'B', '2017-01-07T15:00:00Z', C, 'CX'),
    // E: 1-5 March 2017 (Wed-Sun, CST), the patient at 09:00 and C2 at 10:00 each day: five 1 h replies,
    // 10 turns = 5 rounds.
    ...[1, 2, 3, 4, 5].flatMap((day) => [
      msg(`e${day}p`, 'E', `2017-03-0${day}T15:00:00Z`, P),
      msg(`e${day}c`, 'E', `2017-03-0${day}T16:00:00Z`, C, 'C2'),
    ]),
    // F: Thu 29 June 2017 23:00 CDT, no reply, 37 h before the cut-off: pending. 1 round.
    msg('f1', 'F', '2017-06-30T04:00:00Z', P),
    // H: 1 July 2017 local, after the range (but before the cut-off): in no figure of the study.
    msg('h1', 'H', '2017-07-01T10:00:00Z', P),
    msg('h2', 'H', '2017-07-01T11:00:00Z', C),
  ],
};
const CUTOFF = '2017-07-01T17:00:00.000Z';

describe('study.json by year, 2016-07 to 2017-06 (hand-worked)', () => {
  let s: StudyResult;
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      s = await lake.study({ from: '2016-07', to: '2017-06', cutoff: CUTOFF });
    });
  });

  it('lists each calendar year of the range, counting only its months in the range', () => {
    expect(s.years.map((y) => y.year)).toEqual([2016, 2017]);
    // 2016 patient side: a1 c2 c4 b1; 2017: b3 e1p..e5p f1.
    expect(s.years.map((y) => y.messages.patient_side)).toEqual([4, 7]);
  });

  it('gives each year its response figures: of answered and of all, unanswered, pending, median and p90', () => {
    // 2016: a1 2 h, b1 24 h (exactly: within 1 day), c2 30 h; c4 unanswered. Sorted 2 24 30: median 24,
    // p90 at rank 0.9 * 2 = 1.8 → 24 + 0.8 * 6 = 28.8.
    expect(s.years[0]!.response).toEqual({
      within_1d: { n: 2, N: 3 },
      within_3d: { n: 3, N: 3 },
      unanswered: 1,
      pending: 0,
      reply_rate: { n: 3, N: 4 },
      within_1d_of_all: { n: 2, N: 4 },
      within_3d_of_all: { n: 3, N: 4 },
      median_hours: 24,
      p90_hours: 28.8,
    });
    // 2017: five 1 h replies and b3 96 h (not within 3 days); f1 pending, in neither N. Sorted 1 1 1 1 1 96:
    // median 1, p90 at rank 4.5 → 1 + 0.5 * 95 = 48.5.
    expect(s.years[1]!.response).toEqual({
      within_1d: { n: 5, N: 6 },
      within_3d: { n: 5, N: 6 },
      unanswered: 0,
      pending: 1,
      reply_rate: { n: 6, N: 6 },
      within_1d_of_all: { n: 5, N: 6 },
      within_3d_of_all: { n: 5, N: 6 },
      median_hours: 1,
      p90_hours: 48.5,
    });
  });

  it('keeps the whole range consistent with its years (medians are not additive, counts are)', () => {
    // Sorted 1 1 1 1 1 2 24 30 96: median 1; p90 at rank 7.2 → 30 + 0.2 * 66 = 43.2.
    expect(s.response).toMatchObject({
      within_1d: { n: 7, N: 9 },
      within_3d: { n: 8, N: 9 },
      unanswered: 1,
      pending: 1,
      reply_rate: { n: 9, N: 10 },
      within_1d_of_all: { n: 7, N: 10 },
      within_3d_of_all: { n: 8, N: 10 },
      median_hours: 1,
    });
    expect(s.response.p90_hours).toBeCloseTo(43.2, 9);
  });

  it("gives each year the rounds of the threads it started, by starter (a thread is its first message's)", () => {
    // 2016: A 1 round, C 2 (clinician-started), B 2 (started 31 Dec local, its later turns in 2017). D is June's.
    expect(s.years[0]!.threads).toEqual({
      le4_rounds: { n: 3, N: 3 },
      rounds: { '1': 1, '2': 2, '3': 0, '4': 0, '5+': 0 },
      by_starter: { patient: { le4_rounds: { n: 2, N: 2 } }, clinician: { le4_rounds: { n: 1, N: 1 } } },
    });
    // 2017: E 5 rounds, F 1.
    expect(s.years[1]!.threads).toEqual({
      le4_rounds: { n: 1, N: 2 },
      rounds: { '1': 1, '2': 0, '3': 0, '4': 0, '5+': 1 },
      by_starter: { patient: { le4_rounds: { n: 1, N: 2 } }, clinician: { le4_rounds: { n: 0, N: 0 } } },
    });
    expect(s.threads.rounds).toEqual({ '1': 2, '2': 2, '3': 0, '4': 0, '5+': 1 });
    expect(s.threads.le4_rounds).toEqual({ n: 4, N: 5 });
  });

  it('gives time of day by clinician category beside by role', () => {
    const h = (entries: [number, number][]) => {
      const a = new Array<number>(24).fill(0);
      for (const [hour, n] of entries) a[hour] = n;
      return a;
    };
    // physician/primary_care (C1): d2 Fri 09:00, a2 Wed 11:00, b2 Sun 23:30 (night, weekend).
    // physician/specialty (C3): c3 Fri 16:00. registered_nurse/specialty (C2): c1 Thu 09:00 and the five
    // 10:00 replies of 1-5 March (Saturday and Sunday among them). unknown/primary_care (CX in D1): b4 Sat 09:00.
    expect(s.time_of_day.by_category).toEqual({
      'physician/primary_care': {
        hours: h([
          [9, 1],
          [11, 1],
          [23, 1],
        ]),
        working: { n: 2, N: 3 },
        evening: { n: 0, N: 3 },
        night: { n: 1, N: 3 },
        weekend: { n: 1, N: 3 },
      },
      'physician/specialty': {
        hours: h([[16, 1]]),
        working: { n: 1, N: 1 },
        evening: { n: 0, N: 1 },
        night: { n: 0, N: 1 },
        weekend: { n: 0, N: 1 },
      },
      'registered_nurse/specialty': {
        hours: h([
          [9, 1],
          [10, 5],
        ]),
        working: { n: 6, N: 6 },
        evening: { n: 0, N: 6 },
        night: { n: 0, N: 6 },
        weekend: { n: 2, N: 6 },
      },
      'unknown/primary_care': {
        hours: h([[9, 1]]),
        working: { n: 1, N: 1 },
        evening: { n: 0, N: 1 },
        night: { n: 0, N: 1 },
        weekend: { n: 1, N: 1 },
      },
    });
    // By role the two physician categories add up.
    expect(s.time_of_day.by_role.physician).toEqual({
      hours: h([
        [9, 1],
        [11, 1],
        [16, 1],
        [23, 1],
      ]),
      working: { n: 3, N: 4 },
      evening: { n: 0, N: 4 },
      night: { n: 1, N: 4 },
      weekend: { n: 1, N: 4 },
    });
  });
});
