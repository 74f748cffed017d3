// Trailing-12-month trend charts: reply rates (within 1 and 3 days) and volume (received, sent). A month
// whose value is hidden leaves a gap in its line (null breaks the path) and the subtitle says so.
import type { RateCell, CountCell } from '../disclosure/cell-types.ts';
import { baseSpec, notDrawn, shortMonth, type ChartBuild, type ChartOptions } from './common.ts';
import { DASHES, PALETTE, SHAPES } from './palette.ts';
import type { ChartSpec, NumberFormat } from './spec.ts';

type Rate = Pick<RateCell, 'rate' | 'percent' | 'suppressed' | 'text'>;
type Count = Pick<CountCell, 'value' | 'text' | 'suppressed'>;

export interface TrendRatesPoint {
  month: string;
  within1d: Rate;
  within3d: Rate;
}

export interface TrendVolumePoint {
  month: string;
  received: Count;
  sent: Count;
}

interface Series {
  name: string;
  values: Array<{ month: string; y: number | null; text: string; suppressed: boolean }>;
}

/** A line per series over the months; `unusual` months of the first series get a ring. */
function lineSpec(
  title: string,
  note: string | null,
  height: number,
  series: Series[],
  yTitle: string,
  yFormat: NumberFormat,
  yDomain?: [number, number],
  unusual: readonly string[] = [],
): ChartSpec {
  const spec = baseSpec('line', title, note, height);
  const months = series[0]?.values.map((v) => v.month) ?? [];
  spec.x = { title: null, labels: months.map(shortMonth), labelAngle: -40 };
  spec.y = { title: yTitle, format: yFormat, domain: yDomain ?? null };
  spec.lineWidth = 2.5;
  spec.series = series.map((s, i) => ({
    name: s.name,
    color: PALETTE[i % PALETTE.length]!,
    dash: DASHES[i % DASHES.length]!,
    shape: SHAPES[i % SHAPES.length]!,
    values: s.values.map((v) => v.y),
  }));
  // A ring (a shape, not only a colour); the subtitle says what it means. Words over each point would collide.
  const first = series[0];
  if (first) for (const [i, v] of first.values.entries()) if (v.y !== null && unusual.includes(v.month)) spec.rings.push({ x: i, y: v.y });
  spec.legend.entries = spec.series.map((s) => ({ label: s.name, color: s.color, symbol: 'line', dash: s.dash, shape: s.shape }));
  return spec;
}

function describe(s: Series): string {
  return `${s.name}: ${s.values.map((v) => `${shortMonth(v.month)} ${v.text}`).join('; ')}`;
}

/** Share of answered patient messages replied within 1 and within 3 days, month by month. */
export function trendRatesChart(points: TrendRatesPoint[], opts: ChartOptions & { unusual?: readonly string[] } = {}): ChartBuild {
  const title = opts.title ?? 'Patient messages replied within 1 and 3 days';
  const height = opts.height ?? 320;
  const series: Series[] = [
    {
      name: 'Within 1 day',
      values: points.map((p) => ({ month: p.month, y: p.within1d.rate, text: p.within1d.percent, suppressed: p.within1d.suppressed })),
    },
    {
      name: 'Within 3 days',
      values: points.map((p) => ({ month: p.month, y: p.within3d.rate, text: p.within3d.percent, suppressed: p.within3d.suppressed })),
    },
  ];
  // Only suppressed points are "hidden for privacy"; a month with no data (n/a) is simply not drawn.
  const hidden = series.flatMap((s) => s.values).filter((v) => v.suppressed);
  const note = notDrawn('Months', hidden.length, opts.maxSmallCount);
  const first = points[0]?.month;
  const last = points[points.length - 1]?.month;
  const range = first && last ? `${shortMonth(first)} to ${shortMonth(last)}` : 'no months';
  const unusual = (opts.unusual ?? []).filter((m) => points.some((p) => p.month === m));
  const marked = unusual.length
    ? `Ringed: unusual months for ${series[0]!.name.toLowerCase()}, outside the 3-sigma limits of the 12 months` +
      ` (${unusual.map(shortMonth).join(', ')}).`
    : null;
  const subtitle = [marked, note].filter((x): x is string => x !== null).join(' ') || null;
  const alt = `Line chart: ${title}, ${range}. ${series.map(describe).join('. ')}.${marked ? ` ${marked}` : ''}${note ? ` ${note}` : ''}`;
  return { spec: lineSpec(title, subtitle, height, series, 'Share', 'percent', [0, 1], unusual), alt, note: subtitle, width: 560, height };
}

/** Patient messages received and clinician messages sent, month by month. */
export function trendVolumeChart(points: TrendVolumePoint[], opts: ChartOptions = {}): ChartBuild {
  const title = opts.title ?? 'Messages received and sent';
  const height = opts.height ?? 300;
  const series: Series[] = [
    {
      name: 'Received from patients',
      values: points.map((p) => ({ month: p.month, y: p.received.value, text: p.received.text, suppressed: p.received.suppressed })),
    },
    {
      name: 'Sent by clinicians',
      values: points.map((p) => ({ month: p.month, y: p.sent.value, text: p.sent.text, suppressed: p.sent.suppressed })),
    },
  ];
  // Only suppressed points are "hidden for privacy"; a month with no data (n/a) is simply not drawn.
  const hidden = series.flatMap((s) => s.values).filter((v) => v.suppressed);
  const note = notDrawn('Months', hidden.length, opts.maxSmallCount);
  const first = points[0]?.month;
  const last = points[points.length - 1]?.month;
  const range = first && last ? `${shortMonth(first)} to ${shortMonth(last)}` : 'no months';
  const alt = `Line chart: ${title} per month, ${range}. ${series.map(describe).join('. ')}.${note ? ` ${note}` : ''}`;
  return { spec: lineSpec(title, note, height, series, 'Messages', 'integer'), alt, note, width: 560, height };
}
