// Peers and ranks (metrics.md, "Fair comparisons"): the departments of the same care setting, their median
// and the department's rank among those with at least 20 answered messages; per-clinician medians.
import { describe, expect, it } from 'vitest';
import { discloseMonthly } from '../../lib/disclosure/index.ts';
import { peerComparison, peersOf, peersPerClinician, median } from '../../lib/report/peers.ts';
import type { MonthlyResult, MonthlySection } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../lib/settings/index.ts';
import { loadMonthly } from './fixtures.ts';

/** A copy of a section with a given number answered within 1 day out of answered + unanswered. */
function withReplies(s: MonthlySection, w1: number, answered: number, unanswered: number): MonthlySection {
  const r = s.response;
  return {
    ...s,
    response: {
      ...r,
      within_1d: { n: w1, N: answered },
      within_3d: { n: answered, N: answered },
      unanswered,
      pending: 0,
      reply_rate: { n: answered, N: answered + unanswered },
      within_1d_of_all: { n: w1, N: answered + unanswered },
      within_3d_of_all: { n: answered, N: answered + unanswered },
    },
    messages: { ...s.messages, patient_side: answered + unanswered },
  };
}

/** Six specialty departments with known shares of all patient messages (answered + unanswered = 100 each unless noted). */
function specialtyMonth(): MonthlyResult {
  const m = loadMonthly();
  const base = m.departments['d-card']!;
  const depts: Record<string, MonthlyResult['departments'][string]> = {
    'd-fam': m.departments['d-fam']!,
    s1: { ...withReplies(base, 90, 95, 5), name: 'S1', care_setting: 'specialty' }, // 90%
    s2: { ...withReplies(base, 80, 95, 5), name: 'S2', care_setting: 'specialty' }, // 80%
    s3: { ...withReplies(base, 70, 95, 5), name: 'S3', care_setting: 'specialty' }, // 70%
    s4: { ...withReplies(base, 60, 95, 5), name: 'S4', care_setting: 'specialty' }, // 60%
    // 19 answered: below the 20 needed to be ranked, however good its share.
    tiny: { ...withReplies(base, 19, 19, 0), name: 'Tiny', care_setting: 'specialty' },
  };
  return { ...m, preliminary: false, departments: depts, previous_month: undefined, same_month_last_year: undefined, trend: undefined };
}

describe('peers', () => {
  const m = specialtyMonth();
  const d = discloseMonthly(m, DEFAULT_SETTINGS).current;
  const get = (s: (typeof d.pageRows)[string]) => s.within1dOfAll;

  it('are the departments of the same care setting, the department included', () => {
    const p = peersOf(m, d, 's2', DEFAULT_SETTINGS)!;
    expect(p.rows.map((r) => r.id).sort()).toEqual(['s1', 's2', 's3', 's4', 'tiny']);
    expect(p.label).toBe('Specialty peers');
  });

  it('median of 90, 80, 70, 60% is 75%; S2 ranks 2nd of 4; the 19-answered department is left out of both', () => {
    const c = peerComparison(peersOf(m, d, 's2', DEFAULT_SETTINGS)!, 'within1dOfAll', get, 'up')!;
    expect(c.value.text).toBe('75.0%');
    expect(c.change.text).toBe('2nd of 4');
    // 80/100 against the others pooled, 220/300 = 73.3%: z = 1.32, within chance.
    expect(c.change).toMatchObject({ direction: 'same', word: 'about the same', assessment: 'neutral' });
    expect(c.change.sentence).toBe('Specialty peers: median 75.0%; 2nd of 4, about the same as the others.');
  });

  it('S1 (90%) against the others pooled (210/300 = 70%): z = 4.0, better; S4 (60%) against 240/300: worse, 4th', () => {
    expect(peerComparison(peersOf(m, d, 's1', DEFAULT_SETTINGS)!, 'within1dOfAll', get, 'up')!.change).toMatchObject({
      text: '1st of 4',
      word: 'higher',
      assessment: 'better',
    });
    expect(peerComparison(peersOf(m, d, 's4', DEFAULT_SETTINGS)!, 'within1dOfAll', get, 'up')!.change).toMatchObject({
      text: '4th of 4',
      word: 'lower',
      assessment: 'worse',
    });
  });

  it('tied shares share a rank, whichever way is better (S2 and S3 both at 80%)', () => {
    const base = m.departments['s3']!;
    const tied = {
      ...m,
      departments: { ...m.departments, s3: { ...withReplies(base, 80, 95, 5), name: 'S3', care_setting: 'specialty' } },
    };
    const td = discloseMonthly(tied, DEFAULT_SETTINGS).current;
    const rank = (id: string, better: 'up' | 'down') =>
      peerComparison(peersOf(tied, td, id, DEFAULT_SETTINGS)!, 'within1dOfAll', get, better)!.change.text;
    expect(['s1', 's2', 's3', 's4'].map((id) => rank(id, 'up'))).toEqual(['1st of 4', '2nd of 4', '2nd of 4', '4th of 4']);
    expect(['s1', 's2', 's3', 's4'].map((id) => rank(id, 'down'))).toEqual(['4th of 4', '2nd of 4', '2nd of 4', '1st of 4']);
  });

  it('a department below the minimum is given the median but not ranked', () => {
    const c = peerComparison(peersOf(m, d, 'tiny', DEFAULT_SETTINGS)!, 'within1dOfAll', get, 'up')!;
    expect(c.change.sentence).toBe('Specialty peers: median 75.0%; not ranked (fewer than 20 answered messages).');
  });

  it('the minimum is a setting: at 19 the small department is ranked too (5 peers, median 80%)', () => {
    const s = resolveSettings({ reports: { peers_min_answered: 19 } });
    const c = peerComparison(peersOf(m, d, 'tiny', s)!, 'within1dOfAll', get, 'up')!;
    expect(c.value.text).toBe('80.0%');
    expect(c.change.text).toBe('1st of 5');
  });

  it('with fewer than two ranked peers there is nothing to compare', () => {
    const one = { ...m, departments: { s1: m.departments['s1']!, tiny: m.departments['tiny']! } };
    const dd = discloseMonthly(one, DEFAULT_SETTINGS).current;
    expect(peerComparison(peersOf(one, dd, 's1', DEFAULT_SETTINGS)!, 'within1dOfAll', get, 'up')).toBeNull();
  });

  it('messages per clinician: the median over the peers that have clinicians in the category', () => {
    const p = peersOf(m, d, 's1', DEFAULT_SETTINGS)!;
    // Every specialty copy has Cardiology's clinicians and messages: the median is Cardiology's own figure.
    const card = m.departments['s1']!;
    const k = 'physician/specialty';
    expect(peersPerClinician(p, k).text).toBe((card.messages.by_category[k]! / card.active_clinicians.by_category[k]!).toFixed(1));
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
