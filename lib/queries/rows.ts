// Rows read through a query's declared columns. checkRows() holds an engine's rows against the declaration
// once, when they arrive: a column missing (renamed or dropped in the SQL), one not declared, or a value of
// the wrong type throws, naming the query and the column. TypedRow then reads columns by names the type
// checker knows: `row.num('within_1d')` compiles only if the query declares a numeric `within_1d`.
import type { Row, SqlValue } from '../engines/engine.ts';
import { type ColumnType, type Columns, columnList, type QueryDef } from './contract.ts';

type NumericType = 'bigint' | 'double';
type TextType = 'varchar' | 'timestamp';
/** The names of C's columns of a type in T. */
type ColumnsOf<C, T> = { [K in keyof C]: C[K] extends T ? K : never }[keyof C] & string;
export type NumericColumn<C> = ColumnsOf<C, NumericType>;
export type TextColumn<C> = ColumnsOf<C, TextType>;

export class TypedRow<C extends Columns> {
  private readonly query: string;
  private readonly row: Row;
  constructor(query: string, row: Row) {
    this.query = query;
    this.row = row;
  }

  /** A count or sum: NULL (an empty SUM) is 0; numeric text (Athena returns text) is parsed. */
  num(col: NumericColumn<C>): number {
    return this.numOrNull(col) ?? 0;
  }

  /** A statistic that is undefined on no data (a median of nothing): NULL stays null. */
  numOrNull(col: NumericColumn<C>): number | null {
    const v = this.value(col);
    if (v === null || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw new Error(`query ${this.query}: column ${col}: expected a number, got ${JSON.stringify(v)}`);
    return n;
  }

  str(col: TextColumn<C>): string | null {
    const v = this.value(col);
    return v === null ? null : String(v);
  }

  private value(col: string): SqlValue {
    const v = this.row[col];
    // Checked rows hold every declared column (NULL as null): undefined is a column this variant lacks.
    if (v === undefined) throw new Error(`query ${this.query}: has no column ${col} (not in this variant's columns)`);
    return v;
  }
}

/** Checks `rows` against `def`'s columns and wraps them for typed reading; throws on the first mismatch. */
export function checkRows<C extends Columns>(def: QueryDef<C>, rows: Row[]): TypedRow<C>[] {
  const cols = columnList(def as QueryDef);
  for (const r of rows) {
    for (const [name, type] of cols) {
      if (!(name in r)) {
        throw new Error(`query ${def.name}: column ${name} is missing from its rows (declared ${type}; renamed or dropped in the SQL?)`);
      }
      if (!fits(r[name]!, type)) throw new Error(`query ${def.name}: column ${name} is declared ${type}, got ${JSON.stringify(r[name])}`);
    }
    if (Object.keys(r).length !== cols.length) {
      const extra = Object.keys(r).filter((k) => !(k in def.columns));
      throw new Error(`query ${def.name}: column ${extra.join(', ')} is in its rows but not among its declared columns`);
    }
  }
  return rows.map((r) => new TypedRow<C>(def.name, r));
}

const INTEGER_TEXT = /^-?\d+$/;

/** NULL fits every type; numbers may come as numeric text (Athena's adapter leaves text it cannot type). */
function fits(v: SqlValue, type: ColumnType): boolean {
  if (v === null) return true;
  switch (type) {
    case 'bigint':
      return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'string' && INTEGER_TEXT.test(v);
    case 'double':
      return typeof v === 'number' || (typeof v === 'string' && (v === '' || v === 'NaN' || Number.isFinite(Number(v))));
    case 'varchar':
    case 'timestamp':
      return typeof v === 'string';
  }
}
