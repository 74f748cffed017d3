// What every rate a person reads carries (metrics.md, "Small numbers are shown honestly"): its 95% Wilson
// interval, a mark when it rests on few messages, and whether the month is unusual against its trailing
// 12 months (p-chart). Read from disclosed cells only: a hidden count has no interval.
import { formatOneDecimal } from '../disclosure/index.ts';
import { pChart } from '../stats/index.ts';
import type { DisplayCell, RateCell } from './model-types.ts';

const shownCounts = (r: RateCell): { n: number; N: number } | null =>
  !r.suppressed && !r.n.suppressed && !r.N.suppressed && r.n.value !== null && r.N.value !== null && r.N.value > 0
    ? { n: r.n.value, N: r.N.value }
    : null;

const pct = (x: number): string => formatOneDecimal(100 * x);

/** "95% interval 54.6–75.5%", or null for anything but a shown rate. */
export function intervalText(cell: DisplayCell): string | null {
  return cell.kind === 'rate' && cell.interval ? `95% interval ${cell.interval}` : null;
}

/** Set when a shown rate's N is below the few-messages threshold. */
export function fewText(cell: DisplayCell, fewMessages: number): string | null {
  if (cell.kind !== 'rate') return null;
  const c = shownCounts(cell);
  return c && c.N < fewMessages ? `Rests on few messages (${c.N}): read it with its interval.` : null;
}

/**
 * Whether the last of a trailing series of monthly rates is outside its 3-sigma p-chart limits, in words;
 * also the months of the series that are. Hidden or empty months are left out of the chart.
 */
export function unusualMonths(series: Array<{ month: string; rate: RateCell }>): { months: string[]; last: string | null } {
  const points = series.map((p) => ({ month: p.month, ...(shownCounts(p.rate) ?? { n: 0, N: 0 }) }));
  const chart = pChart(points);
  const months = chart.months.filter((m) => m.unusual).map((m) => m.month);
  const last = chart.months.at(-1);
  if (!last?.unusual || !last.limits || last.rate === null) return { months, last: null };
  const side = last.rate > last.limits.high ? 'above' : 'below';
  return {
    months,
    last: `Unusual month: ${side} the range its trailing 12 months predict (${pct(last.limits.low)}\u2013${pct(last.limits.high)}%).`,
  };
}
