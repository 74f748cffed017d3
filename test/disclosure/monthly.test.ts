// Disclosure of the fixture monthly result (test/fixtures/results/monthly.json) by audience. First each
// audience's default rule, with a case that must hide and one that must not; then, under rules that hide
// every small count (STRICT), the complementary suppression: the tiny department, the organisation page's
// department table, the emails, the trend, and what a lead could subtract.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discloseMonth, discloseMonthly, type DisclosedSection, type PageRow } from '../../lib/disclosure/index.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../lib/settings/index.ts';

const monthly = JSON.parse(readFileSync(new URL('../fixtures/results/monthly.json', import.meta.url), 'utf8')) as MonthlyResult;
const ALL = ['patients', 'messages', 'clinicians', 'threads', 'rows'];
const STRICT = resolveSettings({
  disclosure: { audiences: { department: { hide: ALL, complementary: true }, organisation: { hide: ALL, complementary: true } } },
});
const d = discloseMonthly(monthly, STRICT);
const ids = Object.keys(monthly.departments);

describe('the default rule of each audience', () => {
  const def = discloseMonthly(monthly, DEFAULT_SETTINGS).current;
  const sleep = monthly.departments['d-sleep']!;

  it('department, must not hide: the tiny department’s own email shows its 9 messages and 6 patients exactly', () => {
    const s = def.departments['d-sleep']!;
    expect(s.received.text).toBe('9');
    expect(s.activePatients.text).toBe('6');
    expect(s.within1dOfAll.text).toBe('50.0% (4/8)');
    expect(s.hours!.every((h) => !h.suppressed)).toBe(true);
  });

  it('department, must hide: a site whose department rule hides small message counts gets <11 in the email', () => {
    const strict = resolveSettings({ disclosure: { audiences: { department: { hide: ['messages'], complementary: true } } } });
    const s = discloseMonthly(monthly, strict).current.departments['d-sleep']!;
    expect(s.received.text).toBe('<11');
    expect(s.within1dOfAll).toMatchObject({ text: '—', suppressed: true });
    // A patients count is not a message count: this rule leaves it.
    expect(s.activePatients.text).toBe('6');
  });

  it('organisation, must hide: on the page, a department’s count of distinct patients from 1 to 10 is <11', () => {
    expect(def.pageRows['d-sleep']!.activePatients).toMatchObject({ text: '<11', suppressed: true, reason: 'small' });
    expect(sleep.active_patients).toBe(6);
  });

  it('organisation, must not hide: the page shows small counts of messages, replies and clinicians, and large patient counts', () => {
    const row = def.pageRows['d-sleep']!;
    expect(row.received.text).toBe('9');
    expect(row.within1d.text).toBe('66.7% (4/6)');
    expect(row.clinicians.text).toBe('3');
    expect(def.pageRows['d-fam']!.activePatients.text).toBe('943');
    expect(def.organisation.activePatients.text).toBe('2,076');
  });
});

const hidden = (c: { suppressed: boolean }): boolean => c.suppressed;

describe('a department email under a rule that hides every small count', () => {
  it('must suppress: the tiny department shows <11 and hides its rates and median', () => {
    const s = d.current.departments['d-sleep']!;
    expect(s.received.text).toBe('<11');
    expect(s.sent.text).toBe('<11');
    expect(s.within1d).toMatchObject({ text: '—', suppressed: true });
    expect(s.medianHours).toMatchObject({ text: '—', suppressed: true });
    expect(s.hours!.filter(hidden).length).toBe(6);
    expect(s.hours![0]).toMatchObject({ text: '0', suppressed: false });
  });

  it('must not: a large department shows its figures exactly', () => {
    const s = d.current.departments['d-fam']!;
    expect(s.received.text).toBe('1,714');
    expect(s.within1d.text).toBe('78.0% (1,277/1,638)');
    expect(s.medianHours.text).toBe('16.6 h');
  });

  it('must suppress: a small pending count beside answered and unanswered hides unanswered too', () => {
    const s = d.current.departments['d-derm']!;
    expect(s.pending.text).toBe('<11');
    expect(s.unanswered).toMatchObject({ text: '—', reason: 'complementary' });
    // received = answered + unanswered + pending: never exactly one of the four hidden.
    for (const id of ids) {
      const x = d.current.departments[id]!;
      expect([x.received, x.within1d.N, x.unanswered, x.pending].filter(hidden).length, id).not.toBe(1);
    }
  });

  it('categories, clinicians and hours never leave exactly one hidden cell beside their total', () => {
    const check = (s: DisclosedSection, who: string) => {
      expect([s.sent, ...Object.values(s.byCategory)].filter(hidden).length, `${who} categories`).not.toBe(1);
      expect([s.clinicians, ...Object.values(s.cliniciansByCategory)].filter(hidden).length, `${who} clinicians`).not.toBe(1);
      expect([s.sent, ...s.hours!].filter(hidden).length, `${who} hours`).not.toBe(1);
      // The evening window (17:00-19:00) is the sum of two hour bars.
      expect([s.evening.n, s.hours![17]!, s.hours![18]!].filter(hidden).length, `${who} evening`).not.toBe(1);
    };
    for (const id of ids) check(d.current.departments[id]!, id);
    check(d.current.organisation, 'organisation');
    // Cardiology's 9 messages by unknown-role clinicians force a second category to be hidden.
    expect(d.current.departments['d-card']!.byCategory['unknown/specialty']!.text).toBe('<11');
    expect(d.current.departments['d-card']!.byCategory['other/specialty']!.reason).toBe('complementary');
  });

  it('a department hidden on the page to protect another still sees its own figures', () => {
    expect(d.current.pageRows['d-derm']!.received).toMatchObject({ text: '—', reason: 'complementary' });
    expect(d.current.departments['d-derm']!.received.text).toBe('415');
  });
});

