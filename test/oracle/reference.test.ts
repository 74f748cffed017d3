// The oracle checked against the worked examples of metrics.md, with every expected number worked out by hand
// here. If the oracle is wrong, the property test is worthless: these keep it honest.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';
import { businessHoursBetween } from './business-hours.ts';
import { localParts, naiveLocalString, resolveWallClock } from './local-time.ts';
import {
  referenceMonthly,
  referenceStudy,
  type RefClinician,
  type RefDepartment,
  type RefMessage,
  type ReferenceInput,
  type SenderType,
} from './reference.ts';
import { quantileCont } from './stats.ts';

const S: Settings = DEFAULT_SETTINGS;
const H = 3_600_000;

const departments: RefDepartment[] = [
  { department_id: 'PC1', name: 'Family Medicine', care_setting: 'primary_care', lead_emails: '' },
  { department_id: 'SP1', name: 'Cardiology', care_setting: 'specialty', lead_emails: '' },
];
const clinicians: RefClinician[] = [
  { clinician_id: 'doc', role: 'physician', department_id: 'PC1' },
  { clinician_id: 'rn', role: 'registered_nurse', department_id: 'SP1' },
  { clinician_id: 'np', role: 'np_pa', department_id: 'PC1' },
];

const TYPE: Record<string, SenderType> = { P: 'patient', X: 'proxy', C: 'clinician', S: 'system' };

/** A message: `kind` P/X/C/S, `at` an absolute ISO instant; sender defaults per kind. */
function m(
  id: string,
  thread: string,
  at: string,
  kind: 'P' | 'X' | 'C' | 'S',
  sender?: string,
  dept = 'PC1',
  patient = 'pat1',
): RefMessage {
  const sender_type = TYPE[kind]!;
  const sender_id = kind === 'S' ? null : (sender ?? (kind === 'C' ? 'doc' : kind === 'X' ? 'proxy1' : patient));
  return { message_id: id, thread_id: thread, sent_at: Date.parse(at), sender_type, sender_id, patient_id: patient, department_id: dept };
}

function input(messages: RefMessage[]): ReferenceInput {
  return { messages, clinicians, departments };
}

/** A thread whose sides follow `sides` (e.g. "PPCCPC"), one hour apart from `start`. */
function threadOf(name: string, sides: string, start = '2021-06-01T15:00:00Z'): RefMessage[] {
  return [...sides].map((k, i) => m(`${name}-${i}`, name, new Date(Date.parse(start) + i * H).toISOString(), k as 'P' | 'C'));
}

