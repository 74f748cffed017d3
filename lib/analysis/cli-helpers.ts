// Small helpers shared by the `study` and `monthly` commands (lib/cli/commands): option reading and the
// headline format.
import type { Proportion } from '../results/types.ts';

export function optionalString(values: Record<string, unknown>, flag: string): string | undefined {
  const v = values[flag];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** "x% (n/N)", the shape the study prints its headline figures in. */
export function pct(p: Proportion): string {
  if (p.N === 0) return 'n/a (0/0)';
  return `${((100 * p.n) / p.N).toFixed(1)}% (${p.n.toLocaleString('en-US')}/${p.N.toLocaleString('en-US')})`;
}

export function printWhere(path: string): void {
  console.log(`  wrote ${path}`);
}
