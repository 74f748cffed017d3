// Golden test of monthly.json: organisation and departments, comparisons and trend, worked out by hand.
// Chicago is CDT (UTC-5) in June and May, CST (UTC-6) in December.
import { beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { withLake } from '../helpers/analysis.ts';
import { exp, CUTOFF } from '../fixtures/golden/monthly.ts';

describe('monthly.json, June 2017 (hand-worked)', () => {
  let m: MonthlyResult;
  let first: MonthlyResult;
  let errors: { empty: unknown; format: unknown };
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      m = await lake.monthly({ month: '2017-06', cutoff: CUTOFF });
      first = await lake.monthly({ month: '2016-06', cutoff: CUTOFF });
      errors = {
        empty: await lake.monthly({ month: '2015-03' }).catch((e: unknown) => e),
        format: await lake.monthly({ month: '2017-6' }).catch((e: unknown) => e),
      };
    });
  });

  it('records the month, cut-off and settings', () => {
    expect(m).toMatchObject({ kind: 'monthly', schema_version: 1, month: '2017-06', timezone: 'America/Chicago', data_cutoff: CUTOFF });
    expect(m.settings).toMatchObject({ business_hours: { monthly: true } });
  });

  it('says whether the month is complete: 72 h after its last local instant (June ends 05:00 UTC on 1 July)', () => {
    // Cut-off 2017-07-02 00:00 UTC is 19 h after June's end: preliminary. June 2016 is long complete.
    expect(m).toMatchObject({ preliminary: true, complete_at: '2017-07-04T04:59:59.999Z' });
    expect(first).toMatchObject({ preliminary: false, complete_at: '2016-07-04T04:59:59.999Z' });
  });

  it('counts the messages in the lake, whatever the month and the cut-off', () => {
    expect(m.lake).toMatchObject({ messages: 21, loads: 1 });
    expect(first.lake).toEqual(m.lake);
  });

  it('has a section for every department, named, with zeros where there was nothing', () => {
    expect(Object.keys(m.departments)).toEqual(['D1', 'D2', 'D3', 'D9']);
    expect(m.departments.D1).toMatchObject({ name: 'Family Medicine', care_setting: 'primary_care' });
    expect(m.departments.D3).toMatchObject({
      name: 'Dermatology',
      care_setting: 'specialty',
      messages: { patient_side: 0, clinician_side: 0, by_category: {} },
    });
    expect(m.departments.D3!.response).toMatchObject({ within_1d: { n: 0, N: 0 }, median_hours: null });
    expect(m.departments.D9!.name).toBeUndefined();
  });

  it('counts messages by the department written in each message', () => {
    // D1 patient: a1 b1 f1 g1; clinician: a2 b2 d2 e1 j2. D2: c1 d1 / c2. D9: h1.
    expect(m.departments.D1!.messages).toEqual({ patient_side: 4, clinician_side: 5, by_category: { 'physician/primary_care': 5 } });
    expect(m.departments.D2!.messages).toEqual({ patient_side: 2, clinician_side: 1, by_category: { 'np_pa/specialty': 1 } });
    expect(m.departments.D9!.messages).toEqual({ patient_side: 1, clinician_side: 0, by_category: {} });
    expect(m.organisation.messages).toEqual({
      patient_side: 7,
      clinician_side: 6,
      by_category: { 'np_pa/specialty': 1, 'physician/primary_care': 5 },
    });
  });

  it('counts active senders per department and distinct over the organisation', () => {
    expect([
      m.departments.D1!.active_patients,
      m.departments.D2!.active_patients,
      m.departments.D9!.active_patients,
      m.organisation.active_patients,
    ]).toEqual([2, 1, 1, 4]);
    expect(m.departments.D1!.active_clinicians).toEqual({ total: 1, by_category: { 'physician/primary_care': 1 } });
    expect(m.organisation.active_clinicians).toEqual({ total: 2, by_category: { 'np_pa/specialty': 1, 'physician/primary_care': 1 } });
  });

  it('computes after-hours shares and the hour histogram from local time', () => {
    // D1 clinician: a2 Mon 10:00, b2 Mon 08:00, d2 20:00 (night), e1 Sat 10:00 (weekend), j2 Thu 09:00.
    expect(m.departments.D1!.after_hours).toEqual({ evening: { n: 0, N: 5 }, night: { n: 1, N: 5 }, weekend: { n: 1, N: 5 } });
    expect(m.departments.D2!.after_hours).toEqual({ evening: { n: 1, N: 1 }, night: { n: 0, N: 1 }, weekend: { n: 0, N: 1 } });
    expect(m.organisation.after_hours).toEqual({ evening: { n: 1, N: 6 }, night: { n: 1, N: 6 }, weekend: { n: 1, N: 6 } });
    const h = new Array(24).fill(0);
    h[8] = 1;
    h[9] = 1;
    h[10] = 2;
    h[18] = 1;
    h[20] = 1;
    expect(m.organisation.clinician_hours).toEqual(h);
    expect(m.departments.D2!.clinician_hours![18]).toBe(1);
  });

  it('computes replies per department of the patient message, in calendar and business hours', () => {
    // D1: a 1 h, b 64 h; f1 pending, g1 unanswered. Business: 1, 2.
    // Of all: N = answered 2 + unanswered 1 (g1); f1 is pending and in neither.
    expect(m.departments.D1!.response).toEqual({
      within_1d: { n: 1, N: 2 },
      within_3d: { n: 2, N: 2 },
      unanswered: 1,
      pending: 1,
      median_hours: 32.5,
      reply_rate: { n: 2, N: 3 },
      within_1d_of_all: { n: 1, N: 3 },
      within_3d_of_all: { n: 2, N: 3 },
      business_hours: {
        within_1d: { n: 2, N: 2 },
        within_3d: { n: 2, N: 2 },
        within_1d_of_all: { n: 2, N: 3 },
        within_3d_of_all: { n: 2, N: 3 },
        median_hours: 1.5,
      },
    });
    // D2: c 9.5 h, d 10 h (replied from D1, still D2's patient message). Business: 8, 7.
    expect(m.departments.D2!.response).toEqual({
      within_1d: { n: 2, N: 2 },
      within_3d: { n: 2, N: 2 },
      unanswered: 0,
      pending: 0,
      median_hours: 9.75,
      reply_rate: { n: 2, N: 2 },
      within_1d_of_all: { n: 2, N: 2 },
      within_3d_of_all: { n: 2, N: 2 },
      business_hours: {
        within_1d: { n: 2, N: 2 },
        within_3d: { n: 2, N: 2 },
        within_1d_of_all: { n: 2, N: 2 },
        within_3d_of_all: { n: 2, N: 2 },
        median_hours: 7.5,
      },
    });
    // D9: its one patient message is unanswered: nothing answered, a reply rate of 0 of 1.
    expect(m.departments.D9!.response).toMatchObject({
      within_1d: { n: 0, N: 0 },
      unanswered: 1,
      pending: 0,
      median_hours: null,
      reply_rate: { n: 0, N: 1 },
      within_1d_of_all: { n: 0, N: 1 },
      within_3d_of_all: { n: 0, N: 1 },
    });
    // Organisation: 1, 64, 9.5, 10 → median 9.75; business 1, 2, 8, 7 → 4.5.
    // Of all: answered 4 + unanswered 2 (g1, h1) = 6; f1 pending.
    expect(m.organisation.response).toEqual({
      within_1d: { n: 3, N: 4 },
      within_3d: { n: 4, N: 4 },
      unanswered: 2,
      pending: 1,
      median_hours: 9.75,
      reply_rate: { n: 4, N: 6 },
      within_1d_of_all: { n: 3, N: 6 },
      within_3d_of_all: { n: 4, N: 6 },
      business_hours: {
        within_1d: { n: 4, N: 4 },
        within_3d: { n: 4, N: 4 },
        within_1d_of_all: { n: 4, N: 6 },
        within_3d_of_all: { n: 4, N: 6 },
        median_hours: 4.5,
      },
    });
  });

  it("gives threads to their first message's department and month", () => {
    // June threads: D1 a b e f g; D2 c d (d's reply was written in D1); D9 h. j started in May.
    expect(m.departments.D1!.threads.le4_rounds).toEqual({ n: 5, N: 5 });
    expect(m.departments.D2!.threads.le4_rounds).toEqual({ n: 2, N: 2 });
    expect(m.organisation.threads.le4_rounds).toEqual({ n: 8, N: 8 });
  });

  it('compares with the previous month and the same month a year before', () => {
    const prev = m.previous_month!;
    expect(prev.month).toBe('2017-05');
    expect(prev.organisation.messages).toEqual({ patient_side: 2, clinician_side: 1, by_category: { 'physician/primary_care': 1 } });
    // May's replies: i 2 h, j 13 h (its reply in June is followed).
    expect(prev.organisation.response).toMatchObject({ within_1d: { n: 2, N: 2 }, median_hours: 7.5, unanswered: 0, pending: 0 });
    expect(prev.organisation.threads.le4_rounds).toEqual({ n: 2, N: 2 });
    expect(Object.keys(prev.departments)).toEqual(['D1', 'D2', 'D3', 'D9']);
    expect(prev.departments.D2!.messages.patient_side).toBe(0);
    const ly = m.same_month_last_year!;
    expect(ly.month).toBe('2016-06');
    expect(ly.organisation.response).toMatchObject({
      within_1d: { n: 1, N: 1 },
      within_3d: { n: 1, N: 1 },
      unanswered: 1,
      median_hours: 24,
    });
    expect(ly.departments.D2!.response.unanswered).toBe(1);
  });

  it('carries the trailing 12 months of headline figures', () => {
    const t = m.trend!.organisation;
    expect(t.map((p) => p.month)).toEqual([
      '2016-07',
      '2016-08',
      '2016-09',
      '2016-10',
      '2016-11',
      '2016-12',
      '2017-01',
      '2017-02',
      '2017-03',
      '2017-04',
      '2017-05',
      '2017-06',
    ]);
    const none = { n: 0, N: 0 };
    const one = { n: 1, N: 1 };
    expect(t[0]).toEqual({
      month: '2016-07',
      patient_side: 0,
      clinician_side: 0,
      within_1d: none,
      within_3d: none,
      median_hours: null,
      reply_rate: none,
      within_1d_of_all: none,
      within_3d_of_all: none,
      unanswered: 0,
      pending: 0,
      business_hours: { within_1d: none, within_3d: none, within_1d_of_all: none, within_3d_of_all: none, median_hours: null },
    });
    // k: Monday 5 December 09:00 CST, replied 10:00: 1 h, also in business hours.
    expect(t[5]).toEqual({
      month: '2016-12',
      patient_side: 1,
      clinician_side: 1,
      within_1d: one,
      within_3d: one,
      median_hours: 1,
      reply_rate: one,
      within_1d_of_all: one,
      within_3d_of_all: one,
      unanswered: 0,
      pending: 0,
      business_hours: { within_1d: one, within_3d: one, within_1d_of_all: one, within_3d_of_all: one, median_hours: 1 },
    });
    expect(t[11]).toEqual({
      month: '2017-06',
      patient_side: 7,
      clinician_side: 6,
      within_1d: { n: 3, N: 4 },
      within_3d: { n: 4, N: 4 },
      median_hours: 9.75,
      reply_rate: { n: 4, N: 6 },
      within_1d_of_all: { n: 3, N: 6 },
      within_3d_of_all: { n: 4, N: 6 },
      unanswered: 2,
      pending: 1,
      business_hours: {
        within_1d: { n: 4, N: 4 },
        within_3d: { n: 4, N: 4 },
        within_1d_of_all: { n: 4, N: 6 },
        within_3d_of_all: { n: 4, N: 6 },
        median_hours: 4.5,
      },
    });
    expect(m.trend!.departments.D2![5]!.patient_side).toBe(1);
    expect(m.trend!.departments.D1![10]).toMatchObject({ month: '2017-05', patient_side: 2, median_hours: 7.5 });
  });

  it('leaves out comparisons and trend months from before the data', () => {
    expect(first.previous_month).toBeUndefined();
    expect(first.same_month_last_year).toBeUndefined();
    expect(first.trend!.organisation.map((p) => p.month)).toEqual(['2016-06']);
  });

  it('explains a month without data and a badly written month', () => {
    expect(errors.empty).toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/no messages in 2015-03: the lake holds messages from 2016-06 to 2017-06/),
    });
    expect(errors.format).toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/--month '2017-6' is not a month: use YYYY-MM/),
    });
  });
});
