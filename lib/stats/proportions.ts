// Honest small numbers (metrics.md, "Small numbers are shown honestly"): the 95% Wilson score interval of
// a proportion, and the two tests that decide whether a change is larger than chance explains. Pure
// functions of counts; no formatting.

/** The two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for n successes out of N (N > 0): unlike p ± z·se it stays inside [0, 1] and keeps
 * its coverage when n is 0, N or N is small.
 */
export function wilson(n: number, N: number, z = Z95): Interval | null {
  if (!(N > 0) || n < 0 || n > N) return null;
  const p = n / N;
  const z2 = z * z;
  const denom = 1 + z2 / N;
  const centre = (p + z2 / (2 * N)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / N + z2 / (4 * N * N));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Test {
  /** The test statistic (standard normal under "no difference"); 0 when it cannot be computed. */
  z: number;
  /** Whether |z| exceeds the 95% two-sided critical value. */
  significant: boolean;
}

const test = (z: number): Test => ({ z, significant: Number.isFinite(z) && Math.abs(z) > Z95 });

/**
 * Two-proportion z test (pooled): is n1/N1 different from n2/N2 by more than chance? With a pooled rate of 0
 * or 1 the two rates are equal and nothing differs.
 */
export function twoProportion(n1: number, N1: number, n2: number, N2: number): Test {
  if (!(N1 > 0) || !(N2 > 0)) return { z: 0, significant: false };
  const pooled = (n1 + n2) / (N1 + N2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / N1 + 1 / N2));
  if (se === 0) return { z: 0, significant: false };
  return test((n1 / N1 - n2 / N2) / se);
}

/**
 * Two counts of events over equal periods (this month's messages against last month's): under "the same
 * rate", c1 given c1 + c2 is binomial(c1 + c2, 1/2); its normal approximation gives z = (c1 - c2) / sqrt(c1 + c2).
 */
export function twoCounts(c1: number, c2: number): Test {
  if (c1 + c2 <= 0) return { z: 0, significant: false };
  return test((c1 - c2) / Math.sqrt(c1 + c2));
}
