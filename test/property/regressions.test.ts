// Focused exports run through the real product and the oracle. The first block pins the spec's sharpest
// rules (each a place two readings could part); the second holds the smallest counter-examples the property
// test found, one per disagreement, described in docs/cross-check.md.
import { describe, expect, it } from 'vitest';
import type { RefClinician, RefDepartment } from '../oracle/reference.ts';
import { assertAgrees, crossCheck, handExport, type HandRow } from './pipeline.ts';

const departments: RefDepartment[] = [
  { department_id: 'D1', name: 'Family Medicine, North', care_setting: 'primary_care', lead_emails: 'a@example.org' },
  { department_id: 'D2', name: 'Cardiology', care_setting: 'specialty', lead_emails: '' },
];
const clinicians: RefClinician[] = [
  { clinician_id: 'C1', role: 'physician', department_id: 'D1' },
  { clinician_id: 'C2', role: 'registered_nurse', department_id: 'D2' },
  { clinician_id: 'C3', role: 'np_pa', department_id: 'D1' },
];

async function agrees(rows: HandRow[], range: { from: string; to: string; month: string; cutoff?: string }) {
  const exp = handExport({ rows, clinicians, departments, ...range });
  const r = await crossCheck(exp);
  assertAgrees(exp, r.diffs);
  return r;
}

describe('regressions: the spec rules, end to end against the oracle', () => {
  it('ties are not replies; a burst shares one reply; thresholds are inclusive', async () => {
    const r = await agrees(
      [
        ['b', 't1', '2021-06-01T10:00:00Z', 'patient', 'P1', 'P1', 'D1'],
        ['a', 't1', '2021-06-01T10:00:00Z', 'clinician', 'C1', 'P1', 'D1'], // tie, sorts first: starter is the clinician
        ['c', 't1', '2021-06-01T11:00:00Z', 'patient', 'P1', 'P1', 'D1'],
        ['d', 't1', '2021-06-02T10:00:00Z', 'clinician', 'C3', 'P1', 'D1'], // exactly 24 h after b
        ['e', 't2', '2021-06-03T10:00:00Z', 'patient', 'P2', 'P2', 'D2'],
        ['f', 't2', '2021-06-06T10:00:00Z', 'clinician', 'C2', 'P2', 'D2'], // exactly 72 h
      ],
      { from: '2021-06', to: '2021-06', month: '2021-06' },
    );
    expect(r.study?.response.within_1d).toEqual({ n: 2, N: 3 });
    expect(r.study?.threads.by_starter.clinician.le4_rounds).toEqual({ n: 1, N: 1 });
  });

  it('naive times on clock-change days, weekends and windows in local time', async () => {
    const r = await agrees(
      [
        ['m1', 't1', '2021-03-14T02:30:00', 'patient', 'P1', 'P1', 'D1'], // skipped: 03:30 CDT
        // 03:10 CDT = 08:10Z: BEFORE m1 in real time, so the thread starts with it
        ['m2', 't1', '2021-03-14T03:10:00', 'clinician', 'C1', 'P1', 'D1'],
        ['m3', 't1', '2021-03-14T04:00:00', 'clinician', 'C1', 'P1', 'D1'], // the reply: 30 min
        ['m4', 't2', '2020-11-01T01:30:00', 'patient', 'P2', 'P2', 'D1'], // repeated: CDT, 06:30Z
        ['m5', 't2', '2020-11-01T07:00:00Z', 'clinician', 'C2', 'P2', 'D1'], // 01:00 CST: 30 min later
        ['m6', 't3', '2020-11-02T17:00:00', 'clinician', 'C1', 'P3', 'D2'], // evening starts 17:00
      ],
      { from: '2020-11', to: '2021-03', month: '2020-11' },
    );
    expect(r.study?.response.median_hours).toBe(0.5);
  });

  it('unknown clinicians take the care setting of the message department; system messages count nowhere', async () => {
    await agrees(
      [
        ['m1', 't1', '2021-06-01T15:00:00Z', 'PATIENT', 'P1', 'P1', 'D1'],
        ['m2', 't1', '2021-06-01T15:30:00Z', 'System', '', 'P1', 'D1'],
        ['m3', 't1', '2021-06-01T16:00:00Z', 'clinician', 'ghost', 'P1', 'D1'],
        ['m4', 't2', '2021-06-02T15:00:00Z', 'proxy', 'X1', 'P1', 'D2'],
        ['m5', 't2', '2021-06-02T16:00:00Z', 'clinician', 'ghost', 'P1', 'D2'],
      ],
      { from: '2021-06', to: '2021-06', month: '2021-06' },
    );
  });

  it('threads follow into the next month but stop at the cut-off; unanswered from exactly 72 h', async () => {
    await agrees(
      [
        ['m1', 't1', '2021-05-31T23:00:00Z', 'patient', 'P1', 'P1', 'D1'], // 18:00 local, May
        ['m2', 't1', '2021-06-01T14:00:00Z', 'clinician', 'C1', 'P1', 'D2'],
        ['m3', 't1', '2021-06-01T15:00:00Z', 'patient', 'P1', 'P1', 'D2'],
        ['m4', 't2', '2021-06-02T12:00:00Z', 'patient', 'P2', 'P2', 'D1'],
        ['m5', 't3', '2021-06-03T12:00:00Z', 'patient', 'P2', 'P2', 'D1'],
        ['m6', 't1', '2021-06-06T12:00:00Z', 'clinician', 'C1', 'P1', 'D1'], // after the cut-off
      ],
      { from: '2021-05', to: '2021-06', month: '2021-05', cutoff: '2021-06-05T12:00:00.000Z' },
    );
  });
});

