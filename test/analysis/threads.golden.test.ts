// Round counting (metrics.md): a turn is a maximal run of one side; rounds = ceil(turns / 2). Each
// example of the spec is a thread below; the rest cover ties, system messages, periods and the cut-off.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { settingsWith, withLake } from '../helpers/analysis.ts';
import { exp, CUTOFF } from '../fixtures/golden/threads.ts';

describe('thread rounds (hand-worked)', () => {
  let june: StudyResult, may: StudyResult, juneMax2: StudyResult;
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      june = await lake.study({ from: '2017-06', to: '2017-06', cutoff: CUTOFF });
      may = await lake.study({ from: '2017-05', to: '2017-05', cutoff: CUTOFF });
      juneMax2 = await lake.study({
        from: '2017-06',
        to: '2017-06',
        cutoff: CUTOFF,
        settings: settingsWith({ threads: { max_rounds: 2 } }),
      });
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
