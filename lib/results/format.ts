// Plain-text formatting of exact results for the analytics team's terminal (no disclosure control:
// this never leaves the team; reports go through lib/disclosure).
import type { Proportion } from './types.ts';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `72.2% (1,272,069/1,761,739)`, or `— (0/0)` when the denominator is zero. */
export function formatProportion(p: Proportion): string {
  const pct = p.N === 0 ? '—' : `${((100 * p.n) / p.N).toFixed(1)}%`;
  return `${pct} (${int.format(p.n)}/${int.format(p.N)})`;
}

export function formatHours(h: number | null): string {
  if (h === null) return '—';
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`;
}

export function formatCount(n: number): string {
  return int.format(n);
}
