// The study page's model: the figure set, every rate as x% (n/N), headlines beside the published figures.
import { describe, expect, it } from 'vitest';
import { buildStudyReport, PUBLISHED_FIGURES } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { loadStudy, walk } from './fixtures.ts';

const model = buildStudyReport(loadStudy(), DEFAULT_SETTINGS);

describe('study model', () => {
  it('names the range, the engine and the cut-off', () => {
    expect(model.periodLabel).toBe('January 2015 to December 2017');
    expect(model.engineNote).toBe('DuckDB (exact percentiles)');
    expect(model.dataCutoffLabel).toBe('2 January 2018, 03:12 (America/Chicago)');
  });

  it('puts each headline beside the published figure from reference-figures.md', () => {
    const h = Object.fromEntries(model.headlines.map((x) => [x.key, x]));
    expect(h['replied_within_1d']!.ours.text).toBe('73.4% (515,195/701,900)');
    expect(h['replied_within_1d']!.published.text).toBe('72.2% (1,272,069/1,761,739)');
    expect(h['replied_within_3d']!.published.text).toBe('90.6% (about 1,596,000/1,761,739)');
    expect(h['threads_within_rounds']!.published.text).toBe('95.1% (1,499,316/1,576,205)');
    expect(h['physician_evening']!.ours.text).toBe('6.9% (17,062/246,000)');
    expect(h['physician_evening']!.published.text).toBe(PUBLISHED_FIGURES.physician_evening.text);
    expect(h['np_pa_evening']!.published.text).toBe('5.4% (22,121/408,526)');
    expect(h['growth_categories']!.ours.text).toMatch(/^Physician, primary care \(\+42,770, 34\.7% of the change\); Registered nurse, specialty/);
    expect(h['heaviest_workload']!.ours.text).toContain('2015: NP or PA, primary care');
    expect(h['busiest_hours']!.ours.text).toMatch(/^\d+\.\d% \([\d,]+\/[\d,]+\)$/);
  });

  it('every rate in the model is shown as x% (n/N), or hidden, or n/a', () => {
    let rates = 0;
    walk(model, (_k, v) => {
      if (v && typeof v === 'object' && (v as { kind?: string }).kind === 'rate') {
        rates++;
        expect((v as { text: string }).text).toMatch(/^(\d+\.\d% \([\d,]+\/[\d,]+\)|—|n\/a)$/);
      }
    });
    expect(rates).toBeGreaterThan(50);
  });

  it('holds the study figure set as tables with real headers', () => {
    expect(model.yearlyVolume.columns.map((c) => c.label)).toEqual(['2015', '2016', '2017']);
    expect(model.yearlyVolume.rows[0]!.cells.map((c) => c.text)).toEqual(['186,472', '235,954', '301,220']);
    expect(model.activeSenders.rows[0]!.header).toBe('Active patients and proxies');
    expect(model.perSender.columns.map((c) => c.label)).toEqual(['Mean', 'Median', '90th percentile']);
    expect(model.timeOfDay.rows).toHaveLength(24 + 5);
    expect(model.timeOfDay.columns.map((c) => c.key)).toEqual(['physician', 'registered_nurse', 'np_pa', 'other', 'unknown']);
    expect(model.response.rows.at(-1)!.cells.map((c) => c.text)).toEqual(['73.4% (515,195/701,900)', '91.2% (640,133/701,900)']);
    expect(model.replySummary.rows.map((r) => r.cells[0]!.text)).toEqual(['11.6 h', '2.9 days', '21,709', '37']);
    expect(model.delayDistribution!.rows).toHaveLength(8);
    expect(model.rounds.rows.slice(0, 5).map((r) => r.header)).toEqual(['1', '2', '3', '4', '5+']);
    expect(model.growth!.rows.at(-1)!.cells.map((c) => c.text)).toEqual(['200,507', '323,892', '+123,385', '100.0% (+123,385/+123,385)']);
    for (const t of [model.yearlyVolume, model.activeSenders, model.perSender, model.timeOfDay, model.response, model.rounds, model.load]) {
      for (const r of t.rows) expect(r.cells, `${t.id}/${r.key}`).toHaveLength(t.columns.length);
    }
  });

  it('records every setting used', () => {
    const keys = model.settings.map((s) => s.key);
    expect(keys).toContain('timezone');
    expect(keys).toContain('disclosure.max_small_count');
    expect(keys).toContain('windows.evening.start');
    expect(model.settings.find((s) => s.key === 'reports.link_base')!.value).toBe('null');
  });

  it('has the four charts with alt text stating numbers; hidden categories are not drawn', () => {
    const { yearlyVolume, hours, delays, rounds } = model.charts;
    expect(yearlyVolume!.alt).toContain('2015: Physician, primary care 52,000');
    expect(yearlyVolume!.alt).toContain('Unknown role, specialty <11');
    expect(yearlyVolume!.note).toMatch(/not drawn/);
    expect(JSON.stringify(yearlyVolume!.spec)).not.toContain('Unknown role');
    expect(hours!.alt).toContain('Physician: 246,000 messages');
    expect(delays!.alt).toContain('under 1 h: 84,567');
    expect(rounds!.alt).toContain('5+: 21,709');
    expect(rounds!.note).toBeNull();
  });

  it('must suppress: the small category shows <11 in the volume table, and its partner —', () => {
    const row = (k: string) => model.yearlyVolume.rows.find((r) => r.key === k)!;
    expect(row('unknown/specialty').cells.map((c) => c.text)).toEqual(['<11', '<11', '<11']);
    expect(row('other/specialty').cells.map((c) => c.text)).toEqual(['—', '—', '—']);
    expect(model.disclosure.anySuppressed).toBe(true);
  });
});
