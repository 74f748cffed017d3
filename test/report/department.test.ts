// The department email's model from the fixture monthly result: values, comparisons (with words, not
// only colour), suppression, link, subject, charts and their alt text.
import { describe, expect, it } from 'vitest';
import { buildDepartmentReport, type HeadlineFigure } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../lib/settings/index.ts';
import { loadMonthly, loadPreliminaryMonthly, STRICT_SETTINGS } from './fixtures.ts';
import { UserError } from '../../lib/errors/index.ts';

// The fixture's cut-off (3 July, 09:05) leaves June preliminary; most tests read it as a complete month.
const monthly = { ...loadMonthly(), preliminary: false };
const fam = buildDepartmentReport(monthly, 'd-fam', DEFAULT_SETTINGS);
const get = (m: { headlines: HeadlineFigure[] }, key: HeadlineFigure['key']): HeadlineFigure => m.headlines.find((h) => h.key === key)!;

describe('department model: values', () => {
  it('identifies the department and month, and has a plain subject line', () => {
    expect(fam.kind).toBe('department');
    expect(fam.department).toEqual({ id: 'd-fam', name: 'Family Medicine', careSetting: 'primary_care', careSettingLabel: 'primary care' });
    expect(fam.month).toBe('2017-06');
    expect(fam.monthLabel).toBe('June 2017');
    expect(fam.subject).toBe('Patient messaging report, June 2017: Family Medicine');
    expect(fam.dataCutoffLabel).toBe('5 July 2017, 09:05 (America/Chicago)');
  });

  it('leads with the shares of all patient messages (business day, then day), the reply rate and unanswered, each as x% (n/N)', () => {
    expect(fam.headlines.map((h) => h.key)).toEqual([
      'replied_within_1bd_of_all',
      'replied_within_1d_of_all',
      'reply_rate',
      'unanswered',
      'replied_within_3d_of_all',
      'messages_received',
      'messages_sent',
      'median_reply_hours',
      'pending',
      'after_hours_evening',
      'after_hours_night',
      'after_hours_weekend',
      'threads_within_rounds',
    ]);
    // d-fam: 1,638 answered + 55 unanswered = 1,693 whose follow-up is complete.
    expect(get(fam, 'replied_within_1bd_of_all').value.text).toBe('67.9% (1,149/1,693)');
    expect(get(fam, 'replied_within_1d_of_all').value.text).toBe('75.4% (1,277/1,693)');
    expect(get(fam, 'reply_rate').value.text).toBe('96.8% (1,638/1,693)');
    expect(get(fam, 'unanswered').value.text).toBe('3.2% (55/1,693)');
    expect(get(fam, 'messages_received').value.text).toBe('1,714');
    expect(get(fam, 'median_reply_hours').value.text).toBe('16.6 h');
    expect(get(fam, 'pending').value.text).toBe('21');
    expect(get(fam, 'after_hours_evening').value.text).toBe('7.1% (144/2,033)');
    expect(get(fam, 'after_hours_evening').label).toContain('17:00-19:00');
    expect(fam.summary).toContain('75.4% (1,277/1,693)');
  });

  it('every rate carries its 95% Wilson interval; a count does not', () => {
    // 1,277/1,693: Wilson 73.3-77.4% (worked in test/stats).
    expect(get(fam, 'replied_within_1d_of_all').interval).toBe('95% interval 73.3\u201377.4%');
    expect(get(fam, 'messages_received').interval).toBeNull();
    for (const f of fam.headlines) if (f.value.kind === 'rate') expect(f.interval, f.key).toMatch(/^95% interval /);
  });

  it('compares with last month and last year only where a test says so, and with its peers; never with the organisation total', () => {
    const r = get(fam, 'replied_within_1d_of_all');
    expect(r.comparisons.map((c) => c.against)).toEqual(['previous_month', 'same_month_last_year', 'peers']);
    // May 2017: 72.8% against 75.4% on about 1,700 messages each: within chance.
    expect(r.comparisons[0]!.change).toMatchObject({ word: 'about the same', sentence: 'About the same as May 2017 (72.8%).' });
    // June 2016: 63.9%: 11.5 points, far beyond chance.
    expect(r.comparisons[1]!.change).toMatchObject({
      direction: 'up',
      word: 'higher',
      assessment: 'better',
      sentence: '11.5 points higher than June 2016 (63.9%).',
    });
    expect(r.comparisons[2]!.change.sentence).toBe('Primary care peers: median 75.8%; 2nd of 2, about the same as the others.');
    for (const f of fam.headlines)
      expect(
        f.comparisons.some((c) => c.change.sentence.includes('than the organisation')),
        f.key,
      ).toBe(false);
  });

  it('gives volumes as a share of the organisation, not beside its total', () => {
    const c = get(fam, 'messages_received').comparisons.find((x) => x.against === 'organisation')!;
    expect(c.change.sentence).toBe('42.8% of the organisation\u2019s 4,009 patient messages.');
    expect(c.change.assessment).toBeNull();
  });

  it('a median is given beside last month, not called better or worse (no test)', () => {
    const m = get(fam, 'median_reply_hours').comparisons[0]!;
    expect(m.change).toMatchObject({ sentence: 'May 2017: 16.1 h.', assessment: null });
  });

  it('holds messages per clinician by category beside the peers\u2019 median, with the note on clinicians in several departments', () => {
    const t = fam.perClinician;
    expect(t.columns.map((c) => c.label)).toEqual(['Messages sent', 'Active clinicians', 'Per clinician', 'Primary care peers, median']);
    const phys = t.rows.find((r) => r.key === 'physician/primary_care')!;
    expect(phys.header).toBe('Physician, primary care');
    const int = monthly.departments['d-int']!;
    const peerMedian =
      (915 / 42 + int.messages.by_category['physician/primary_care']! / int.active_clinicians.by_category['physician/primary_care']!) / 2;
    expect(phys.cells.map((c) => c.text)).toEqual(['915', '42', '21.8', peerMedian.toFixed(1)]);
    expect(t.notes.join(' ')).toMatch(/works in several departments counts in each/);
  });

  it('a small department: its own figures exactly, each rate marked as resting on few messages, and not ranked among peers', () => {
    const sleep = buildDepartmentReport(monthly, 'd-sleep', DEFAULT_SETTINGS);
    const r = get(sleep, 'replied_within_1d_of_all');
    expect(r.value.text).toBe('50.0% (4/8)');
    expect(r.interval).toBe('95% interval 21.5\u201378.5%');
    expect(r.few).toMatch(/few messages \(8\)/);
    expect(r.comparisons.find((c) => c.against === 'peers')!.change.sentence).toMatch(/not ranked \(fewer than 20 answered messages\)/);
    expect(get(fam, 'replied_within_1d_of_all').few).toBeNull();
    expect(sleep.disclosure.anySuppressed).toBe(false);
    expect(sleep.disclosure.notes).toEqual([]);
  });

  it('the few-messages threshold is a setting', () => {
    const s = resolveSettings({ reports: { few_messages: 5 } });
    expect(get(buildDepartmentReport(monthly, 'd-sleep', s), 'replied_within_1d_of_all').few).toBeNull();
  });
});