describe('the organisation page under a rule that hides every small count', () => {
  const rows = d.current.pageRows;
  const org = d.current.organisation;
  const columns: Array<[string, (r: PageRow) => { suppressed: boolean }, { suppressed: boolean }]> = [
    ['received', (r) => r.received, org.received],
    ['sent', (r) => r.sent, org.sent],
    ['answered', (r) => r.within1d.N, org.within1d.N],
    ['within 1 day', (r) => r.within1d.n, org.within1d.n],
    ['within 3 days', (r) => r.within3d.n, org.within3d.n],
    ['unanswered', (r) => r.unanswered, org.unanswered],
    ['pending', (r) => r.pending, org.pending],
    ['evening', (r) => r.evening.n, org.evening.n],
    ['threads', (r) => r.threadsWithin.N, org.threadsWithin.N],
  ];

  it('no column lets anyone, or any lead knowing their own figures, subtract their way to a hidden cell', () => {
    for (const [name, get, total] of columns) {
      for (const reader of [null, ...ids]) {
        const unknown = ids.filter((id) => {
          const pageCell = get(rows[id]!);
          if (!pageCell.suppressed) return false;
          if (reader === id) return get(d.current.departments[id]!).suppressed; // a lead knows their own shown figures
          return true;
        });
        const totalUnknown = total.suppressed ? 1 : 0;
        expect(unknown.length + totalUnknown, `${name}, reader ${reader ?? 'anyone'}`).not.toBe(1);
      }
    }
  });

  it('must suppress: the tiny department and two others are hidden in the received column; the total stays', () => {
    const hiddenIds = ids.filter((id) => rows[id]!.received.suppressed).sort();
    expect(hiddenIds).toEqual(['d-card', 'd-derm', 'd-sleep']);
    expect(org.received.text).toBe('4,009');
  });

  it('must not: large departments are shown in full on the page', () => {
    expect(rows['d-fam']!.within1d.text).toBe('78.0% (1,277/1,638)');
    expect(rows['d-int']!.received.text).toBe('1,167');
  });
});

describe('the trend', () => {
  it('agrees with the month disclosed in full (same cells hidden, same values shown)', () => {
    for (const id of ids) {
      const last = d.trend!.departments[id]!.at(-1)!;
      expect(last.month).toBe('2017-06');
      expect(last.received.text).toBe(d.current.departments[id]!.received.text);
      expect(last.within1d.text).toBe(d.current.departments[id]!.within1d.text);
    }
    expect(d.trend!.organisation.at(-1)!.received.text).toBe(d.current.organisation.received.text);
  });

  it('must suppress: the tiny department\u2019s months are <11 throughout', () => {
    expect(d.trend!.departments['d-sleep']!.every((p) => p.received.text === '<11')).toBe(true);
  });

  it('must suppress: with two departments, the organisation trend hides what one lead could subtract', () => {
    const two: MonthlyResult = {
      ...monthly,
      trend: {
        organisation: monthly.trend!.organisation.map((p, i) => ({
          ...p,
          patient_side: monthly.trend!.departments['d-fam']![i]!.patient_side + 5,
        })),
        departments: {
          'd-fam': monthly.trend!.departments['d-fam']!,
          'd-tiny': monthly.trend!.departments['d-fam']!.map((p) => ({ ...p, patient_side: 5 })),
        },
      },
      previous_month: undefined,
      same_month_last_year: undefined,
    };
    const t = discloseMonthly(two, STRICT).trend!;
    // Month 0 is not disclosed in full: its organisation "received" would be d-fam's plus the tiny one.
    expect(t.organisation[0]!.received.suppressed).toBe(true);
    expect(t.departments['d-fam']![0]!.received.suppressed).toBe(false);
  });
});

describe('the threshold setting', () => {
  it('with max_small_count 5, the tiny department\u2019s 9 messages are shown', () => {
    const s5 = resolveSettings({ disclosure: { max_small_count: 5, audiences: { department: { hide: ALL, complementary: true } } } });
    const m = discloseMonth('2017-06', monthly.organisation, monthly.departments, s5);
    expect(m.departments['d-sleep']!.received.text).toBe('9');
    expect(m.departments['d-sleep']!.pending.text).toBe('<6');
  });
});
