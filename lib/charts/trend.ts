// Trailing-12-month trend charts: reply rates (within 1 and 3 days) and volume (received, sent). A month
// whose value is hidden leaves a gap in its line (null breaks the path) and the subtitle says so.
import type { RateCell, CountCell } from '../disclosure/cell-types.ts';
import { frame, notDrawn, shortMonth, type ChartBuild, type ChartOptions } from './common.ts';
import { DASHES, PALETTE, SHAPES } from './palette.ts';

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

/** The months of the first series to ring as unusual (outside their p-chart limits). */
function lineSpec(
  title: string,
  note: string | null,
  height: number,
  series: Series[],
  yTitle: string,
  yFormat: string,
  yDomain?: [number, number],
  unusual: readonly string[] = [],
): ChartBuild['spec'] {
  const first = series[0]?.name;
  const rows = series.flatMap((s) =>
    s.values.map((v) => ({
      series: s.name,
      month: shortMonth(v.month),
      key: v.month,
      y: v.y,
      unusual: s.name === first && v.y !== null && unusual.includes(v.month),
    })),
  );
  const months = series[0]?.values.map((v) => shortMonth(v.month)) ?? [];
  const names = series.map((s) => s.name);
  const line = { type: 'line' as const, point: { filled: true, size: 50 }, strokeWidth: 2.5 };
  const bySeries = {
    color: {
      field: 'series',
      type: 'nominal' as const,
      sort: names,
      title: null,
      scale: { domain: names, range: PALETTE.slice(0, names.length) },
    },
    strokeDash: {
      field: 'series',
      type: 'nominal' as const,
      sort: names,
      title: null,
      scale: { domain: names, range: DASHES.slice(0, names.length) },
    },
    shape: {
      field: 'series',
      type: 'nominal' as const,
      sort: names,
      title: null,
      scale: { domain: names, range: SHAPES.slice(0, names.length) },
    },
  };
  const layer: Array<Record<string, unknown>> = [{ mark: line, encoding: bySeries }];
  if (unusual.length) {
    // A ring (a shape, not only a colour); the subtitle says what it means. Words over each point would collide.
    layer.push({
      transform: [{ filter: 'datum.unusual' }],
      mark: { type: 'point', shape: 'circle', size: 420, filled: false, strokeWidth: 2.5, color: '#a4262c' },
    });
  }
  return {
    ...frame(title, note, height),
    data: { values: rows },
    layer,
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: months, title: null, axis: { labelAngle: -40, labelOverlap: false } },
      y: { field: 'y', type: 'quantitative', title: yTitle, axis: { format: yFormat }, ...(yDomain ? { scale: { domain: yDomain } } : {}) },
      tooltip: [
        { field: 'series', type: 'nominal' },
        { field: 'month', type: 'ordinal' },
        { field: 'y', type: 'quantitative', format: yFormat },
      ],
    },
  } as unknown as ChartBuild['spec'];
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
  return { spec: lineSpec(title, subtitle, height, series, 'Share', '.0%', [0, 1], unusual), alt, note: subtitle, width: 560, height };
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
  return { spec: lineSpec(title, note, height, series, 'Messages', ',d'), alt, note, width: 560, height };
}
