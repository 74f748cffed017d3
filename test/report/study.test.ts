// The study page's model: the figure set as tables, every rate as x% (n/N) with its 95% interval,
// headlines beside the published figures, the methods box, and the two audiences.
import { describe, expect, it } from 'vitest';
import { buildStudyReport, PUBLISHED_FIGURES } from '../../lib/report/index.ts';
import { numberSettings } from '../../lib/report/study.ts';
import type { RateCell, StudyReportModel, TableModel } from '../../lib/report/model-types.ts';
import type { StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { loadStudy, walk } from './fixtures.ts';

const model = buildStudyReport(loadStudy(), DEFAULT_SETTINGS);
const released = buildStudyReport(loadStudy(), DEFAULT_SETTINGS, { audience: 'public' });

function table(m: StudyReportModel, id: string): TableModel {
  const t = [...m.sections.flatMap((s) => s.tables), m.methods.dataQuality].find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}
const texts = (t: TableModel, key: string) => t.rows.find((r) => r.key === key)!.cells.map((c) => c.text);

describe('study model', () => {
  it('names the range, the engine, the cut-off and the audience', () => {
    expect(model.periodLabel).toBe('January 2015 to December 2017');
    expect(model.engineNote).toBe('DuckDB (exact percentiles)');
    expect(model.dataCutoffLabel).toBe('2 January 2018, 03:12 (America/Chicago)');
    expect(model.audience).toBe('organisation');
    expect(released.audience).toBe('public');
    expect(released.title).toMatch(/public release/);
  });

  it('puts each headline beside the published figure from reference-figures.md, with its interval', () => {
    const h = Object.fromEntries(model.headlines.map((x) => [x.key, x]));
    expect(h['replied_within_1d']!.ours.text).toBe('73.4% (515,195/701,900)');
    // Wilson, z = 1.96: 0.73400 ± 1.96·√(0.734·0.266/701,900) ≈ ±0.00103.
    expect((h['replied_within_1d']!.ours as RateCell).interval).toBe('73.3\u201373.5%');
    expect(h['replied_within_1d']!.published.text).toBe('72.2% (1,272,069/1,761,739)');
    expect(h['replied_within_3d']!.published.text).toBe('90.6% (about 1,596,000/1,761,739)');
    expect(h['threads_within_rounds']!.published.text).toBe('95.1% (1,499,316/1,576,205)');
    expect(h['physician_evening']!.ours.text).toBe('6.9% (17,062/246,000)');
    expect(h['physician_evening']!.published.text).toBe(PUBLISHED_FIGURES.physician_evening.text);
    expect(h['np_pa_evening']!.published.text).toBe('5.4% (22,121/408,526)');
    expect(h['growth_categories']!.ours.text).toMatch(
      /^Physician, primary care \(\+42,770, 34\.7% of the change\); Registered nurse, specialty/,
    );
    expect(h['heaviest_workload']!.ours.text).toContain('2015: NP or PA, primary care');
    expect(h['busiest_hours']!.ours.text).toMatch(/^\d+\.\d% \([\d,]+\/[\d,]+\)$/);
  });

  it('every rate is x% (n/N) with a 95% interval, or hidden, or n/a', () => {
    let rates = 0;
    walk(model, (_k, v) => {
      if (v && typeof v === 'object' && (v as { kind?: string }).kind === 'rate') {
        const r = v as RateCell;
        rates++;
        expect(r.text).toMatch(/^(\d+\.\d% \([\d,]+\/[\d,]+\)|—|n\/a)$/);
        if (r.rate !== null) {
          expect(r.interval, r.text).toMatch(/^\d+\.\d\u2013\d+\.\d%$/);
          expect(r.bounds!.low).toBeLessThanOrEqual(r.rate);
          expect(r.bounds!.high).toBeGreaterThanOrEqual(r.rate);
        }
      }
    });
    expect(rates).toBeGreaterThan(50);
  });

  it('holds the figure set as tables, one kind of cell per column', () => {
    expect(model.sections.map((s) => s.id)).toEqual(['volume', 'senders', 'time', 'response', 'rounds']);
    const volume = table(model, 'yearly-volume');
    expect(volume.columns.map((c) => c.label)).toEqual(['2015', '2016', '2017']);
    expect(texts(volume, 'patient_side')).toEqual(['186,472', '235,954', '301,220']);
    // Per clinician: a year × category table, not a list of (category, year) rows.
    const mean = table(model, 'per-clinician-mean');
    expect(mean.columns.map((c) => c.label)).toEqual(['2015', '2016', '2017']);
    expect(mean.rows.map((r) => r.key)).toContain('physician/primary_care');
    expect(table(model, 'hours-by-role').rows).toHaveLength(25);
    expect(table(model, 'windows-by-role').columns.map((c) => c.key)).toEqual(['working', 'evening', 'night', 'weekend']);
    expect(texts(table(model, 'response-by-year'), 'all').slice(0, 2)).toEqual(['73.4% (515,195/701,900)', '91.2% (640,133/701,900)']);
    expect(texts(table(model, 'response-by-year'), 'all').slice(2)).toEqual(['11.6', '70.3']);
    // Unanswered and pending are shown, and the shares of all patient messages use answered + unanswered.
    expect(texts(table(model, 'outcome-by-year'), 'all').slice(3)).toEqual(['21,709', '37']);
    expect(texts(table(model, 'outcome-by-year'), 'all')[0]).toBe('97.0% (701,900/723,609)');
    expect(texts(table(model, 'growth'), 'all')).toEqual(['200,507', '323,892', '+123,385', '100.0%']);
    for (const t of [...model.sections.flatMap((s) => s.tables), model.methods.dataQuality]) {
      for (const r of t.rows) expect(r.cells, `${t.id}/${r.key}`).toHaveLength(t.columns.length);
      t.columns.forEach((c, i) => {
        const kinds = new Set(t.rows.map((r) => r.cells[i]!.kind).filter((k) => k !== 'text'));
        expect(kinds.size, `${t.id}/${c.key}`).toBeLessThanOrEqual(1);
      });
    }
  });

  it('methods: definitions in words, only the settings that change a number, the data quality exactly', () => {
    const keys = model.methods.settings.map((s) => s.key);
    expect(keys).toContain('timezone');
    expect(keys).toContain('windows.evening.start');
    expect(keys).toContain('reply.within_short_hours');
    expect(keys).toContain('threads.max_rounds');
    expect(keys.filter((k) => /smtp|reports\.|from_address|link_base|business_hours\.monthly/.test(k))).toEqual([]);
    expect(model.methods.definitions.map((d) => d.term)).toEqual(
      expect.arrayContaining(['Reply', 'Unanswered, pending', 'Rounds', '95% CI']),
    );
    expect(model.methods.engine).toBe('DuckDB (exact percentiles)');
    expect(model.methods.cutoff).toBe(loadStudy().data_cutoff);
    // 7 rows quarantined describe the export, not a patient: shown exactly to the organisation.
    expect(texts(model.methods.dataQuality, 'quarantined')).toEqual(['7']);
    expect(texts(model.methods.dataQuality, 'rows_read')).toEqual(['1,234,567']);
  });

  it('lists holidays only when the study counts business hours, and never a delivery setting', () => {
    const base = {
      ...DEFAULT_SETTINGS,
      smtp: { host: 'mail.example.org', port: 587, secure: true },
      business_hours: { ...DEFAULT_SETTINGS.business_hours, holidays: ['2017-12-25'] },
    };
    const off = numberSettings(base as unknown as Record<string, unknown>, 'organisation').map((x) => x.key);
    expect(off.some((k) => k.includes('holidays'))).toBe(false);
    expect(off.some((k) => /smtp|reports\./.test(k))).toBe(false);
    expect(off).toContain('disclosure.audiences.organisation.hide');
    expect(off.some((k) => k.startsWith('disclosure.audiences.public'))).toBe(false);
    const on = numberSettings(
      { ...base, business_hours: { ...base.business_hours, study: true } } as unknown as Record<string, unknown>,
      'public',
    );
    expect(on.find((x) => x.key === 'business_hours.holidays')?.value).toBe('["2017-12-25"]');
    expect(on.map((x) => x.key)).toContain('disclosure.audiences.public.hide');
  });

  it('has the four charts with alt text stating numbers', () => {
    const { yearlyVolume, hours, delays, rounds } = model.charts;
    expect(yearlyVolume!.alt).toContain('2015: Physician, primary care 52,000');
    expect(hours!.alt).toContain('Physician: 246,000 messages');
    expect(delays!.alt).toContain('under 1 h: 84,567');
    expect(rounds!.alt).toContain('5+: 21,709');
  });
});

describe('audiences', () => {
  it('organisation: message and clinician counts from 1 to 10 are shown exactly', () => {
    const volume = table(model, 'yearly-volume');
    const small = texts(volume, 'unknown/specialty');
    expect(small.every((t) => /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 10)).toBe(true);
    expect(texts(volume, 'other/specialty').every((t) => /^[\d,]+$/.test(t))).toBe(true);
  });

  it('organisation: a count of distinct patients from 1 to 10 is hidden', () => {
    const study: StudyResult = loadStudy();
    study.years[0]!.active_patients = 7;
    const m = buildStudyReport(study, DEFAULT_SETTINGS);
    expect(texts(table(m, 'active-senders'), 'patients')[0]).toBe('<11');
    // Messages per patient rest on it: hidden too.
    expect(table(m, 'per-patient').rows.map((r) => r.cells[0]!.text)).toEqual(['—', '—', '—']);
    expect(m.disclosure.anySuppressed).toBe(true);
  });

  it('public: every count from 1 to 10 is <11 and a partner in each year is hidden, so none can be worked out', () => {
    const volume = table(released, 'yearly-volume');
    expect(texts(volume, 'unknown/specialty')).toEqual(['<11', '<11', '<11']);
    expect(texts(volume, 'other/specialty')).toEqual(['—', '—', '—']);
    // The quarantined count (7) is a count from 1 to 10: hidden, and one more part of rows read with it.
    const q = released.methods.dataQuality;
    expect(texts(q, 'quarantined')).toEqual(['<11']);
    expect(q.rows.filter((r) => r.cells[0]!.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(released.disclosure.notes[0]).toMatch(/^<11: a count from 1 to 10/);
  });

  it('public: no shown row of an additive table lets a hidden cell be worked out (totals minus parts)', () => {
    for (const id of ['yearly-volume', 'active-senders', 'hours-by-role']) {
      const t = table(released, id);
      const total = t.rows.find((r) => r.isTotal)!;
      t.columns.forEach((_, i) => {
        const parts = t.rows.filter((r) => !r.isTotal && (id !== 'yearly-volume' || r.key !== 'patient_side'));
        const hidden = parts.filter((r) => r.cells[i]!.suppressed).length + (total.cells[i]!.suppressed ? 1 : 0);
        expect(hidden === 0 || hidden >= 2, `${id} column ${i}`).toBe(true);
      });
    }
  });
});
