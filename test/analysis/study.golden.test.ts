// Golden test of study.json on a hand-built export: every expected number is worked out by hand below.
// All times are UTC instants; June 2017 in Chicago is CDT (UTC-5), so 14:00Z is 09:00 local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { settingsWith, withLake } from '../helpers/analysis.ts';
import { exp, CUTOFF } from '../fixtures/golden/study.ts';

describe('study.json, June 2017 (hand-worked)', () => {
  let s: StudyResult;
  let sb: StudyResult;
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      s = await lake.study({ from: '2017-06', to: '2017-06', cutoff: CUTOFF });
      sb = await lake.study({
        from: '2017-06',
        to: '2017-06',
        cutoff: CUTOFF,
        settings: settingsWith({ business_hours: { study: true } }),
      });
    });
  });
  afterAll(() => undefined);

  it('records the period, cut-off, settings and engine', () => {
    expect(s).toMatchObject({
      kind: 'study',
      schema_version: 1,
      from: '2017-06',
      to: '2017-06',
      timezone: 'America/Chicago',
      data_cutoff: CUTOFF,
    });
    expect(s.settings).toMatchObject({
      timezone: 'America/Chicago',
      reply: { within_short_hours: 24, within_long_hours: 72, follow_up_hours: 72 },
    });
    expect(s.engine).toEqual({ name: 'duckdb', percentiles: 'exact' });
  });

  it('counts June messages by side and category: system, after-cut-off and July messages left out', () => {
    // Patient side: m101 m102 m201 m301 m401 m501 m601 m701 m801 m901 m1001 m1101 m1202 = 13.
    // Clinician side in local June: m103 m104 m202 m203 m302 m403 m502 m1201 m1203 m1302 = 10
    // (m1102 is July 1 local; m802 is after the cut-off; m402 is a system message).
    expect(s.years).toHaveLength(1);
    expect(s.years[0]!.year).toBe(2017);
    expect(s.years[0]!.messages).toEqual({
      patient_side: 13,
      clinician_side: 10,
      by_category: { 'physician/primary_care': 8, 'registered_nurse/specialty': 1, 'unknown/primary_care': 1 },
    });
  });

  it('counts active senders (a proxy is its own sender) and messages per sender', () => {
    const y = s.years[0]!;
    expect(y.active_patients).toBe(2); // P1 (12 messages) and PX (1)
    // mean (12+1)/2 = 6.5; median 6.5; p90 = 1 + 0.9 * (12 - 1) = 10.9
    expect(y.per_patient).toEqual({ mean: 6.5, median: 6.5, p90: 10.9 });
    expect(y.active_clinicians).toEqual({
      total: 3,
      by_category: { 'physician/primary_care': 1, 'registered_nurse/specialty': 1, 'unknown/primary_care': 1 },
    });
    expect(y.per_clinician['physician/primary_care']).toEqual({ mean: 8, median: 8, p90: 8 });
    expect(y.per_clinician['registered_nurse/specialty']).toEqual({ mean: 1, median: 1, p90: 1 });
  });

  it('pairs replies strictly later, follows them past the period and splits unanswered from pending at the cut-off', () => {
    // Answered (delay h): m101 3, m102 2, m201 1, m301 24, m401 48, m501 80, m1101 26, m1202 23 → N = 8.
    // Within 24 h: 3, 2, 1, 24, 23 → 5. Within 72 h: + 48, 26 → 7.
    // Unanswered: m601, m801, m901 (exactly 72 h); pending: m701, m1001.
    const r = s.response;
    expect(r.within_1d).toEqual({ n: 5, N: 8 });
    expect(r.within_3d).toEqual({ n: 7, N: 8 });
    expect(r.unanswered).toBe(3);
    expect(r.pending).toBe(2);
    // Sorted delays 1 2 3 23 24 26 48 80: median (23+24)/2; p90 at rank 0.9*7 = 6.3 → 48 + 0.3*32 = 57.6.
    expect(r.median_hours).toBe(23.5);
    expect(r.p90_hours).toBeCloseTo(57.6, 9);
  });

  it('gives the shares of all patient messages whose outcome is known: answered 8 + unanswered 3, pending in neither', () => {
    const r = s.response;
    expect(r.reply_rate).toEqual({ n: 8, N: 11 });
    expect(r.within_1d_of_all).toEqual({ n: 5, N: 11 });
    expect(r.within_3d_of_all).toEqual({ n: 7, N: 11 });
  });

  it('counts every message in the lake: system, after the cut-off and outside the range included', () => {
    expect(s.lake).toMatchObject({ messages: 27, loads: 1 });
  });

  it('credits each answered message to the category of the clinician who replied', () => {
    expect(s.response.by_category).toEqual({
      'physician/primary_care': { within_1d: { n: 3, N: 5 }, within_3d: { n: 4, N: 5 } }, // 3 2 48 80 23
      'registered_nurse/specialty': { within_1d: { n: 1, N: 2 }, within_3d: { n: 2, N: 2 } }, // 1 26
      'unknown/primary_care': { within_1d: { n: 1, N: 1 }, within_3d: { n: 1, N: 1 } }, // 24
    });
  });

  it('buckets the delays', () => {
    // [1,4): 1 2 3; [8,24): 23; [24,72): 24 26 48; [72,168): 80
    expect(s.response.delay_histogram!.map((b) => b.count)).toEqual([0, 3, 0, 1, 3, 1, 0]);
    expect(s.response.business_hours).toBeUndefined();
  });

  it('counts business hours (working window, Monday-Friday, wall clock) when the setting is on', () => {
    // Local: m101 Mon 09→12 = 3; m102 10→12 = 2; m201 Tue 09→10 = 1; m301 Wed 09→Thu 09 = 10;
    // m401 Fri 09→Sun 09 = 8; m501 Mon 09→Thu 17:00 = 8+10+10+10 = 38; m1101 Fri 08→Sat 10 = 9;
    // m1202 Tue 11→Wed 10 = 6+3 = 9. A business day is 10 h: within 1 day ≤ 10 h → 7; within 3 days ≤ 30 h → 7.
    // Sorted 1 2 3 8 9 9 10 38: median 8.5.
    // Of all: N = 8 answered + 3 unanswered = 11.
    expect(sb.response.business_hours).toEqual({
      within_1d: { n: 7, N: 8 },
      within_3d: { n: 7, N: 8 },
      within_1d_of_all: { n: 7, N: 11 },
      within_3d_of_all: { n: 7, N: 11 },
      median_hours: 8.5,
    });
    expect(sb.settings).toMatchObject({ business_hours: { study: true } });
  });

  it('counts clinician messages by local hour and window, by role', () => {
    // physician: local 12 (m103), 13 (m104), 9 (m202 m403 m1201 m1302), 17 (m502), 10 (m1203).
    const ph = s.time_of_day.by_role.physician!;
    const hours = new Array(24).fill(0);
    hours[9] = 4;
    hours[10] = 1;
    hours[12] = 1;
    hours[13] = 1;
    hours[17] = 1;
    expect(ph.hours).toEqual(hours);
    expect(ph.working).toEqual({ n: 7, N: 8 });
    expect(ph.evening).toEqual({ n: 1, N: 8 }); // 17:00 opens the evening window
    expect(ph.night).toEqual({ n: 0, N: 8 });
    expect(ph.weekend).toEqual({ n: 1, N: 8 }); // m403, Sunday June 11
    expect(s.time_of_day.by_role.registered_nurse!.working).toEqual({ n: 1, N: 1 });
    expect(s.time_of_day.by_role.unknown!.working).toEqual({ n: 1, N: 1 });
    expect(Object.keys(s.time_of_day.by_role).sort()).toEqual(['physician', 'registered_nurse', 'unknown']);
  });

  it('counts the threads started in June by rounds and starter', () => {
    // t1..t11: one turn or P/C = 1 round each (t2 is P C C, t4 P C once the system message is gone,
    // t8's reply is after the cut-off); t12 C P C = 2 rounds. t13 started in May.
    expect(s.threads).toEqual({
      le4_rounds: { n: 12, N: 12 },
      rounds: { '1': 11, '2': 1, '3': 0, '4': 0, '5+': 0 },
      by_starter: { patient: { le4_rounds: { n: 11, N: 11 } }, clinician: { le4_rounds: { n: 1, N: 1 } } },
    });
  });

  it('totals the loads', () => {
    expect(s.load).toEqual({ rows_read: 27, accepted: 27, duplicates: 0, quarantined: 0 });
  });

  it('has no growth over a single year', () => {
    expect(s.growth).toBeUndefined();
  });
});
