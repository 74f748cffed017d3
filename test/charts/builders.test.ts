// The chart builders, drawn for real (svg-writer.ts) and read back from the SVG: hidden values are not
// drawn (and the chart says so), bar heights and point positions follow the values, nothing leaves the
// viewBox (long names and labels included), alt text states the numbers, the charts are 560 px wide for
// email, and the PNG carries visible text.
import { describe, expect, it } from 'vitest';
import {
  PALETTE,
  delayHistogramChart,
  hoursByRoleChart,
  hoursChart,
  renderPng,
  renderSvg,
  roundsChart,
  trendRatesChart,
  trendVolumeChart,
  yearlyVolumeChart,
  type WindowName,
} from '../../lib/charts/index.ts';
import { countCell, policyFromSettings, rateFromProportion } from '../../lib/disclosure/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { darkPixels, decodePng } from './png.ts';
import { byClass, outside, parseSvg } from './svg.ts';

const p = policyFromSettings(DEFAULT_SETTINGS);
const hours = [4, 0, 0, 0, 0, 3, 12, 52, 80, 90, 75, 66, 58, 74, 75, 66, 60, 37, 22, 15, 12, 7, 5, 0].map((n) => countCell(n, p));

describe('hours chart', () => {
  const b = hoursChart(hours, { title: 'Cardiology: clinician messages by hour of day' });

  it('must not draw a hidden bar, and says so; shown bars are drawn, as tall as their values', () => {
    const svg = renderSvg(b.spec);
    const bars = byClass(svg, 'bar');
    const shown = hours.flatMap((c, h) => (c.value === null ? [] : [{ h, v: c.value }]));
    expect(shown.length).toBeLessThan(24); // 00:00, 05:00, 21:00 and 22:00 are hidden (1-10)
    expect(bars).toHaveLength(shown.length);
    // Left to right, one bar per shown hour, its height proportional to the value.
    const xs = bars.map((r) => Number(r.attrs.x));
    expect([...xs].sort((a, c) => a - c)).toEqual(xs);
    const perMessage = Number(bars[shown.findIndex((s) => s.h === 9)]!.attrs.height) / 90;
    for (const [i, s] of shown.entries()) expect(Number(bars[i]!.attrs.height)).toBeCloseTo(s.v * perMessage, 1);
    // Every bar stands on the same baseline.
    const base = bars.map((r) => Number(r.attrs.y) + Number(r.attrs.height));
    for (const y of base) expect(y).toBeCloseTo(base[0]!, 1);
    expect(b.note).toMatch(/not drawn/);
    const subtitle = byClass(svg, 'subtitle')
      .map((t) => t.text)
      .join(' ');
    expect(subtitle).toBe(b.note);
    // The hidden slots carry the hidden text instead of a bar, escaped in the SVG.
    expect(byClass(svg, 'value-label').map((t) => t.text)).toEqual(['<11', '<11', '<11', '<11']);
    expect(svg).toContain('&lt;11');
    expect(svg).not.toContain('<11');
    expect(outside(svg)).toEqual([]);
  });

  it('labels the 24 hours "00" to "23", titles the axes and names the time windows in the legend', () => {
    const win = Array.from({ length: 24 }, (_, h): WindowName => (h >= 8 && h < 18 ? 'working' : h < 22 && h >= 18 ? 'evening' : 'night'));
    const svg = renderSvg(hoursChart(hours, { windowOfHour: win }).spec);
    expect(byClass(svg, 'x-label').map((t) => t.text)).toEqual(Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')));
    expect(byClass(svg, 'axis-title').map((t) => t.text)).toEqual(['Messages', 'Local hour']);
    expect(byClass(svg, 'legend-label').map((t) => t.text)).toEqual(['Working hours', 'Evening', 'Night']);
    // Bars take their window's colour: 09:00 is working hours, 19:00 evening.
    const fills = byClass(svg, 'bar').map((r) => r.attrs.fill);
    expect(new Set(fills).size).toBe(3);
    expect(outside(svg)).toEqual([]);
  });

  it('y ticks are whole messages for small counts', () => {
    const few = Array.from({ length: 24 }, (_, h) => ({ value: h % 3 === 0 ? 2 : 1, text: h % 3 === 0 ? '2' : '1', suppressed: false }));
    const labels = byClass(renderSvg(hoursChart(few).spec), 'y-label').map((t) => t.text);
    expect(labels).toEqual(['0', '1', '2']);
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
    const svg = renderSvg(b.spec);
    expect(svg).toMatch(/^<svg[^>]* width="560" height="320" viewBox="0 0 560 320"/);
    expect(byClass(svg, 'title').map((t) => t.text)).toEqual(['Cardiology: clinician messages by hour of day']);
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

  it('rates: a hidden month leaves a gap, alt states each month', () => {
    const b = trendRatesChart(pts);
    expect(b.alt).toContain('Within 1 day: Jul 2016 66.7%; Aug 2016 —; Sep 2016 67.3%');
    expect(b.alt).toContain('Within 3 days: Jul 2016 93.3%');
    expect(b.note).toMatch(/not drawn/);
    const svg = renderSvg(b.spec);
    expect(byClass(svg, 'legend-label').map((t) => t.text)).toEqual(['Within 1 day', 'Within 3 days']);
    expect(byClass(svg, 'x-label').map((t) => t.text)).toEqual(['Jul 2016', 'Aug 2016', 'Sep 2016']);
    expect(byClass(svg, 'y-label').map((t) => t.text)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    // Within 1 day: Jul and Sep drawn, Aug hidden: no line between them, two points; within 3 days: a line of 3.
    const lines = byClass(svg, 'line');
    expect(lines.map((l) => l.attrs.stroke)).toEqual([PALETTE[1]]);
    expect(lines[0]!.attrs.d).toMatch(/^M[^ML]*L[^ML]*L[^ML]*$/);
    expect(lines[0]!.attrs['stroke-dasharray']).toBe('6,3');
    const points = byClass(svg, 'point');
    expect(points).toHaveLength(5);
    // Higher rates are drawn higher: 93.3% above 67.3% above 66.7%.
    const cy = (e: (typeof points)[number]) => Number(e.attrs.cy ?? Number(e.attrs.y) + Number(e.attrs.height) / 2);
    const [jul1, sep1, jul3] = [cy(points[0]!), cy(points[1]!), cy(points[2]!)];
    expect(jul3).toBeLessThan(sep1);
    expect(sep1).toBeLessThan(jul1);
    expect(outside(svg)).toEqual([]);
  });

  it('rates: unusual months are ringed, and the subtitle says what a ring means', () => {
    const b = trendRatesChart(pts, { unusual: ['2016-09', '2016-08', '2015-01'] });
    const svg = renderSvg(b.spec);
    // Sep is drawn and ringed; Aug is hidden (no ring on a value not drawn); 2015-01 is not on the chart.
    expect(byClass(svg, 'ring')).toHaveLength(1);
    expect(
      byClass(svg, 'subtitle')
        .map((t) => t.text)
        .join(' '),
    ).toBe(b.note);
    expect(b.note).toMatch(/^Ringed: unusual months/);
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
    const svg = renderSvg(d.spec);
    // Two bars (the hidden bucket has none), the taller for the larger count; every bucket's text above it.
    const bars = byClass(svg, 'bar');
    expect(bars).toHaveLength(2);
    expect(Number(bars[0]!.attrs.height) / Number(bars[1]!.attrs.height)).toBeCloseTo(120 / 64, 1);
    expect(byClass(svg, 'value-label').map((t) => t.text)).toEqual(['120', '<11', '64']);
    expect(byClass(svg, 'x-label').map((t) => t.text)).toEqual(['under 1 h', '1-4 h', '4-8 h']);
    expect(outside(svg)).toEqual([]);
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
    const svg = renderSvg(b.spec);
    expect(byClass(svg, 'legend-label').map((t) => t.text)).toEqual(['Physician, primary care']);
    expect(svg).not.toContain('Unknown role');
    expect(byClass(svg, 'bar')).toHaveLength(2);
    expect(byClass(svg, 'x-label').map((t) => t.text)).toEqual(['2016', '2017']);
    expect(outside(svg)).toEqual([]);
  });

  it('yearly volume: segments stack in legend order, each starting where the one below ends', () => {
    const year = (y: number, a: number, c: number) => ({
      year: y,
      patientSide: countCell(900, p),
      byCategory: [
        { label: 'Physician, primary care', count: countCell(a, p) },
        { label: 'Registered nurse, primary care', count: countCell(c, p) },
      ],
    });
    const svg = renderSvg(yearlyVolumeChart([year(2016, 50_000, 120_000), year(2017, 80_000, 30_000)]).spec);
    const bars = byClass(svg, 'bar');
    expect(bars).toHaveLength(4);
    for (const [below, above] of [
      [bars[0]!, bars[1]!],
      [bars[2]!, bars[3]!],
    ] as const) {
      expect(Number(above.attrs.y) + Number(above.attrs.height)).toBeCloseTo(Number(below.attrs.y), 1);
      expect(above.attrs.x).toBe(below.attrs.x);
      expect(below.attrs.fill).not.toBe(above.attrs.fill);
    }
    expect(Number(bars[1]!.attrs.height) / Number(bars[0]!.attrs.height)).toBeCloseTo(120 / 50, 1);
    // Thousands as "k" on the axis.
    expect(byClass(svg, 'y-label').map((t) => t.text)).toContain('100k');
  });

  it('hours by role: shares per role; a role with a hidden total is left out and named in the alt text', async () => {
    const b = hoursByRoleChart([
      { role: 'Physician', hours: hours.map((c) => c), total: countCell(hours.reduce((a, c) => a + (c.value ?? 0), 0) + 16, p) },
      { role: 'Unknown role', hours: hours.map(() => countCell(0, p)), total: countCell(6, p) },
    ]);
    expect(b.alt).toContain('Unknown role: <11 messages, not drawn');
    expect(b.alt).toMatch(/Physician: [\d,]+ messages; busiest hours 09:00/);
    const svg = renderSvg(b.spec);
    expect(svg).not.toContain('Unknown role');
    expect(byClass(svg, 'line')).toHaveLength(1);
    expect(byClass(svg, 'legend-label').map((t) => t.text)).toEqual(['Physician']);
    expect(outside(svg)).toEqual([]);
  });
});

describe('long names and labels', () => {
  const long = 'Department of Paediatric Cardiothoracic Surgery and Extracorporeal Membrane Oxygenation Services (North Campus)';
  const charts = () => [
    hoursChart(hours, { title: `${long}: clinician messages by hour of day` }),
    trendVolumeChart(
      ['2016-07', '2016-08'].map((m) => ({ month: m, received: countCell(1_234_567, p), sent: countCell(7, p) })),
      { title: `${'Unbreakable'.repeat(12)}: messages received and sent` },
    ),
    hoursByRoleChart([{ role: `A role ${'with a very long label '.repeat(6)}`, hours, total: countCell(5000, p) }]),
    delayHistogramChart(
      [
        'under one hour from the patient message',
        'between one and four hours',
        'four to eight hours',
        'a',
        'b',
        'c',
        'd',
        'seven days or more',
      ].map((label, i) => ({ label, count: countCell(1000 * (i + 1), p) })),
    ),
  ];

  it('stay inside the viewBox: titles wrap by width, words longer than a line break, labels end in an ellipsis', () => {
    for (const c of charts()) {
      const svg = renderSvg(c.spec);
      expect(outside(svg), c.spec.title).toEqual([]);
    }
    const [hoursSvg, volumeSvg, roleSvg] = charts().map((c) => renderSvg(c.spec));
    const titles = byClass(hoursSvg!, 'title').map((t) => t.text);
    expect(titles.length).toBeGreaterThan(1);
    expect(titles.join(' ')).toBe(`${long}: clinician messages by hour of day`);
    // The unbroken 132-character word is cut between characters: no space is lost or added.
    const volumeTitle = byClass(volumeSvg!, 'title').map((t) => t.text);
    expect(volumeTitle.length).toBeGreaterThan(1);
    expect(volumeTitle.join('').replace(/ /g, '')).toBe(`${'Unbreakable'.repeat(12)}:messagesreceivedandsent`);
    expect(byClass(roleSvg!, 'legend-label')[0]!.text).toMatch(/…$/);
  });

  it('keeps the figure the given size, or taller when a long title would squeeze the plot', () => {
    for (const c of charts()) {
      const svg = renderSvg(c.spec);
      const h = Number(/^<svg[^>]* height="(\d+)"/.exec(svg)![1]);
      expect(h).toBeGreaterThanOrEqual(c.height);
      expect(parseSvg(svg)[0]!.attrs.width).toBe('560');
    }
  });
});