describe('regressions: the comparison itself can fail', () => {
  it('notices one reply moved by a millisecond and one message changing side', async () => {
    const rows: HandRow[] = [
      ['m1', 't1', '2021-06-01T10:00:00Z', 'patient', 'P1', 'P1', 'D1'],
      ['m2', 't1', '2021-06-02T10:00:00Z', 'clinician', 'C1', 'P1', 'D1'],
      ['m3', 't2', '2021-06-03T10:00:00Z', 'clinician', 'C2', 'P2', 'D2'],
    ];
    const exp = handExport({ rows, clinicians, departments, from: '2021-06', to: '2021-06', month: '2021-06' });
    // Lie to the oracle only: the reply 1 ms later (24 h + 1 ms: no longer within 1 day), m3 from a patient.
    exp.reference.messages = exp.reference.messages.map((m) =>
      m.message_id === 'm2'
        ? { ...m, sent_at: m.sent_at + 1 }
        : m.message_id === 'm3'
          ? { ...m, sender_type: 'patient', sender_id: 'P2' }
          : m,
    );
    const { diffs } = await crossCheck(exp);
    expect(diffs).toContain('study.response.within_1d: sql={"n":1,"N":1} oracle={"n":0,"N":1}');
    expect(diffs.some((d) => d.startsWith('monthly.departments.D2.messages.patient_side'))).toBe(true);
    expect(diffs.some((d) => d.startsWith('study.threads.by_starter.clinician'))).toBe(true);
  });
});

describe('regressions: where metrics.md is ambiguous (decided in docs/metrics-implementation.md)', () => {
  it('business hours: "within 1 day" as 24 working hours or as one working day', async () => {
    // Thu 2020-10-01 00:00 CDT -> Fri 07:01 CDT: 31 h 01 min of calendar time, 10 h 01 min of working time.
    // Read literally (24 working hours) it is within 1 day; read as one working day (10 h) it is not.
    // Decided: one working day (found by the property test, seed 1001), so this reply is not within 1 day.
    const r = await agrees(
      [
        ['m1', 't1', '2020-10-01T05:00:00Z', 'patient', 'P1', 'P1', 'D1'],
        ['m2', 't1', '2020-10-02T12:01:00Z', 'clinician', 'C1', 'P1', 'D1'],
      ],
      { from: '2020-10', to: '2020-10', month: '2020-10' },
    );
    expect(r.monthly?.organisation.response.business_hours?.within_1d).toEqual({ n: 0, N: 1 });
    expect(r.monthly?.organisation.response.business_hours?.within_3d).toEqual({ n: 1, N: 1 });
    expect(r.monthly?.organisation.response.business_hours?.median_hours).toBeCloseTo(10 + 1 / 60, 5);
  });
});
