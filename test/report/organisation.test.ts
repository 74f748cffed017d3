// The organisation page's model: headlines, the department table disclosed with the emails, charts.
import { describe, expect, it } from 'vitest';
import { buildDepartmentReport, buildOrganisationReport } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { loadMonthly } from './fixtures.ts';
import { STRICT_SETTINGS } from './fixtures.ts';

// The fixture's cut-off (3 July, 09:05) leaves June preliminary; most tests read it as a complete month.
const monthly = { ...loadMonthly(), preliminary: false };
const org = buildOrganisationReport(monthly, DEFAULT_SETTINGS);
const strict = buildOrganisationReport(monthly, STRICT_SETTINGS);

describe('organisation model', () => {
  it('headlines for the whole organisation, compared with the previous month and last year only', () => {
    expect(org.kind).toBe('organisation');
    expect(org.title).toBe('Patient messaging, organisation report, June 2017');
    // 3,812 answered + 144 unanswered = 3,956 whose follow-up is complete.
    expect(org.headlines[0]!.value.text).toBe('68.0% (2,692/3,956)');
    expect(org.headlines.find((h) => h.key === 'replied_within_1d_of_all')!.value.text).toBe('75.6% (2,992/3,956)');
    expect(org.headlines.find((h) => h.key === 'messages_received')!.value.text).toBe('4,009');
    for (const h of org.headlines) for (const c of h.comparisons) expect(['previous_month', 'same_month_last_year']).toContain(c.against);
    expect(org.preliminary).toBeNull();
  });

  it('a table of every department (sorted by name) and the organisation total row, with real columns', () => {
    const t = org.departments;
    expect(t.rowHeaderLabel).toBe('Department');
    expect(t.rows.map((r) => r.key)).toEqual(['d-card', 'd-derm', 'd-fam', 'd-int', 'd-sleep', 'organisation']);
    expect(t.rows.at(-1)).toMatchObject({ header: 'Organisation', isTotal: true });
    for (const r of t.rows) expect(r.cells).toHaveLength(t.columns.length);
    expect(t.columns.map((c) => c.label)).toEqual([
      'Patient messages',
      'Change on May 2017',
      'Replied within 1 business day',
      'Replied within 1 day',
      'Change on May 2017',
      'Replied at all',
      'Unanswered',
      'Median time to reply',
    ]);
    const fam = t.rows.find((r) => r.key === 'd-fam')!;
    // 1,714 against May's 1,937: beyond chance; 75.4% against 72.8% on ~1,700 each: within chance.
    expect(fam.cells.map((c) => c.text)).toEqual([
      '1,714',
      '\u2212223 (\u221211.5%), lower',
      '67.9% (1,149/1,693)',
      '75.4% (1,277/1,693)',
      'about the same',
      '96.8% (1,638/1,693)',
      '3.2% (55/1,693)',
      '16.6 h',
    ]);
  });

  it('the page shows small message counts (organisation rule) and the tiny department\u2019s change is about the same', () => {
    const sleep = org.departments.rows.find((r) => r.key === 'd-sleep')!;
    expect(sleep.cells[0]!.text).toBe('9');
    expect(sleep.cells[1]!.text).toBe('about the same');
  });

  it('must suppress: the tiny department and two complements in the table; the emails of those two are unaffected', () => {
    const received = (key: string) => strict.departments.rows.find((r) => r.key === key)!.cells[0]!;
    expect(received('d-sleep').text).toBe('<11');
    expect(received('d-derm').text).toBe('—');
    expect(received('d-card').text).toBe('—');
    expect(received('organisation').text).toBe('4,009');
    expect(buildDepartmentReport(monthly, 'd-derm', STRICT_SETTINGS).headlines.find((h) => h.key === 'messages_received')!.value.text).toBe(
      '415',
    );
  });

  it('the organisation figures in a department email (its share of the volume) are the page\u2019s figures', () => {
    const card = buildDepartmentReport(monthly, 'd-card', STRICT_SETTINGS);
    for (const h of card.headlines) {
      const c = h.comparisons.find((x) => x.against === 'organisation');
      if (c) expect(c.value.text, h.key).toBe(strict.headlines.find((x) => x.key === h.key)!.value.text);
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