describe('department model: what changed and preliminary months', () => {
  it('names the largest change beyond chance on last month in one sentence', () => {
    // 1,714 against 1,937 patient messages: z = -223/sqrt(3,651) = -3.7.
    expect(fam.whatChanged).toBe('Patient messages fell by 223 (11.5%) on May 2017.');
  });

  it('says nothing when nothing changed beyond chance', () => {
    expect(buildDepartmentReport(monthly, 'd-sleep', DEFAULT_SETTINGS).whatChanged).toBeNull();
  });

  it('a preliminary month says so, with the cut-off, in the subject and the first line', () => {
    const m = loadPreliminaryMonthly();
    const r = buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS);
    expect(r.subject).toBe(
      'Preliminary (data up to 3 July 2017, 09:05 (America/Chicago)): Patient messaging report, June 2017: Family Medicine',
    );
    expect(r.preliminary).toMatch(
      /^Preliminary: data up to 3 July 2017, 09:05 .* The month is complete with data up to 3 July 2017, 23:59 \(America\/Chicago\)\.$/,
    );
    expect(r.summary.startsWith(r.preliminary!)).toBe(true);
    expect(fam.preliminary).toBeNull();
  });

  it('a month cut before its end says so, and sets no volume beside whole months (they are partial)', () => {
    const m = { ...loadMonthly(), preliminary: true, data_cutoff: '2017-06-07T14:00:00.000Z' };
    const r = buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS);
    expect(r.preliminary).toMatch(/^Preliminary: data up to 7 June 2017, 09:00 \(America\/Chicago\), before the month ends, /);
    expect(r.preliminary).toMatch(/before the month ends, .*volumes are not compared with other months\./);
    const received = r.headlines.find((h) => h.key === 'messages_received')!;
    expect(received.comparisons.map((c) => c.against)).toEqual(['organisation']);
    // The fixture's volume fell by 223 on May: not said of a partial month.
    expect(r.whatChanged === null || !r.whatChanged.startsWith('Patient messages')).toBe(true);
    // Shares are still compared (each is of the messages whose follow-up is complete).
    expect(r.headlines.find((h) => h.key === 'replied_within_1d_of_all')!.comparisons.length).toBeGreaterThan(0);
    // Within the follow-up (cut on 3 July) the month's messages are all in: volumes are compared.
    const within = buildDepartmentReport(loadPreliminaryMonthly(), 'd-fam', DEFAULT_SETTINGS);
    expect(within.headlines.find((h) => h.key === 'messages_received')!.comparisons.map((c) => c.against)).toEqual([
      'previous_month',
      'same_month_last_year',
      'organisation',
    ]);
  });
});

