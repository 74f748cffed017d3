// Display cells: the shape of every value a report can show. They belong to disclosure (which alone makes
// them, lib/disclosure/cells.ts) so that disclosure and the charts depend on no report model; the report
// models are built from them (docs/architecture.md, "Dependencies").

/** Why a cell is not shown: a small count (primary), or hidden so a small one cannot be worked out. */
export type SuppressionReason = 'small' | 'complementary' | 'derived';

interface CellBase {
  /** Final display text, e.g. "1,272", "<11", "72.2% (1,272/1,761)", "—". Escape it; never reformat it. */
  text: string;
  suppressed: boolean;
  /** Null when shown. `derived`: a rate, mean or change hidden because a count under it is suppressed. */
  reason: SuppressionReason | null;
}

/** A count. `value` is null when suppressed (a template or chart cannot leak it). */
export interface CountCell extends CellBase {
  kind: 'count';
  value: number | null;
}

/** A proportion, printed as `x% (n/N)`; "—" when suppressed, "n/a" when N = 0. */
export interface RateCell extends CellBase {
  kind: 'rate';
  /** 0..1, or null when suppressed or N = 0. */
  rate: number | null;
  /** "72.2%", or the same "—" / "n/a" as `text`. */
  percent: string;
  /** Its 95% Wilson interval, "54.6–75.5%", when shown with N > 0; else null. Every rate a person reads carries it. */
  interval: string | null;
  n: CountCell;
  N: CountCell;
  /** The interval's bounds as proportions (0..1), for machine-readable tables (the study's CSV); null with `interval`. */
  bounds?: { low: number; high: number } | null;
}

/** A measured number that is not a count: hours, a mean, a percentile ("5.2 h", "48.3"). */
export interface NumberCell extends CellBase {
  kind: 'number';
  value: number | null;
  unit: 'hours' | 'messages' | 'none';
}

/** Fixed text, e.g. a published figure quoted from the study ("about 1,596,000 / 1,761,739"). */
export interface TextCell extends CellBase {
  kind: 'text';
}

export type DisplayCell = CountCell | RateCell | NumberCell | TextCell;
