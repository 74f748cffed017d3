// The department email's model from the fixture monthly result: values, comparisons (with words, not
// only colour), suppression, link, subject, charts and their alt text.
import { describe, expect, it } from 'vitest';
import { buildDepartmentReport, type HeadlineFigure } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../lib/settings/index.ts';
import { loadMonthly, STRICT_SETTINGS } from './fixtures.ts';

const monthly = loadMonthly();
const fam = buildDepartmentReport(monthly, 'd-fam', DEFAULT_SETTINGS);
const get = (m: { headlines: HeadlineFigure[] }, key: HeadlineFigure['key']): HeadlineFigure => m.headlines.find((h) => h.key === key)!;

describe('department model: values', () => {
  it('identifies the department and month, and has a plain subject line', () => {
    expect(fam.kind).toBe('department');
    expect(fam.department).toEqual({ id: 'd-fam', name: 'Family Medicine', careSetting: 'primary_care', careSettingLabel: 'primary care' });
    expect(fam.month).toBe('2017-06');
    expect(fam.monthLabel).toBe('June 2017');
    expect(fam.subject).toBe('Patient messaging report, June 2017: Family Medicine');
    expect(fam.dataCutoffLabel).toBe('3 July 2017, 09:05 (America/Chicago)');
  });

  it('holds every headline figure, in order, with n/N where it is a rate', () => {
    expect(fam.headlines.map((h) => h.key)).toEqual([
      'messages_received', 'messages_sent', 'replied_within_1d', 'replied_within_3d', 'median_reply_hours',
      'unanswered', 'pending', 'after_hours_evening', 'after_hours_night', 'after_hours_weekend', 'threads_within_rounds',
    ]);
    expect(get(fam, 'messages_received').value.text).toBe('1,714');
    expect(get(fam, 'messages_sent').value.text).toBe('2,033');
    expect(get(fam, 'replied_within_1d').value.text).toBe('78.0% (1,277/1,638)');
    expect(get(fam, 'replied_within_3d').value.text).toBe('94.1% (1,542/1,638)');
    expect(get(fam, 'median_reply_hours').value.text).toBe('16.6 h');
    expect(get(fam, 'unanswered').value.text).toBe('55');
    expect(get(fam, 'pending').value.text).toBe('21');
    expect(get(fam, 'after_hours_evening').value.text).toBe('7.1% (144/2,033)');
    expect(get(fam, 'threads_within_rounds').value.text).toBe('95.0% (1,010/1,063)');
    expect(get(fam, 'after_hours_evening').label).toContain('17:00-19:00');
  });

  it('compares with the previous month, the same month last year and the organisation, in words', () => {
    const r = get(fam, 'replied_within_1d');
    expect(r.comparisons.map((c) => c.against)).toEqual(['previous_month', 'same_month_last_year', 'organisation']);
    expect(r.comparisons.map((c) => c.label)).toEqual(['May 2017', 'June 2016', 'Organisation']);
    const prev = monthly.previous_month!.departments['d-fam']!.response.within_1d;
    const diff = Math.round((1277 / 1638 - prev.n / prev.N) * 1000) / 10;
    const c = r.comparisons[0]!;
    expect(c.value.text).toBe(`${((100 * prev.n) / prev.N).toFixed(1)}% (${prev.n.toLocaleString('en-US')}/${prev.N.toLocaleString('en-US')})`);
    expect(c.change.direction).toBe(diff > 0 ? 'up' : diff < 0 ? 'down' : 'same');
    expect(c.change.word).toBe(diff > 0 ? 'higher' : diff < 0 ? 'lower' : 'the same');
    expect(c.change.assessment).toBe(diff > 0 ? 'better' : diff < 0 ? 'worse' : 'neutral');
    expect(c.change.sentence).toContain('May 2017');
    // The organisation comparison carries the organisation's disclosed figure.
    expect(r.comparisons[2]!.value.text).toBe('78.5% (2,992/3,812)');
    expect(r.comparisons[2]!.change.sentence).toBe('0.5 points lower than the organisation (78.5%).');
  });

  it('a longer median reply time is worse; more messages is neutral', () => {
    const m = get(fam, 'median_reply_hours').comparisons[2]!;
    expect(m.change).toMatchObject({ text: '+2.4 h', direction: 'up', assessment: 'worse' });
    expect(get(fam, 'messages_received').comparisons[0]!.change.assessment).toBe('neutral');
  });

  it('holds messages per clinician by category, with the organisation beside it', () => {
    const t = fam.perClinician;
    expect(t.columns.map((c) => c.label)).toEqual(['Messages sent', 'Active clinicians', 'Messages per clinician', 'Organisation, per clinician']);
    const phys = t.rows.find((r) => r.key === 'physician/primary_care')!;
    expect(phys.header).toBe('Physician, primary care');
    expect(phys.cells.map((c) => c.text)).toEqual(['915', '42', '21.8', (1583 / 77).toFixed(1)]);
    expect(t.rows.at(-1)).toMatchObject({ key: 'all', isTotal: true });
  });

  it('the business-hours figures, when the result has them', () => {
    expect(fam.businessHours!.map((h) => h.key)).toEqual(['replied_within_1d', 'replied_within_3d', 'median_reply_hours']);
    expect(fam.businessHours![0]!.value.text).toBe('70.1% (1,149/1,638)');
  });
});

