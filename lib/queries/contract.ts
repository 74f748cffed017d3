// A query's contract with its callers: the named parameters it binds and the columns its rows have, each
// with a type. render() (render.ts) holds the parameters against the SQL text and the values given;
// checkRows() (rows.ts) holds an engine's rows against the columns once, when they arrive, so a renamed or
// dropped SQL column fails there, naming the query and the column, instead of reading as zeros later.
import type { Fragments } from './fragments.ts';

/** A column's type as the engines return it (numbers may also come as numeric text, as Athena's do). */
export type ColumnType = 'bigint' | 'double' | 'varchar' | 'timestamp';

/**
 * A parameter's type as bound: bigint a whole number, double any finite number, varchar text (timestamps
 * are bound as text and cast in the SQL, so both engines read them the same way).
 */
export type ParamType = 'bigint' | 'double' | 'varchar';

export type Columns = Readonly<Record<string, ColumnType>>;
export type Params = Readonly<Record<string, ParamType>>;

/** A query written once: `sql` builds the Athena-dialect text, calling fragments where engines differ. */
export interface QueryDef<C extends Columns = Columns> {
  /** Stable name for logs and errors, e.g. "conversations.month.departments.business_hours". */
  name: string;
  /** Every `:name` the SQL text uses, with its type; render() refuses one used but not declared, or the reverse. */
  params: Params;
  /**
   * The columns of its rows, in SELECT order. `C` names every column the query can have; a variant whose
   * options leave some out (conversations without business hours) lists only those it has, and reading
   * another from its rows throws.
   */
  columns: Partial<C>;
  sql(f: Fragments): string;
}

/** The declared columns as [name, type] pairs, in order. */
export function columnList(def: QueryDef): [string, ColumnType][] {
  return Object.entries(def.columns).filter((e): e is [string, ColumnType] => e[1] !== undefined);
}

/** Parameters named `<prefix>1` .. `<prefix><n><suffix>` (picks, holidays), all of one type. */
export function numberedParams(prefix: string, n: number, type: ParamType, suffix = ''): Params {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}${suffix}`, type]));
}