describe('oracle: local time', () => {
  it('resolves naive wall-clock times as metrics.md says', () => {
    const tz = 'America/Chicago';
    // Skipped (spring forward 2021-03-14 02:00 CST -> 03:00 CDT): 02:30 moves forward by the gap to 03:30 CDT.
    expect(new Date(resolveWallClock(Date.UTC(2021, 2, 14, 2, 30), tz)).toISOString()).toBe('2021-03-14T08:30:00.000Z');
    // Repeated (fall back 2020-11-01 02:00 CDT -> 01:00 CST): 01:30 takes the earlier offset, CDT (-05:00).
    expect(new Date(resolveWallClock(Date.UTC(2020, 10, 1, 1, 30), tz)).toISOString()).toBe('2020-11-01T06:30:00.000Z');
    // Ordinary times either side.
    expect(new Date(resolveWallClock(Date.UTC(2021, 0, 15, 9, 0), tz)).toISOString()).toBe('2021-01-15T15:00:00.000Z');
    expect(new Date(resolveWallClock(Date.UTC(2021, 6, 15, 9, 0), tz)).toISOString()).toBe('2021-07-15T14:00:00.000Z');
    // The second 01:30 (CST) prints as the same naive text, which reads back as the first.
    expect(naiveLocalString(Date.parse('2020-11-01T07:30:00Z'), tz)).toBe('2020-11-01T01:30:00');
    expect(localParts(Date.parse('2021-03-14T08:30:00Z'), tz)).toMatchObject({ hour: 3, isoDow: 7 });
    // Half-hour offsets, southern hemisphere: Adelaide skips 02:00-03:00 on 2020-10-04 (+09:30 -> +10:30) and
    // repeats 02:00-03:00 on 2021-04-04.
    expect(new Date(resolveWallClock(Date.UTC(2020, 9, 4, 2, 30), 'Australia/Adelaide')).toISOString()).toBe('2020-10-03T17:00:00.000Z');
    expect(new Date(resolveWallClock(Date.UTC(2021, 3, 4, 2, 30), 'Australia/Adelaide')).toISOString()).toBe('2021-04-03T16:00:00.000Z');
  });

  it('counts business hours in the working window of local Monday-Friday only', () => {
    const tz = 'America/Chicago';
    const w = S.windows.working;
    // Fri 2021-06-04 16:00 CDT -> Mon 2021-06-07 08:00 CDT: 1 h Friday + 1 h Monday.
    expect(businessHoursBetween(Date.parse('2021-06-04T21:00:00Z'), Date.parse('2021-06-07T13:00:00Z'), tz, w)).toBe(2);
    // Mon 06:00 -> Mon 18:00: the whole 10 h window.
    expect(businessHoursBetween(Date.parse('2021-06-07T11:00:00Z'), Date.parse('2021-06-07T23:00:00Z'), tz, w)).toBe(10);
    // Sat -> Sun: none. Over the fall-back weekend, Fri 12:00 CDT -> Mon 12:00 CST: 5 h + 5 h.
    expect(businessHoursBetween(Date.parse('2021-06-05T15:00:00Z'), Date.parse('2021-06-06T15:00:00Z'), tz, w)).toBe(0);
    expect(businessHoursBetween(Date.parse('2020-10-30T17:00:00Z'), Date.parse('2020-11-02T18:00:00Z'), tz, w)).toBe(10);
  });

  it('computes continuous percentiles as quantile_cont', () => {
    expect(quantileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileCont([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileCont([7], 0.9)).toBe(7);
    expect(quantileCont([], 0.5)).toBeNull();
  });
});

describe('oracle: threads', () => {
  it('counts rounds as each worked example in metrics.md', () => {
    const examples: [string, number][] = [
      ['P', 1],
      ['PC', 1],
      ['PCP', 2],
      ['PPCCPC', 2],
      ['CPC', 2],
    ];
    for (const [sides, rounds] of examples) {
      const r = referenceStudy(input(threadOf('t', sides)), S, { from: '2021-06', to: '2021-06' });
      const expected = { '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0, [String(rounds)]: 1 };
      expect(r.threads.rounds, sides).toEqual(expected);
    }
  });

  it('splits by starter, headline at most max_rounds, and 5+ bucket', () => {
    const msgs = [...threadOf('a', 'P'), ...threadOf('b', 'CPC'), ...threadOf('c', 'PCPCPCPCP'), ...threadOf('d', 'PCPCPCPCPC')];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    // a: 1 round; b: 2; c: 9 turns -> 5 rounds; d: 10 turns -> 5 rounds.
    expect(r.threads.rounds).toEqual({ '1': 1, '2': 1, '3': 0, '4': 0, '5+': 2 });
    expect(r.threads.le4_rounds).toEqual({ n: 2, N: 4 });
    expect(r.threads.by_starter).toEqual({ patient: { le4_rounds: { n: 1, N: 3 } }, clinician: { le4_rounds: { n: 1, N: 1 } } });
    const r3 = referenceStudy(input(msgs), { ...S, threads: { max_rounds: 1 } }, { from: '2021-06', to: '2021-06' });
    expect(r3.threads.le4_rounds).toEqual({ n: 1, N: 4 });
  });

  it('ignores system messages when counting turns and when choosing the first message', () => {
    const msgs = [
      m('s0', 't', '2021-06-01T10:00:00Z', 'S', undefined, 'SP1'),
      m('p1', 't', '2021-06-01T11:00:00Z', 'P'),
      m('s1', 't', '2021-06-01T12:00:00Z', 'S'),
      m('p2', 't', '2021-06-01T13:00:00Z', 'P'),
      m('c1', 't', '2021-06-01T14:00:00Z', 'C'),
    ];
    const mo = referenceMonthly(input(msgs), S, { month: '2021-06' });
    expect(mo.organisation.threads.le4_rounds).toEqual({ n: 1, N: 1 });
    expect(mo.organisation.messages).toEqual({ patient_side: 2, clinician_side: 1, by_category: { 'physician/primary_care': 1 } });
    // The thread belongs to PC1 (its first non-system message), not SP1.
    expect(mo.departments.PC1!.threads.le4_rounds).toEqual({ n: 1, N: 1 });
    expect(mo.departments.SP1!.threads.le4_rounds).toEqual({ n: 0, N: 0 });
    const st = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    expect(st.threads.rounds['1']).toBe(1); // P P C: 2 turns, 1 round
  });

  it('orders ties by message_id, which decides the starter and the turns', () => {
    // Same instant: 'a' (clinician) sorts before 'b' (patient): C P -> 2 turns, clinician-started.
    const msgs = [m('b', 't', '2021-06-01T10:00:00Z', 'P'), m('a', 't', '2021-06-01T10:00:00Z', 'C')];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    expect(r.threads.by_starter.clinician.le4_rounds).toEqual({ n: 1, N: 1 });
    expect(r.threads.rounds['1']).toBe(1);
  });

  it('assigns a thread to the month of its first message and follows it past the month, not past the cut-off', () => {
    const msgs = [
      m('p1', 't', '2021-06-30T20:00:00Z', 'P'), // 15:00 local, June
      m('c1', 't', '2021-07-01T14:00:00Z', 'C'),
      m('p2', 't', '2021-07-01T15:00:00Z', 'P'),
      m('c2', 't', '2021-07-01T16:00:00Z', 'C'),
      m('p3', 't', '2021-07-02T15:00:00Z', 'P'),
      m('c3', 't', '2021-07-02T16:00:00Z', 'C'),
      m('p4', 't', '2021-07-03T15:00:00Z', 'P'),
      m('c4', 't', '2021-07-03T16:00:00Z', 'C'),
      m('p5', 't', '2021-07-04T15:00:00Z', 'P'),
    ];
    const june = referenceMonthly(input(msgs), S, { month: '2021-06' });
    expect(june.organisation.threads.le4_rounds).toEqual({ n: 0, N: 1 }); // 9 turns -> 5 rounds
    expect(june.organisation.response.within_1d).toEqual({ n: 1, N: 1 }); // 18 h
    const july = referenceMonthly(input(msgs), S, { month: '2021-07' });
    expect(july.organisation.threads.le4_rounds).toEqual({ n: 0, N: 0 });
    // With the cut-off before p5, the thread has 8 turns -> 4 rounds.
    const cut = referenceMonthly(input(msgs), S, { month: '2021-06', cutoff: Date.parse('2021-07-04T00:00:00Z') });
    expect(cut.organisation.threads.le4_rounds).toEqual({ n: 1, N: 1 });
  });
});

describe('oracle: response', () => {
  it('gives each message of a burst the one reply that follows it', () => {
    const msgs = [
      m('p1', 't', '2021-06-01T10:00:00Z', 'P'),
      m('p2', 't', '2021-06-01T11:00:00Z', 'P'),
      m('c1', 't', '2021-06-01T15:00:00Z', 'C'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    expect(r.response.within_1d).toEqual({ n: 2, N: 2 });
    expect(r.response.median_hours).toBe(4.5); // delays 5 h and 4 h
    expect(r.response.p90_hours).toBeCloseTo(4.9, 12);
    expect(r.response.by_category).toEqual({ 'physician/primary_care': { within_1d: { n: 2, N: 2 }, within_3d: { n: 2, N: 2 } } });
  });

  it('does not take a clinician message at the same instant as a reply (ties are not replies)', () => {
    const msgs = [
      m('z', 't', '2021-06-01T10:00:00Z', 'P'),
      m('a', 't', '2021-06-01T10:00:00Z', 'C', 'rn'), // same instant, even sorting before p
      m('y', 't', '2021-06-01T10:00:00Z', 'C', 'rn'), // same instant, sorting after p: still not later
      m('c', 't', '2021-06-02T12:00:00Z', 'C', 'np'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    expect(r.response.within_1d).toEqual({ n: 0, N: 1 }); // 26 h
    expect(r.response.within_3d).toEqual({ n: 1, N: 1 });
    expect(r.response.median_hours).toBe(26);
    expect(Object.keys(r.response.by_category)).toEqual(['np_pa/primary_care']);
  });

  it('counts thresholds inclusively: exactly 24 h is within 1 day, exactly 72 h within 3 days', () => {
    const msgs = [
      m('p1', 'a', '2021-06-01T10:00:00Z', 'P'),
      m('c1', 'a', '2021-06-02T10:00:00Z', 'C'),
      m('p2', 'b', '2021-06-01T10:00:00Z', 'P'),
      m('c2', 'b', '2021-06-04T10:00:00Z', 'C'),
      m('p3', 'c', '2021-06-01T10:00:00Z', 'P'),
      m('c3', 'c', '2021-06-04T10:00:00.001Z', 'C'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    expect(r.response.within_1d).toEqual({ n: 1, N: 3 });
    expect(r.response.within_3d).toEqual({ n: 2, N: 3 });
  });

  it('measures delay in calendar time across a daylight-saving change', () => {
    // Sat 2020-10-31 12:00 CDT (17:00Z) -> Sun 2020-11-01 12:00 CST (18:00Z): 25 h, not within 1 day.
    const msgs = [m('p', 't', '2020-10-31T17:00:00Z', 'P'), m('c', 't', '2020-11-01T18:00:00Z', 'C')];
    const r = referenceStudy(input(msgs), S, { from: '2020-10', to: '2020-11' });
    expect(r.response.median_hours).toBe(25);
    expect(r.response.within_1d).toEqual({ n: 0, N: 1 });
  });

  it('splits unreplied messages into unanswered (>= 72 h before the cut-off) and pending', () => {
    const msgs = [
      m('p1', 'a', '2021-06-01T10:00:00Z', 'P'),
      m('p2', 'b', '2021-06-01T10:00:00.001Z', 'P'),
      m('c_late', 'a', '2021-06-05T10:00:00Z', 'C'), // after the cut-off: ignored
      m('x', 'z', '2021-06-04T10:00:00Z', 'P', 'pat2'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06', cutoff: Date.parse('2021-06-04T10:00:00Z') });
    // p1: exactly 72 h -> unanswered; p2: 1 ms short -> pending; x: 0 h -> pending.
    expect(r.response.unanswered).toBe(1);
    expect(r.response.pending).toBe(2);
    expect(r.response.within_1d).toEqual({ n: 0, N: 0 });
    expect(r.response.median_hours).toBeNull();
    // The default cut-off is the latest message loaded: c_late answers p1 in 96 h.
    const d = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    expect(d.data_cutoff).toBe(Date.parse('2021-06-05T10:00:00Z'));
    expect(d.response.within_3d).toEqual({ n: 0, N: 1 });
    expect(d.response.unanswered).toBe(1); // p2: 96 h less 1 ms before the cut-off
    expect(d.response.pending).toBe(1); // x: 24 h
  });
});

describe('oracle: senders and categories', () => {
  it('counts proxies as their own senders and computes per-sender distributions', () => {
    const msgs = [
      m('1', 'a', '2021-06-01T15:00:00Z', 'P', 'pat1'),
      m('2', 'a', '2021-06-01T16:00:00Z', 'P', 'pat1'),
      m('3', 'a', '2021-06-01T17:00:00Z', 'X', 'proxy1'),
      m('4', 'b', '2021-06-01T15:00:00Z', 'P', 'pat2', 'PC1', 'pat2'),
      m('5', 'b', '2021-06-02T15:00:00Z', 'P', 'pat2', 'PC1', 'pat2'),
      m('6', 'b', '2021-06-03T15:00:00Z', 'P', 'pat2', 'PC1', 'pat2'),
      m('7', 'b', '2021-06-04T15:00:00Z', 'P', 'pat2', 'PC1', 'pat2'),
      m('8', 'c', '2021-06-04T15:00:00Z', 'P', 'pat3', 'PC1', 'pat3'),
      m('9', 'c', '2021-06-04T16:00:00Z', 'P', 'pat3', 'PC1', 'pat3'),
      m('10', 'c', '2021-06-04T17:00:00Z', 'P', 'pat3', 'PC1', 'pat3'),
    ];
    const y = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' }).years[0]!;
    // pat1 2, proxy1 1, pat2 4, pat3 3 -> sorted 1 2 3 4.
    expect(y.active_patients).toBe(4);
    expect(y.per_patient).toEqual({ mean: 2.5, median: 2.5, p90: expect.closeTo(3.7, 12) as number });
    expect(y.messages.patient_side).toBe(10);
  });

  it('gives an unknown clinician role unknown and the care setting of the message department', () => {
    const msgs = [
      m('1', 'a', '2021-06-01T15:00:00Z', 'C', 'ghost', 'PC1'),
      m('2', 'b', '2021-06-01T15:00:00Z', 'C', 'ghost', 'SP1'),
      m('3', 'b', '2021-06-01T16:00:00Z', 'C', 'ghost', 'SP1'),
      m('4', 'c', '2021-06-01T15:00:00Z', 'C', 'rn', 'PC1'), // home SP1 -> specialty, whatever the message's department
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    const y = r.years[0]!;
    expect(y.messages.by_category).toEqual({ 'unknown/primary_care': 1, 'unknown/specialty': 2, 'registered_nurse/specialty': 1 });
    expect(y.active_clinicians).toEqual({
      total: 2,
      by_category: { 'unknown/primary_care': 1, 'unknown/specialty': 1, 'registered_nurse/specialty': 1 },
    });
    expect(y.per_clinician['unknown/specialty']).toEqual({ mean: 2, median: 2, p90: 2 });
    expect(Object.keys(r.time_of_day.by_role).sort()).toEqual(['registered_nurse', 'unknown']);
  });

  it('reports per year over the months of the range only, and by message department in a month', () => {
    const msgs = [
      m('1', 'a', '2020-12-31T23:00:00Z', 'P'), // 17:00 local, 2020
      m('2', 'a', '2021-01-01T06:30:00Z', 'C'), // 00:30 local 2021-01-01
      m('3', 'b', '2021-03-01T18:00:00Z', 'P', 'pat1', 'SP1'), // outside the range
    ];
    const r = referenceStudy(input(msgs), S, { from: '2020-12', to: '2021-02' });
    expect(r.years.map((y) => [y.year, y.messages.patient_side, y.messages.clinician_side])).toEqual([
      [2020, 1, 0],
      [2021, 0, 1],
    ]);
    expect(r.years[1]!.per_patient).toBeNull();
    expect(r.response.median_hours).toBe(7.5);
    const mo = referenceMonthly(input(msgs), S, { month: '2021-03' });
    expect(mo.departments.SP1!.messages.patient_side).toBe(1);
    expect(mo.departments.PC1!.messages.patient_side).toBe(0);
  });
});

describe('oracle: time of day', () => {
  it('puts local times in half-open windows, night wrapping, weekend apart', () => {
    // 2021-06-07 is a Monday; CDT = UTC-5.
    const at = (local: string) => new Date(Date.parse(`${local}Z`) + 5 * H).toISOString();
    const msgs = [
      m('1', 'a', at('2021-06-07T06:59:59'), 'C'), // night
      m('2', 'a', at('2021-06-07T07:00:00'), 'C'), // working
      m('3', 'a', at('2021-06-07T16:59:00'), 'C'), // working
      m('4', 'a', at('2021-06-07T17:00:00'), 'C'), // evening
      m('5', 'a', at('2021-06-07T18:59:00'), 'C'), // evening
      m('6', 'a', at('2021-06-07T19:00:00'), 'C'), // night
      m('7', 'a', at('2021-06-12T10:00:00'), 'C'), // Saturday, working hours
      m('8', 'a', at('2021-06-13T23:30:00'), 'C'), // Sunday night
      m('9', 'a', at('2021-06-07T12:00:00'), 'C', 'rn'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06' });
    const doc = r.time_of_day.by_role.physician!;
    expect(doc.working).toEqual({ n: 3, N: 8 });
    expect(doc.evening).toEqual({ n: 2, N: 8 });
    expect(doc.night).toEqual({ n: 3, N: 8 });
    expect(doc.weekend).toEqual({ n: 2, N: 8 });
    expect(doc.hours[6]).toBe(1);
    expect(doc.hours[23]).toBe(1);
    expect(doc.hours.reduce((a, b) => a + b, 0)).toBe(8);
    expect(r.time_of_day.by_role.registered_nurse!.working).toEqual({ n: 1, N: 1 });
    const mo = referenceMonthly(input(msgs), S, { month: '2021-06' });
    expect(mo.organisation.after_hours).toEqual({ evening: { n: 2, N: 9 }, night: { n: 3, N: 9 }, weekend: { n: 2, N: 9 } });
  });

  it('uses the local hour on a daylight-saving day', () => {
    // 2021-03-14 08:30Z is 03:30 CDT (the first hour after the gap); 07:30Z is 01:30 CST.
    const msgs = [m('1', 'a', '2021-03-14T08:30:00Z', 'C'), m('2', 'a', '2021-03-14T07:30:00Z', 'C')];
    const r = referenceStudy(input(msgs), S, { from: '2021-03', to: '2021-03' });
    expect(r.time_of_day.by_role.physician!.hours[3]).toBe(1);
    expect(r.time_of_day.by_role.physician!.hours[1]).toBe(1);
    expect(r.time_of_day.by_role.physician!.hours[2]).toBe(0);
    expect(r.time_of_day.by_role.physician!.weekend).toEqual({ n: 2, N: 2 });
  });
});

describe('oracle: the figures added by issues 9 and 10', () => {
  it('gives the shares of all patient messages: N = answered + unanswered, pending in neither', () => {
    // a: 2 h; b: 30 h; c: unanswered (96 h before the cut-off); d: pending (12 h).
    const msgs = [
      m('a1', 'a', '2021-06-01T10:00:00Z', 'P'),
      m('a2', 'a', '2021-06-01T12:00:00Z', 'C'),
      m('b1', 'b', '2021-06-02T10:00:00Z', 'P'),
      m('b2', 'b', '2021-06-03T16:00:00Z', 'C'),
      m('c1', 'c', '2021-06-04T10:00:00Z', 'P'),
      m('d1', 'd', '2021-06-07T22:00:00Z', 'P'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2021-06', to: '2021-06', cutoff: Date.parse('2021-06-08T10:00:00Z') });
    expect(r.response).toMatchObject({
      within_1d: { n: 1, N: 2 },
      within_3d: { n: 2, N: 2 },
      unanswered: 1,
      pending: 1,
      reply_rate: { n: 2, N: 3 },
      within_1d_of_all: { n: 1, N: 3 },
      within_3d_of_all: { n: 2, N: 3 },
    });
    expect(r.lake).toEqual({ messages: 6 });
  });

  it('skips holidays in business hours (weekday holidays only change anything)', () => {
    const w = S.windows.working; // 07:00-17:00
    // Mon 2021-07-05 (the observed Independence Day) 16:00 CDT → Wed 07-07 08:00 CDT: Mon 1 h + Tue 10 h + Wed 1 h.
    const from = Date.parse('2021-07-05T21:00:00Z');
    const to = Date.parse('2021-07-07T13:00:00Z');
    expect(businessHoursBetween(from, to, 'America/Chicago', w)).toBe(12);
    expect(businessHoursBetween(from, to, 'America/Chicago', w, ['2021-07-05'])).toBe(11);
    expect(businessHoursBetween(from, to, 'America/Chicago', w, ['2021-07-05', '2021-07-06'])).toBe(1);
    expect(businessHoursBetween(from, to, 'America/Chicago', w, ['2021-07-03'])).toBe(12); // a Saturday
  });

  it('calls a month preliminary until the cut-off is 72 h after its last local instant', () => {
    const msgs = [m('a1', 'a', '2021-06-10T10:00:00Z', 'P')];
    // June 2021 ends at 2021-07-01 05:00 UTC (midnight CDT); its last instant is 1 ms before.
    const last = Date.parse('2021-07-01T05:00:00Z') - 1;
    const at = (cutoff: number) => referenceMonthly(input(msgs), S, { month: '2021-06', cutoff });
    expect(at(last + 72 * H - 1)).toMatchObject({ preliminary: true, complete_at: last + 72 * H });
    expect(at(last + 72 * H).preliminary).toBe(false);
    expect(at(Date.parse('2021-06-20T00:00:00Z')).preliminary).toBe(true); // the month has not even ended
  });

  it('gives each year of the range its response and rounds, and time of day by category', () => {
    // Thread y: patient 2020-12-31 23:00 CST (2021 in UTC) answered 2021-01-01 01:00 CST by the physician
    // (2 h): 2020's message and thread. Thread z: 2021, P C P C by the nurse (home: specialty), 1 h each.
    const msgs = [
      m('y1', 'y', '2021-01-01T05:00:00Z', 'P'),
      m('y2', 'y', '2021-01-01T07:00:00Z', 'C'),
      m('z1', 'z', '2021-02-01T15:00:00Z', 'P'),
      m('z2', 'z', '2021-02-01T16:00:00Z', 'C', 'rn'),
      m('z3', 'z', '2021-02-02T15:00:00Z', 'P'),
      m('z4', 'z', '2021-02-02T16:00:00Z', 'C', 'rn'),
    ];
    const r = referenceStudy(input(msgs), S, { from: '2020-12', to: '2021-02' });
    expect(
      r.years.map((y) => [y.year, y.response.within_1d, y.response.median_hours, y.threads.rounds['1'], y.threads.rounds['2']]),
    ).toEqual([
      [2020, { n: 1, N: 1 }, 2, 1, 0],
      [2021, { n: 2, N: 2 }, 1, 0, 1],
    ]);
    expect(Object.keys(r.time_of_day.by_category).sort()).toEqual(['physician/primary_care', 'registered_nurse/specialty']);
    expect(r.time_of_day.by_category['registered_nurse/specialty']!.hours[10]).toBe(2); // 16:00Z = 10:00 CST
    expect(r.time_of_day.by_category['physician/primary_care']!.hours[1]).toBe(1);
  });
});
