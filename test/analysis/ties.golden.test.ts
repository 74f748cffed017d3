// Ties at one instant: which clinician message is "the reply" (the first by message_id), patient messages
// sharing an instant, and load totals summed over several loads.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { msg } from '../helpers/exports.ts';
import { withLake } from '../helpers/analysis.ts';
import type { TestExport } from '../helpers/lake.ts';

const roster = {
  departments: [
    { department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' as const },
    { department_id: 'D2', name: 'Urology', care_setting: 'specialty' as const },
  ],
  clinicians: [
    { clinician_id: 'C1', role: 'physician' as const, department_id: 'D1' },
    { clinician_id: 'C2', role: 'registered_nurse' as const, department_id: 'D2' },
  ],
};
const first: TestExport = {
  ...roster,
  messages: [
    // Two clinicians answer at one instant: the reply is the first by message_id (r-a, C1, physician).
    msg('p-1', 'ta', '2017-06-05T15:00:00Z', 'patient'),
    msg('r-b', 'ta', '2017-06-05T16:00:00Z', 'clinician', 'C2'),
    msg('r-a', 'ta', '2017-06-05T16:00:00Z', 'clinician', 'C1'),
    // Same, ids the other way round: the reply is C2's (registered_nurse/specialty).
    msg('p-2', 'tb', '2017-06-06T15:00:00Z', 'patient'),
    msg('s-a', 'tb', '2017-06-06T16:00:00Z', 'clinician', 'C2'),
    msg('s-b', 'tb', '2017-06-06T16:00:00Z', 'clinician', 'C1'),
  ],
};
const second: TestExport = {
  ...roster,
  messages: [
    // Two patient messages and a clinician message at one instant (the clinician's id sorts first): not a
    // reply to either; both are answered 2 h later.
    msg('q-1', 'tc', '2017-06-07T15:00:00Z', 'patient'),
    msg('q-2', 'tc', '2017-06-07T15:00:00Z', 'proxy', 'PX'),
    msg('q-0', 'tc', '2017-06-07T15:00:00Z', 'clinician', 'C1'),
    msg('q-3', 'tc', '2017-06-07T17:00:00Z', 'clinician', 'C1'),
  ],
};

describe('ties at one instant (hand-worked)', () => {
  let s: StudyResult;
  beforeAll(async () => {
    await withLake([first, second], async (lake) => {
      s = await lake.study({ from: '2017-06', to: '2017-06' });
    });
  });

  it('credits the reply to the first clinician message of the instant, by message_id', () => {
    // ta → C1 (1 h), tb → C2 (1 h), tc → C1 twice (2 h each).
    expect(s.response.by_category).toEqual({
      'physician/primary_care': { within_1d: { n: 3, N: 3 }, within_3d: { n: 3, N: 3 } },
      'registered_nurse/specialty': { within_1d: { n: 1, N: 1 }, within_3d: { n: 1, N: 1 } },
    });
    expect(s.response.median_hours).toBe(1.5); // 1 1 2 2
  });

  it('does not take a clinician message at the same instant as a reply', () => {
    expect(s.response.within_1d).toEqual({ n: 4, N: 4 });
    expect(s.response.delay_histogram!.map((b) => b.count)).toEqual([0, 4, 0, 0, 0, 0, 0]);
  });

  it('orders one instant by message_id for turns: q-0 (C) q-1 (P) q-2 (proxy) q-3 (C) = C P C = 2 rounds', () => {
    expect(s.threads.rounds).toEqual({ '1': 2, '2': 1, '3': 0, '4': 0, '5+': 0 });
    expect(s.threads.by_starter.clinician.le4_rounds).toEqual({ n: 1, N: 1 });
  });

  it('sums the load totals over both loads', () => {
    expect(s.load).toEqual({ rows_read: 10, accepted: 10, duplicates: 0, quarantined: 0 });
  });
});
