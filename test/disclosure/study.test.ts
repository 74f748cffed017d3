// Disclosure of the fixture study result: a category too small to show each year, the groups it sits in
// (categories to clinician messages, changes to the total change), the load figures, the unknown role.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discloseStudy } from '../../lib/disclosure/index.ts';
import type { StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const study = JSON.parse(readFileSync(new URL('../fixtures/results/study.json', import.meta.url), 'utf8')) as StudyResult;
const d = discloseStudy(study, DEFAULT_SETTINGS);

describe('study disclosure', () => {
  it('must suppress: a small category each year, and the next smallest beside the clinician total', () => {
    for (const y of d.years) {
      expect(y.byCategory['unknown/specialty']!.text).toBe('<11');
      expect(y.byCategory['other/specialty']!).toMatchObject({ text: '—', reason: 'complementary' });
      expect([y.clinicianSide, ...Object.values(y.byCategory)].filter((c) => c.suppressed).length).toBe(2);
      expect(y.perClinician['unknown/specialty']!.mean.text).toBe('—');
    }
  });

  it('must not: the large categories and totals are exact', () => {
    const y = d.years[0]!;
    expect(y.byCategory['physician/primary_care']!.text).toBe('52,000');
    expect(y.clinicianSide.text).toBe('200,507');
    expect(d.response.within1d.text).toBe('73.4% (515,195/701,900)');
    expect(d.threads.within.text).toBe('95.0% (412,479/434,188)');
  });

  it('growth: a change resting on a hidden endpoint is hidden; shown changes carry a sign and a share', () => {
    const g = d.growth!;
    expect(g.byCategory['unknown/specialty']!.change.text).toBe('—');
    expect(g.byCategory['other/specialty']!.change.text).toBe('—');
    expect(g.byCategory['physician/primary_care']!.change.text).toBe('+42,770');
    expect(g.byCategory['physician/primary_care']!.share.text).toBe('34.7% (+42,770/+123,385)');
    // Two hidden changes protect each other: the total change stays.
    expect(g.total.suppressed).toBe(false);
  });

  it('growth must suppress the total change when exactly one change is hidden (else total minus shown = it)', () => {
    const one: StudyResult = structuredClone(study);
    const g0 = one.growth!;
    const keep = (k: string) => ({ ...g0.by_category[k]! });
    // A category absent from the yearly table with a small starting count: its change alone is hidden.
    g0.by_category = {
      'physician/primary_care': keep('physician/primary_care'),
      'registered_nurse/specialty': keep('registered_nurse/specialty'),
      'z/specialty': { from: 4, to: 30, change: 26, share_of_change: { n: 26, N: 1 } },
    };
    const g = discloseStudy(one, DEFAULT_SETTINGS).growth!;
    expect(Object.values(g.byCategory).filter((e) => e.change.suppressed).length).toBe(1);
    expect(g.total.suppressed).toBe(true);
    // Shares rest on the total: hidden with it.
    expect(g.byCategory['physician/primary_care']!.share.suppressed).toBe(true);
  });

  it('the load figures: a small quarantined count and its complement beside rows read', () => {
    expect(d.load.quarantined.text).toBe('<11');
    expect(d.load.duplicates.text).toBe('—');
    expect(d.load.accepted.text).toBe('1,230,001');
    expect(d.load.rowsRead.text).toBe('1,234,567');
  });

  it('time of day: the unknown role\u2019s small hours and windows are hidden, its zeros shown', () => {
    const u = d.timeOfDay.unknown!;
    expect(u.total.text).toBe('11');
    expect(u.hours[7]!.text).toBe('<11');
    expect(u.hours[0]!.text).toBe('0');
    expect(u.working.text).toBe('—');
    expect(u.evening.text).toBe('—');
    expect(d.timeOfDay.physician!.evening.text).toBe('6.9% (17,062/246,000)');
  });

  it('rounds: one small bucket beside the thread total forces a second', () => {
    const s: StudyResult = structuredClone(study);
    s.threads.rounds['5+'] = 6;
    s.threads.le4_rounds = { n: s.threads.rounds['1'] + s.threads.rounds['2'] + s.threads.rounds['3'] + s.threads.rounds['4'], N: 0 };
    s.threads.le4_rounds.N = s.threads.le4_rounds.n + 6;
    const r = discloseStudy(s, DEFAULT_SETTINGS).threads;
    expect(r.rounds.find((b) => b.label === '5+')!.count.text).toBe('<11');
    expect(
      r.rounds.filter((b) => b.count.suppressed).length + (r.within.N.suppressed ? 1 : 0) + (r.within.n.suppressed ? 1 : 0),
    ).toBeGreaterThanOrEqual(2);
    // N = le4 + 5+: with 5+ hidden, le4 or N must be hidden too (else N - le4 = 5+).
    expect(r.within.n.suppressed || r.within.N.suppressed).toBe(true);
  });
});

describe('study disclosure by audience', () => {
  it('public (the default, `study --release`) must hide every small count; organisation must not hide small message counts', () => {
    const pub = discloseStudy(study, DEFAULT_SETTINGS, 'public');
    const org = discloseStudy(study, DEFAULT_SETTINGS, 'organisation');
    const y = study.years[0]!;
    expect(pub.years[0]!.byCategory['unknown/specialty']!.text).toBe('<11');
    expect(org.years[0]!.byCategory['unknown/specialty']!.text).toBe(String(y.messages.by_category['unknown/specialty']));
    expect(org.years[0]!.byCategory['other/specialty']!.suppressed).toBe(false);
  });

  it('carries the figures of all patient messages whose follow-up is complete', () => {
    const r = study.response;
    const N = r.within_1d.N + r.unanswered;
    expect(d.response.within1dOfAll.n.value).toBe(r.within_1d.n);
    expect(d.response.within1dOfAll.N.value).toBe(N);
    expect(d.response.replyRate.n.value).toBe(r.within_1d.N);
  });
});