describe('department model: disclosure', () => {
  const sleep = buildDepartmentReport(monthly, 'd-sleep', STRICT_SETTINGS);

  it('must suppress: the tiny department shows <11 and —, never its counts', () => {
    expect(get(sleep, 'messages_received').value.text).toBe('<11');
    expect(get(sleep, 'replied_within_1d').value.text).toBe('—');
    expect(get(sleep, 'median_reply_hours').value.text).toBe('—');
    expect(sleep.disclosure.anySuppressed).toBe(true);
    expect(sleep.summary).toContain('fewer than 11 patient messages');
    const json = JSON.stringify(sleep.headlines);
    expect(json).not.toMatch(/"value":9\b/);
  });

  it('no change is computed against a hidden value (it would reveal it)', () => {
    const c = get(sleep, 'messages_received').comparisons[2]!;
    expect(c.value.text).toBe('4,009');
    expect(c.change).toMatchObject({ text: '—', direction: null, word: 'not comparable', assessment: null });
  });

  it('must not: a large department has nothing suppressed in its headline volumes', () => {
    expect(get(fam, 'messages_received').value.suppressed).toBe(false);
    expect(fam.summary).toBe('In June 2017, Family Medicine received 1,714 patient messages and sent 2,033 clinician messages; replied within 1 day: 78.0% (1,277/1,638).');
  });

  it('the disclosure notes follow the threshold setting', () => {
    expect(fam.disclosure.smallText).toBe('<11');
    const s5 = resolveSettings({ disclosure: { max_small_count: 5 } });
    const m = buildDepartmentReport(loadMonthly(), 'd-sleep', s5);
    expect(m.disclosure.smallText).toBe('<6');
    expect(get(m, 'messages_received').value.text).toBe('9');
  });

  it('a name with <, & and quotes is carried as plain text (escaping is the template\u2019s job)', () => {
    const derm = buildDepartmentReport(monthly, 'd-derm', DEFAULT_SETTINGS);
    expect(derm.department.name).toBe(`Dermatology <Main> & "Skin" O'Neil Clinic`);
    expect(derm.subject).toContain(`Dermatology <Main> & "Skin" O'Neil Clinic`);
  });
});

describe('department model: link, charts, errors', () => {
  it('links the hosted organisation page when settings.reports.link_base is set, else none', () => {
    expect(fam.organisationLink).toBeNull();
    const s = resolveSettings({ reports: { link_base: 'https://reports.example.org/pulse/' } });
    expect(buildDepartmentReport(monthly, 'd-fam', s).organisationLink).toEqual({ href: 'https://reports.example.org/pulse/pages/organisation-2017-06.html', text: 'Organisation report for June 2017' });
  });

  it('has the trend and hour charts with alt text stating the numbers', () => {
    const { trendRates, trendVolume, hours } = buildDepartmentReport(monthly, 'd-fam', STRICT_SETTINGS).charts;
    expect(trendRates!.id).toBe('trend-rates');
    expect(trendRates!.alt).toContain('Jun 2017 78.0%');
    expect(trendRates!.alt).toContain('Jul 2016');
    expect(trendVolume!.alt).toContain('Jun 2017 1,714');
    expect(hours!.alt).toContain('09:00');
    const h9 = monthly.departments['d-fam']!.clinician_hours![9]!;
    expect(hours!.alt).toContain(`09:00 ${h9.toLocaleString('en-US')}`);
    expect(hours!.alt).toContain('01:00 <11');
    expect(hours!.note).toMatch(/not drawn/);
  });

  it('has no charts when the result has no trend or hours', () => {
    const m = loadMonthly();
    delete m.trend;
    delete m.departments['d-fam']!.clinician_hours;
    const r = buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS);
    expect(r.charts).toEqual({ trendRates: null, trendVolume: null, hours: null });
  });

  it('an unknown department is a user-facing error naming it', () => {
    expect(() => buildDepartmentReport(monthly, 'd-nope', DEFAULT_SETTINGS)).toThrow(/department 'd-nope' is not in the 2017-06 results \(known: d-fam/);
    try {
      buildDepartmentReport(monthly, 'd-nope', DEFAULT_SETTINGS);
    } catch (e) {
      expect((e as { userFacing?: boolean }).userFacing).toBe(true);
    }
  });

  it('leaves out comparisons the result does not carry', () => {
    const m = loadMonthly();
    delete m.previous_month;
    delete m.same_month_last_year;
    const r = buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS);
    expect(r.headlines[0]!.comparisons.map((c) => c.against)).toEqual(['organisation']);
  });
});
