// Bar charts of a distribution: reply delays by bucket, threads by rounds, and the stacked yearly volume
// by clinician category. Hidden values are not drawn; their slot carries the hidden text instead.
import type { CountCell } from '../disclosure/cell-types.ts';
import { frame, notDrawn, type ChartBuild, type ChartOptions } from './common.ts';
import { PALETTE } from './palette.ts';

type Count = Pick<CountCell, 'value' | 'text' | 'suppressed'>;

export interface Bar {
  label: string;
  count: Count;
}

function barsSpec(title: string, note: string | null, height: number, bars: Bar[], xTitle: string, yTitle: string): ChartBuild['spec'] {
  const rows = bars.map((b) => ({ label: b.label, y: b.count.value, shownText: b.count.text, ty: b.count.value ?? 0 }));
  return {
    ...frame(title, note, height),
    data: { values: rows },
    encoding: {
      x: {
        field: 'label',
        type: 'ordinal',
        sort: bars.map((b) => b.label),
        title: xTitle,
        axis: { labelAngle: bars.length > 6 ? -30 : 0, labelLimit: 200 },
      },
    },
    layer: [
      {
        transform: [{ filter: 'datum.y !== null' }],
        mark: { type: 'bar', color: PALETTE[0] },
        encoding: {
          y: { field: 'y', type: 'quantitative', title: yTitle, axis: { format: ',d', tickMinStep: 1 } },
          tooltip: [
            { field: 'label', type: 'ordinal' },
            { field: 'y', type: 'quantitative', format: ',d' },
          ],
        },
      },
      {
        // The value above each bar (or, for a hidden one, its hidden text at the baseline): readable without colour.
        mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 10, color: '#222222' },
        encoding: { y: { field: 'ty', type: 'quantitative' }, text: { field: 'shownText' } },
      },
    ],
  };
}

function build(kind: string, title: string, bars: Bar[], xTitle: string, yTitle: string, what: string, opts: ChartOptions): ChartBuild {
  const height = opts.height ?? 280;
  const hidden = bars.filter((b) => b.count.suppressed).length;
  const note = notDrawn(what, hidden, opts.maxSmallCount);
  const alt = `${kind}: ${title}. ${bars.map((b) => `${b.label}: ${b.count.text}`).join('; ')}.${note ? ` ${note}` : ''}`;
  return { spec: barsSpec(title, note, height, bars, xTitle, yTitle), alt, note, width: 560, height };
}

/** Answered patient messages by reply delay bucket ("under 1 h", "1-4 h", ...). */
export function delayHistogramChart(buckets: Bar[], opts: ChartOptions = {}): ChartBuild {
  return build('Bar chart', opts.title ?? 'Time to reply to patient messages', buckets, 'Time to reply', 'Messages', 'Buckets', opts);
}

/** Threads by number of back-and-forth rounds: 1, 2, 3, 4, 5+. */
export function roundsChart(rounds: Bar[], opts: ChartOptions = {}): ChartBuild {
  return build('Bar chart', opts.title ?? 'Threads by number of back-and-forth rounds', rounds, 'Rounds', 'Threads', 'Bars', opts);
}

export interface YearVolume {
  year: number;
  /** Clinician messages by category label, in legend order. */
  byCategory: Array<{ label: string; count: Count }>;
  /** Patient messages received that year. */
  patientSide: Count;
}

/** Clinician messages per year stacked by category (hidden categories leave a gap the note explains). */
export function yearlyVolumeChart(years: YearVolume[], opts: ChartOptions = {}): ChartBuild {
  const title = opts.title ?? 'Clinician messages per year by category';
  const height = opts.height ?? 400;
  const labels = years[0]?.byCategory.map((c) => c.label) ?? [];
  for (const y of years) for (const c of y.byCategory) if (!labels.includes(c.label)) labels.push(c.label);
  const rows = years.flatMap((y) =>
    y.byCategory
      .filter((c) => c.count.value !== null && c.count.value > 0)
      .map((c) => ({ year: String(y.year), category: c.label, y: c.count.value })),
  );
  // The legend lists only categories drawn somewhere; the alt text and the table carry the rest.
  const drawn = labels.filter((l) => rows.some((r) => r.category === l));
  // Stack in legend order (first category at the bottom), so the two read the same way.
  const ranked = rows.map((r) => ({ ...r, rank: drawn.indexOf(r.category) }));
  const hidden = years.reduce((a, y) => a + y.byCategory.filter((c) => c.count.suppressed).length, 0);
  const note = notDrawn('Categories', hidden, opts.maxSmallCount);
  const spec: ChartBuild['spec'] = {
    ...frame(title, note, height),
    data: { values: ranked },
    mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      y: { field: 'y', type: 'quantitative', stack: 'zero', title: 'Clinician messages', axis: { format: '~s' } },
      color: {
        field: 'category',
        type: 'nominal',
        title: null,
        sort: drawn,
        scale: { domain: drawn, range: PALETTE.slice(0, drawn.length) },
        legend: { columns: 2, labelLimit: 400 },
      },
      order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
      tooltip: [
        { field: 'year', type: 'ordinal' },
        { field: 'category', type: 'nominal' },
        { field: 'y', type: 'quantitative', format: ',d' },
      ],
    },
  };
  const alt =
    `Stacked bar chart: ${title}. ` +
    years
      .map((y) => `${y.year}: ${y.byCategory.map((c) => `${c.label} ${c.count.text}`).join(', ')}; patient messages ${y.patientSide.text}`)
      .join('. ') +
    `.${note ? ` ${note}` : ''}`;
  return { spec, alt, note, width: 560, height };
}
