// Rows as the analyses read them: checked once against the query's declared columns, then read by name.
// NULL handling is the old num()/numOrNull()'s: an empty SUM is 0, an undefined statistic stays null; numbers
// that come as text (as Athena's can) are parsed.
import { describe, expect, it } from 'vitest';
import { checkRows, type QueryDef } from '../../lib/queries/index.ts';

const COLUMNS = { n: 'bigint', median: 'double', label: 'varchar', at: 'timestamp' } as const;
const def: QueryDef<typeof COLUMNS> = { name: 'demo', params: {}, columns: COLUMNS, sql: () => 'SELECT 1' };

describe('checkRows and TypedRow', () => {
  it('reads numbers, numeric text and NULLs as num() and numOrNull() did', () => {
    const [a, b] = checkRows(def, [
      { n: 3, median: 1.5, label: 'x', at: '2017-01-01T00:00:00.000Z' },
      { n: '12', median: null, label: null, at: null },
    ]);
    expect([a!.num('n'), a!.numOrNull('median'), a!.str('label'), a!.str('at')]).toEqual([3, 1.5, 'x', '2017-01-01T00:00:00.000Z']);
    expect([b!.num('n'), b!.num('median'), b!.numOrNull('median'), b!.str('label')]).toEqual([12, 0, null, null]);
    expect(checkRows(def, [{ n: null, median: '', label: 'y', at: null }])[0]!.numOrNull('median')).toBeNull();
  });

  it('refuses a missing column, an extra one and a value of the wrong type, naming the query and the column', () => {
    expect(() => checkRows(def, [{ n: 1, median: 1, label: 'x' }])).toThrow(/query demo: column at is missing from its rows/);
    expect(() => checkRows(def, [{ n: 1, median: 1, label: 'x', at: null, more: 1 }])).toThrow(
      /query demo: column more is in its rows but not among its declared columns/,
    );
    expect(() => checkRows(def, [{ n: 1.5, median: 1, label: 'x', at: null }])).toThrow(/query demo: column n is declared bigint, got 1.5/);
    expect(() => checkRows(def, [{ n: 'many', median: 1, label: 'x', at: null }])).toThrow(/column n is declared bigint, got "many"/);
    expect(() => checkRows(def, [{ n: 1, median: 1, label: 7, at: null }])).toThrow(/column label is declared varchar, got 7/);
  });

  it('accepts no rows (an empty result has nothing to check)', () => {
    expect(checkRows(def, [])).toEqual([]);
  });
});
