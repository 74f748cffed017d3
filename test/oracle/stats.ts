// Plain statistics for the oracle: the continuous percentile of metrics.md ("linear interpolation between
// ranks, as quantile_cont") and a mean, over small arrays.

/** Continuous quantile q in [0, 1] of `values`: position (n - 1) * q in the sorted list, interpolated. */
export function quantileCont(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export interface RefDistribution {
  mean: number;
  median: number;
  p90: number;
}

/** mean / median / p90 of `values`, or null when there are none. */
export function distribution(values: readonly number[]): RefDistribution | null {
  if (values.length === 0) return null;
  return { mean: mean(values) as number, median: quantileCont(values, 0.5) as number, p90: quantileCont(values, 0.9) as number };
}
