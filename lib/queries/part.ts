// A metric's steps over the shared relation `base` (base.ts), so that one SQL text serves both as a query of
// its own and as one part of a combined query that builds `base` once (combine.ts).
import { type BaseOptions, baseParams, baseSelect } from './base.ts';

export type { BaseOptions };
import type { Columns, Params, QueryDef } from './contract.ts';
import type { Fragments } from './fragments.ts';

/** A metric written once: the steps after `WITH base AS (...),` and what it needs of base. */
export interface QueryPart<C extends Columns = Columns> {
  /** The name of the query of its own (e.g. "volume.year.categories"); errors on its rows name it. */
  name: string;
  /** The parameters its steps use (base's own parameters are added by whoever builds base). */
  params: Params;
  columns: Partial<C>;
  base: BaseOptions;
  /**
   * The CTEs that follow `base` and the final SELECT, as text: `b AS (...),\nc AS (...)\nSELECT ...`. The CTE
   * names are the part's own: in a combined query the steps are nested in a CTE of their own, so two parts
   * may both call a step `b`.
   */
  steps(f: Fragments): string;
}

/** The part as a query of its own: `WITH base AS (<base>),` then its steps (the text it always had). */
export function standalone<C extends Columns>(part: QueryPart<C>): QueryDef<C> {
  return {
    name: part.name,
    params: { ...baseParams(part.base.picks), ...part.params },
    columns: part.columns,
    sql: (f) => `
WITH base AS (${baseSelect(f, part.base)}),
${part.steps(f)}`,
  };
}
