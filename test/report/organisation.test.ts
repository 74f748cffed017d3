// The organisation page's model: headlines, the department table disclosed with the emails, charts.
import { describe, expect, it } from 'vitest';
import { buildDepartmentReport, buildOrganisationReport } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { loadMonthly } from './fixtures.ts';
import { STRICT_SETTINGS } from './fixtures.ts';

const monthly = loadMonthly();
const org = buildOrganisationReport(monthly, DEFAULT_SETTINGS);
const strict = buildOrganisationReport(monthly, STRICT_SETTINGS);

describe('organisation model', () => {
  it('headlines for the whole organisation, compared with the previous month and last year only', () => {
    expect(org.kind).toBe('organisation');
    expect(org.title).toBe('Patient messaging, organisation report, June 2017');
    expect(org.headlines[0]!.value.text).toBe('4,009');
    expect(org.headlines.find((h) => h.key === 'replied_within_1d')!.value.text).toBe('78.5% (2,992/3,812)');
    expect(org.headlines[0]!.comparisons.map((c) => c.against)).toEqual(['previous_month', 'same_month_last_year']);
  });

  it('a table of every department (sorted by name) and the organisation total row, with real columns', () => {
    const t = org.departments;
    expect(t.rowHeaderLabel).toBe('Department');
    expect(t.rows.map((r) => r.key)).toEqual(['d-card', 'd-derm', 'd-fam', 'd-int', 'd-sleep', 'organisation']);
    expect(t.rows.at(-1)).toMatchObject({ header: 'Organisation', isTotal: true });
    for (const r of t.rows) expect(r.cells).toHaveLength(t.columns.length);
    const fam = t.rows.find((r) => r.key === 'd-fam')!;
    expect(fam.cells.map((c) => c.text)).toEqual(['1,714', '2,033', '78.0% (1,277/1,638)', '94.1% (1,542/1,638)', '16.6 h', '55', '21', '7.1% (144/2,033)', '95.0% (1,010/1,063)']);
  });

  it('must suppress: the tiny department and two complements in the table; the emails of those two are unaffected', () => {
    const received = (key: string) => strict.departments.rows.find((r) => r.key === key)!.cells[0]!;
    expect(received('d-sleep').text).toBe('<11');
    expect(received('d-derm').text).toBe('—');
    expect(received('d-card').text).toBe('—');
    expect(received('organisation').text).toBe('4,009');
    expect(buildDepartmentReport(monthly, 'd-derm', STRICT_SETTINGS).headlines[0]!.value.text).toBe('415');
  });

  it('the organisation figures in a department email are the page\u2019s figures', () => {
    const card = buildDepartmentReport(monthly, 'd-card', STRICT_SETTINGS);
    for (const h of card.headlines) {
      const onPage = strict.headlines.find((x) => x.key === h.key)!.value.text;
      expect(h.comparisons.find((c) => c.against === 'organisation')!.value.text, h.key).toBe(onPage);
    }
  });

  it('the organisation by-category table hides the small category and a complement', () => {
    const t = strict.perClinician;
    const cell = (k: string) => t.rows.find((r) => r.key === k)!.cells[0]!;
    expect(cell('unknown/specialty').text).toBe('<11');
    expect(cell('other/specialty').text).toBe('—');
    expect(t.columns).toHaveLength(3);
  });

  it('charts for the organisation trend and hours, alt text with numbers', () => {
    expect(org.charts.trendVolume!.alt).toContain('Jun 2017 4,009');
    expect(org.charts.hours!.title).toBe('Organisation: clinician messages by hour of day');
    expect(org.settingsNotes.join(' ')).toContain('America/Chicago');
  });
});
