// The Wilson score interval for a proportion n/N (metrics.md: "Every rate a person reads carries its 95%
// interval (Wilson score)"). Unlike the normal approximation it stays inside [0, 1] and behaves at n = 0,
// n = N and small N, which is where a department's or a year's rate often sits.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * (p + z²/2N ± z·sqrt(p(1-p)/N + z²/4N²)) / (1 + z²/N), with p = n/N. Null when N is 0 (no rate).
 * Throws on counts that are not a proportion (n < 0, n > N, non-integers): a caller bug, not a user's.
 */
export function wilsonInterval(n: number, N: number, z: number = Z95): Interval | null {
  if (!Number.isInteger(n) || !Number.isInteger(N) || n < 0 || N < 0 || n > N) throw new RangeError(`not a proportion: ${n}/${N}`);
  if (N === 0) return null;
  const p = n / N;
  const z2 = z * z;
  const centre = p + z2 / (2 * N);
  const margin = z * Math.sqrt((p * (1 - p)) / N + z2 / (4 * N * N));
  const denom = 1 + z2 / N;
  // At n = 0 and n = N the exact bound is 0 or 1; floating point would leave dust (0.9999999999999999).
  return { low: n === 0 ? 0 : Math.max(0, (centre - margin) / denom), high: n === N ? 1 : Math.min(1, (centre + margin) / denom) };
}