describe('department model: disclosure', () => {
  const sleep = buildDepartmentReport(monthly, 'd-sleep', STRICT_SETTINGS);

  it('must suppress: the tiny department shows <11 and —, never its counts', () => {
    expect(get(sleep, 'messages_received').value.text).toBe('<11');
    expect(get(sleep, 'replied_within_1d_of_all').value.text).toBe('—');
    expect(get(sleep, 'median_reply_hours').value.text).toBe('—');
    expect(sleep.disclosure.anySuppressed).toBe(true);
    expect(sleep.summary).toContain('fewer than 11 patient messages');
    expect(get(sleep, 'replied_within_1d_of_all').interval).toBeNull();
    const json = JSON.stringify(sleep.headlines);
    expect(json).not.toMatch(/"value":9\b/);
  });

  it('no change and no share is given against a hidden value (it would reveal it): the line is left out', () => {
    expect(get(sleep, 'messages_received').comparisons).toEqual([]);
  });

  it('must not: a large department has nothing suppressed in its headline volumes', () => {
    expect(get(fam, 'messages_received').value.suppressed).toBe(false);
    expect(fam.summary).toBe(
      'In June 2017, Family Medicine received 1,714 patient messages; 75.4% (1,277/1,693) of those whose follow-up is complete were ' +
        'replied within 1 day.',
    );
  });

  it('the disclosure notes follow the threshold setting', () => {
    expect(fam.disclosure.smallText).toBe('<11');
    const s5 = resolveSettings({ disclosure: { max_small_count: 5, audiences: STRICT_SETTINGS.disclosure.audiences } });
    const m = buildDepartmentReport(loadMonthly(), 'd-sleep', s5);
    expect(m.disclosure.smallText).toBe('<6');
    expect(get(m, 'messages_received').value.text).toBe('9');
    expect(get(m, 'pending').value.text).toBe('<6');
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
    expect(buildDepartmentReport(monthly, 'd-fam', s).organisationLink).toEqual({
      href: 'https://reports.example.org/pulse/pages/organisation-2017-06.html',
      text: 'Organisation report for June 2017',
    });
  });

  it('has the trend and hour charts with alt text stating the numbers', () => {
    const { trendRates, trendVolume, hours } = buildDepartmentReport(monthly, 'd-fam', STRICT_SETTINGS).charts;
    expect(trendRates!.id).toBe('trend-rates');
    expect(trendRates!.alt).toContain('Jun 2017 75.4%');
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
    expect(() => buildDepartmentReport(monthly, 'd-nope', DEFAULT_SETTINGS)).toThrow(
      /department 'd-nope' is not in the 2017-06 results \(known: d-fam/,
    );
    try {
      buildDepartmentReport(monthly, 'd-nope', DEFAULT_SETTINGS);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
    }
  });

  it('leaves out comparisons the result does not carry', () => {
    const m = loadMonthly();
    delete m.previous_month;
    delete m.same_month_last_year;
    const r = buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS);
    expect(r.headlines[0]!.comparisons.map((c) => c.against)).toEqual(['peers']);
    expect(get(r, 'messages_received').comparisons.map((c) => c.against)).toEqual(['organisation']);
  });
});
