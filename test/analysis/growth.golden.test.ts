// Years and growth: which clinician categories carried the change between the first and last year.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { withLake } from '../helpers/analysis.ts';
import { exp } from '../fixtures/golden/growth.ts';
import { UserError } from '../../lib/errors/index.ts';

describe('years and growth (hand-worked)', () => {
  let s: StudyResult;
  const refused: unknown[] = [];
  beforeAll(async () => {
    await withLake(exp, async (lake) => {
      s = await lake.study({ from: '2015-01', to: '2017-12' });
      for (const o of [
        { from: '2012-01', to: '2012-12' },
        { from: '2017-01', to: '2016-01' },
        { from: '2017-13', to: '2017-12' },
        { from: '2017-01', to: '2017-12', cutoff: 'yesterday' },
      ])
        refused.push(
          await lake.study(o).then(
            () => 'accepted',
            (e: unknown) => e,
          ),
        );
    });
  });

  it('has one entry per year of the range', () => {
    expect(s.years.map((y) => [y.year, y.messages.clinician_side])).toEqual([
      [2015, 4],
      [2016, 1],
      [2017, 8],
    ]);
  });

  it('counts messages per active clinician by category', () => {
    const y = s.years[2]!;
    expect(y.active_clinicians).toEqual({
      total: 4,
      by_category: { 'np_pa/primary_care': 1, 'physician/primary_care': 2, 'registered_nurse/specialty': 1 },
    });
    // physician/primary_care: C1 4, C5 1 → mean 2.5, median 2.5, p90 1 + 0.9 * 3 = 3.7.
    expect(y.per_clinician['physician/primary_care']).toEqual({ mean: 2.5, median: 2.5, p90: 3.7 });
    expect(y.per_patient).toEqual({ mean: 0, median: 0, p90: 0 });
    expect(y.active_patients).toBe(0);
  });

  it("reports each category's share of the change between the first and last year", () => {
    // Total 4 → 8 = +4: physician/primary_care +3, registered_nurse/specialty +1, np_pa/primary_care +1, other/specialty -1.
    expect(s.growth).toEqual({
      from_year: 2015,
      to_year: 2017,
      total_change: 4,
      by_category: {
        'np_pa/primary_care': { from: 0, to: 1, change: 1, share_of_change: { n: 1, N: 4 } },
        'other/specialty': { from: 1, to: 0, change: -1, share_of_change: { n: -1, N: 4 } },
        'physician/primary_care': { from: 2, to: 5, change: 3, share_of_change: { n: 3, N: 4 } },
        'registered_nurse/specialty': { from: 1, to: 2, change: 1, share_of_change: { n: 1, N: 4 } },
      },
    });
  });

  it('refuses a range without data, from after to, a bad month and a bad cut-off, clearly', () => {
    const messages = refused.map((e) => (e as Error).message);
    expect(messages[0]).toMatch(/no messages between 2012-01 and 2012-12: the lake holds messages from 2015-03 to 2017-03/);
    expect(messages[1]).toMatch(/--from 2017-01 is after --to 2016-01/);
    expect(messages[2]).toMatch(/--from '2017-13' is not a month/);
    expect(messages[3]).toMatch(/cut-off 'yesterday' is not an ISO 8601 timestamp/);
    for (const e of refused) expect(e).toBeInstanceOf(UserError);
  });
});
