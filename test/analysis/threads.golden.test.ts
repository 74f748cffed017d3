// Round counting (metrics.md): a turn is a maximal run of one side; rounds = ceil(turns / 2). Each
// example of the spec is a thread below; the rest cover ties, system messages, periods and the cut-off.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { msg } from '../helpers/exports.ts';
import { settingsWith, withLake } from '../helpers/analysis.ts';
import type { TestExport, TestMessage } from '../helpers/lake.ts';

/** A thread from a pattern like "P C P": one message a minute from `start` (UTC), ids <thread>-1, -2, ... */
function thread(id: string, pattern: string, start: string): TestMessage[] {
  const t0 = Date.parse(start);
  return pattern.split(' ').map((s, i) =>
    msg(`${id}-${i + 1}`, id, new Date(t0 + i * 60_000).toISOString(), s === 'P' ? 'patient' : s === 'C' ? 'clinician' : s === 'X' ? 'proxy' : 'system', s === 'X' ? 'PX' : undefined),
  );
}

const J = '2017-06-10T15:00:00Z';
const exp: TestExport = {
  departments: [{ department_id: 'D1', name: 'Family Medicine', care_setting: 'primary_care' }],
  clinicians: [{ clinician_id: 'C1', role: 'physician', department_id: 'D1' }],
  messages: [
    ...thread('ta', 'P', J), // 1 turn → 1 round
    ...thread('tb', 'P C', J), // 2 → 1
    ...thread('tc', 'P C P', J), // 3 → 2
    ...thread('td', 'P P C C P C', J), // turns P C P C = 4 → 2
    ...thread('te', 'C P C', J), // 3 → 2, started by a clinician
    ...thread('tf', 'P C X C P', J), // a proxy is the patient side: 5 turns → 3
    ...thread('tg', 'P C P C P C P C', J), // 8 → 4
    ...thread('th', 'P C P C P C P C P', J), // 9 → 5: counted as 5+, above the headline's 4
    // Same instant: ordered by message_id. ti-1 P, ti-2 C at one instant, then P → P C P = 2 rounds.
    msg('ti-1', 'ti', J, 'patient'), msg('ti-2', 'ti', J, 'clinician'), msg('ti-3', 'ti', '2017-06-11T15:00:00Z', 'patient'),
    // tj-a (C) sorts before tj-b (P) at one instant: started by the clinician, C P = 1 round.
    msg('tj-b', 'tj', J, 'patient'), msg('tj-a', 'tj', J, 'clinician'),
    // Only system messages: not a thread at all.
    ...thread('tk', 'S S', J),
    // System messages are no turn: S P S C → P C = 1 round, started by the patient.
    ...thread('tl', 'S P S C', J),
    // Started June 30 (local), continued in July: June's thread, its July turns counted: P C P = 2.
    msg('tm-1', 'tm', '2017-06-30T20:00:00Z', 'patient'), msg('tm-2', 'tm', '2017-07-01T15:00:00Z', 'clinician'),
    msg('tm-3', 'tm', '2017-07-02T15:00:00Z', 'patient'),
    // Started May 31 (local), continued in June: May's thread (P C P = 2 rounds), not June's.
    msg('tn-1', 'tn', '2017-05-31T20:00:00Z', 'patient'), msg('tn-2', 'tn', '2017-06-01T15:00:00Z', 'clinician'),
    msg('tn-3', 'tn', '2017-06-02T15:00:00Z', 'patient'),
    // A turn after the cut-off is not followed: P C = 1 round.
    msg('to-1', 'to', '2017-06-20T15:00:00Z', 'patient'), msg('to-2', 'to', '2017-06-21T15:00:00Z', 'clinician'),
    msg('to-3', 'to', '2017-07-11T15:00:00Z', 'patient'),
  ],
};
const CUTOFF = '2017-07-10T00:00:00.000Z';

describe('thread rounds (hand-worked)', () => {
  let june: StudyResult, may: StudyResult, juneMax2: StudyResult;
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      june = await lake.study({ from: '2017-06', to: '2017-06', cutoff: CUTOFF });
      may = await lake.study({ from: '2017-05', to: '2017-05', cutoff: CUTOFF });
      juneMax2 = await lake.study({ from: '2017-06', to: '2017-06', cutoff: CUTOFF, settings: settingsWith({ threads: { max_rounds: 2 } }) });
    });
  });

  it("counts each of the spec's examples and the edge cases", () => {
    // June threads: ta1 tb1 tc2 td2 te2 tf3 tg4 th5 ti2 tj1 tl1 tm2 to1 (13; tk has no message that counts, tn is May's).
    expect(june.threads.rounds).toEqual({ '1': 5, '2': 5, '3': 1, '4': 1, '5+': 1 });
    expect(june.threads.le4_rounds).toEqual({ n: 12, N: 13 });
  });

  it('splits threads by who started them', () => {
    // Clinician-started: te (2 rounds), tj (1). Patient-started: the other 11, th above 4 rounds.
    expect(june.threads.by_starter).toEqual({ patient: { le4_rounds: { n: 10, N: 11 } }, clinician: { le4_rounds: { n: 2, N: 2 } } });
  });

  it('gives a thread to the period of its first message and follows its later turns', () => {
    expect(may.threads.rounds).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, '5+': 0 });
    expect(may.threads.le4_rounds).toEqual({ n: 1, N: 1 });
  });

  it('takes the headline limit from the settings', () => {
    // rounds <= 2: the five 1-round and five 2-round threads.
    expect(juneMax2.threads.le4_rounds).toEqual({ n: 10, N: 13 });
  });
});
