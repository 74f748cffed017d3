// The chart builders, rendered for real: hidden values are not drawn (and the chart says so), alt text
// states the numbers, the charts are 560 px wide for email, and the PNG carries visible text.
import { describe, expect, it } from 'vitest';
import {
  delayHistogramChart,
  hoursByRoleChart,
  hoursChart,
  renderPng,
  renderSvg,
  roundsChart,
  trendRatesChart,
  trendVolumeChart,
  yearlyVolumeChart,
} from '../../lib/charts/index.ts';
import { countCell, policyFromSettings, rateFromProportion } from '../../lib/disclosure/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { darkPixels, decodePng } from './png.ts';

const p = policyFromSettings(DEFAULT_SETTINGS);
const hours = [4, 0, 0, 0, 0, 3, 12, 52, 80, 90, 75, 66, 58, 74, 75, 66, 60, 37, 22, 15, 12, 7, 5, 0].map((n) => countCell(n, p));

describe('hours chart', () => {
  const b = hoursChart(hours, { title: 'Cardiology: clinician messages by hour of day' });

  it('must not draw a hidden bar, and says so; shown bars are drawn', async () => {
    const svg = await renderSvg(b.spec);
    expect(svg).toContain('hour: 09:00; y: 90');
    expect(svg).not.toMatch(/hour: 00:00; y:/);
    expect(svg).not.toMatch(/hour: 21:00; y:/);
    expect(b.note).toMatch(/not drawn/);
    expect(svg).toContain('not drawn');
    // The hidden slot carries the hidden text instead of a bar.
    expect(svg).toContain('&lt;11');
  });

  it('alt text states every hour, hidden ones as <11, and the busiest hour', () => {
    expect(b.alt).toContain('00:00 <11; 01:00 0;');
    expect(b.alt).toContain('09:00 90');
    expect(b.alt).toContain('Busiest hour: 09:00 (90)');
    expect(b.alt).not.toContain('Total'); // a total would reveal the hidden hours' sum
  });

  it('has no note when nothing is hidden', () => {
    expect(hoursChart(hours.map((_, h) => countCell(h * 20, p))).note).toBeNull();
  });

  it('is 560 px wide (the email column) and its PNG has the title drawn', async () => {
    const svg = await renderSvg(b.spec);
    expect(svg).toMatch(/^<svg[^>]* width="560" height="320"/);
    const img = decodePng(await renderPng(b.spec, { scale: 1 }));
    expect(img.width).toBe(560);
    expect(darkPixels(img, { x0: 0, y0: 0, x1: 560, y1: 28 })).toBeGreaterThan(300);
  });

  it('refuses anything but 24 hours', () => {
    expect(() => hoursChart(hours.slice(0, 23))).toThrow(/24 hourly values/);
  });
});

describe('trend charts', () => {
  const months = ['2016-07', '2016-08', '2016-09'];
  const pts = months.map((m, i) => ({
    month: m,
    within1d: rateFromProportion(i === 1 ? { n: 5, N: 300 } : { n: 200 + i, N: 300 }, p),
    within3d: rateFromProportion({ n: 280, N: 300 }, p),
    received: countCell(i === 2 ? 8 : 300, p),
    sent: countCell(320, p),
  }));

  it('rates: a hidden month leaves a gap, alt states each month', async () => {
    const b = trendRatesChart(pts);
    expect(b.alt).toContain('Within 1 day: Jul 2016 66.7%; Aug 2016 —; Sep 2016 67.3%');
    expect(b.alt).toContain('Within 3 days: Jul 2016 93.3%');
    expect(b.note).toMatch(/not drawn/);
    const svg = await renderSvg(b.spec);
    expect(svg).toContain('Within 1 day');
    expect(svg).toContain('Jul 2016');
  });

  it('volume: received and sent, a hidden month stated as <11', () => {
    const b = trendVolumeChart(pts);
    expect(b.alt).toContain('Received from patients: Jul 2016 300; Aug 2016 300; Sep 2016 <11');
    expect(b.alt).toContain('Sent by clinicians: Jul 2016 320');
  });

  it('must not note anything when every month is shown', () => {
    expect(trendVolumeChart(pts.slice(0, 2)).note).toBeNull();
  });
});

describe('study charts', () => {
  it('delay histogram and rounds: bars with their values, hidden ones not drawn', async () => {
    const d = delayHistogramChart([
      { label: 'under 1 h', count: countCell(120, p) },
      { label: '1-4 h', count: countCell(7, p) },
      { label: '4-8 h', count: countCell(64, p) },
    ]);
    expect(d.alt).toContain('under 1 h: 120; 1-4 h: <11; 4-8 h: 64');
    const svg = await renderSvg(d.spec);
    expect(svg).toContain('label: under 1 h; y: 120');
    expect(svg).not.toMatch(/label: 1-4 h; y:/);
    const r = roundsChart(['1', '2', '3', '4', '5+'].map((l, i) => ({ label: l, count: countCell(100 - 20 * i, p) })));
    expect(r.note).toBeNull();
    expect(r.alt).toContain('5+: 20');
  });

  it('yearly volume: stacked by category; a hidden category is not drawn and is left out of the legend', async () => {
    const b = yearlyVolumeChart([
      {
        year: 2016,
        patientSide: countCell(900, p),
        byCategory: [
          { label: 'Physician, primary care', count: countCell(500, p) },
          { label: 'Unknown role, specialty', count: countCell(4, p) },
        ],
      },
      {
        year: 2017,
        patientSide: countCell(1000, p),
        byCategory: [
          { label: 'Physician, primary care', count: countCell(600, p) },
          { label: 'Unknown role, specialty', count: countCell(3, p) },
        ],
      },
    ]);
    expect(b.alt).toContain('2016: Physician, primary care 500, Unknown role, specialty <11; patient messages 900');
    const svg = await renderSvg(b.spec);
    expect(svg).toContain('Physician, primary care');
    expect(svg).not.toContain('Unknown role');
  });

  it('hours by role: shares per role; a role with a hidden total is left out and named in the alt text', async () => {
    const b = hoursByRoleChart([
      { role: 'Physician', hours: hours.map((c) => c), total: countCell(hours.reduce((a, c) => a + (c.value ?? 0), 0) + 16, p) },
      { role: 'Unknown role', hours: hours.map(() => countCell(0, p)), total: countCell(6, p) },
    ]);
    expect(b.alt).toContain('Unknown role: <11 messages, not drawn');
    expect(b.alt).toMatch(/Physician: [\d,]+ messages; busiest hours 09:00/);
    const svg = await renderSvg(b.spec);
    expect(svg).not.toContain('Unknown role');
  });
});
