// A p-chart over a department's trailing months (metrics.md: a month outside the 3-sigma control limits
// of the trailing 12 months is unusual). Each month keeps its own N, so its limits are its own: a small
// month's limits are wide and it is not called unusual for an ordinary wobble.
import type { Interval } from './proportions.ts';

export interface PChartPoint {
  month: string;
  n: number;
  N: number;
}

export interface PChartMonth {
  month: string;
  /** n/N, or null when N = 0 (no point, no limits). */
  rate: number | null;
  /** p̄ ± 3·sqrt(p̄(1 − p̄)/N), clipped to [0, 1]; null when N = 0 or the chart has too few months. */
  limits: Interval | null;
  unusual: boolean;
}

export interface PChart {
  /** p̄ = Σn / ΣN over the months with data; null when there are too few. */
  centre: number | null;
  months: PChartMonth[];
}

/** Fewer months than this with data and there is no baseline to call a month unusual against. */
export const MIN_PCHART_MONTHS = 6;

export function pChart(points: readonly PChartPoint[], sigmas = 3): PChart {
  const withData = points.filter((p) => p.N > 0);
  const sumN = withData.reduce((a, p) => a + p.N, 0);
  const centre = withData.length >= MIN_PCHART_MONTHS && sumN > 0 ? withData.reduce((a, p) => a + p.n, 0) / sumN : null;
  const months = points.map((p): PChartMonth => {
    const rate = p.N > 0 ? p.n / p.N : null;
    if (centre === null || rate === null) return { month: p.month, rate, limits: null, unusual: false };
    const half = sigmas * Math.sqrt((centre * (1 - centre)) / p.N);
    const limits = { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
    // Strictly outside: with p̄ of 0 or 1 every month sits on the line and none is unusual.
    return { month: p.month, rate, limits, unusual: rate < limits.low || rate > limits.high };
  });
  return { centre, months };
}
