// Complementary suppression where a total sits beside its parts: must-suppress / must-not pairs, totals
// that could be derived, tables (rows and columns) iterated until stable, and a property over random tables.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSuppression, policyFromSettings, type AdditiveGroup } from '../../lib/disclosure/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { derivableGroups, solveBySubtraction } from './check.ts';

const policy = policyFromSettings(DEFAULT_SETTINGS);
const vals = (o: Record<string, number>) => new Map(Object.entries(o));

describe('one total beside its parts', () => {
  const groups: AdditiveGroup[] = [{ total: 'T', parts: ['a', 'b', 'c'] }];

  it('must suppress: one small part would be the total minus the others, so the next smallest part goes too', () => {
    const plan = planSuppression({ values: vals({ T: 145, a: 4, b: 41, c: 100 }), groups, policy });
    expect(plan.get('a')).toBe('small');
    expect(plan.get('b')).toBe('complementary');
    expect(plan.has('c')).toBe(false);
    expect(plan.has('T')).toBe(false);
  });

  it('must not: two small parts already protect each other; no part shown needs hiding', () => {
    const plan = planSuppression({ values: vals({ T: 109, a: 4, b: 5, c: 100 }), groups, policy });
    expect([...plan.keys()].sort()).toEqual(['a', 'b']);
  });

  it('must not: nothing small, nothing hidden', () => {
    expect(planSuppression({ values: vals({ T: 145, a: 14, b: 31, c: 100 }), groups, policy }).size).toBe(0);
  });

  it('never picks a zero as the complement (hiding 0 protects nothing); picks the smallest non-zero', () => {
    const plan = planSuppression({ values: vals({ T: 107, a: 7, b: 0, c: 100 }), groups, policy });
    expect(plan.has('b')).toBe(false);
    expect(plan.get('c')).toBe('complementary');
  });
});

describe('a derivable total', () => {
  const groups: AdditiveGroup[] = [{ total: 'T', parts: ['a', 'b'] }];

  it('must suppress: a small total beside shown parts is their sum, so a part goes', () => {
    // Possible when the total is forced hidden (another plan) or small while parts are 0 and small.
    const plan = planSuppression({ values: vals({ T: 40, a: 12, b: 28 }), groups, policy, forced: new Map([['T', 'complementary']]) });
    expect(plan.get('a')).toBe('complementary');
    expect(plan.has('b')).toBe(false);
  });

  it('must suppress: when no other part is non-zero, the total itself goes', () => {
    // A total larger than its listed parts (an unlisted rest): one small part, the other part 0.
    const plan = planSuppression({ values: vals({ T: 60, a: 5, b: 0 }), groups, policy });
    expect(plan.get('a')).toBe('small');
    expect(plan.get('T')).toBe('complementary');
    expect(plan.has('b')).toBe(false);
  });

  it('must not: a small total with its small parts needs nothing more', () => {
    const plan = planSuppression({ values: vals({ T: 9, a: 4, b: 5 }), groups, policy });
    expect([...plan.values()]).toEqual(['small', 'small', 'small']);
  });
});

describe('tables: rows and columns, iterated until stable', () => {
  // 3x3 table with row totals R*, column totals C*, grand total G.
  function table(cells: number[][]): { values: Map<string, number>; groups: AdditiveGroup[] } {
    const values = new Map<string, number>();
    const groups: AdditiveGroup[] = [];
    cells.forEach((row, i) => row.forEach((v, j) => values.set(`x${i}${j}`, v)));
    cells.forEach((row, i) => {
      values.set(
        `R${i}`,
        row.reduce((a, b) => a + b, 0),
      );
      groups.push({ total: `R${i}`, parts: row.map((_, j) => `x${i}${j}`) });
    });
    cells[0]!.forEach((_, j) => {
      values.set(
        `C${j}`,
        cells.reduce((a, r) => a + r[j]!, 0),
      );
      groups.push({ total: `C${j}`, parts: cells.map((_, i) => `x${i}${j}`) });
    });
    values.set(
      'G',
      [...values].filter(([k]) => k.startsWith('R')).reduce((a, [, v]) => a + v, 0),
    );
    groups.push({ total: 'G', parts: cells.map((_, i) => `R${i}`) });
    groups.push({ total: 'G', parts: cells[0]!.map((_, j) => `C${j}`) });
    return { values, groups };
  }

  it('a complement chosen in a row leaves its column with one hidden cell, so the column gets one too', () => {
    const { values, groups } = table([
      [3, 50, 80],
      [40, 60, 90],
      [45, 70, 100],
    ]);
    const plan = planSuppression({ values, groups, policy });
    expect(plan.get('x00')).toBe('small');
    expect(derivableGroups(groups, plan, values)).toEqual([]);
    // Nothing hidden can be recovered by chaining subtractions through rows and columns.
    const solved = solveBySubtraction(groups, values, new Set(plan.keys()));
    for (const id of plan.keys()) expect(solved.has(id), `${id} recoverable`).toBe(false);
    // At least a row partner and a column partner of x00, and one cell closing the rectangle.
    expect(plan.size).toBeGreaterThanOrEqual(4);
  });

  it('must not: a table without small cells is shown whole', () => {
    const { values, groups } = table([
      [30, 50, 80],
      [40, 60, 90],
      [45, 70, 100],
    ]);
    expect(planSuppression({ values, groups, policy }).size).toBe(0);
  });

  it('property: every small count is hidden, no zero is hidden, no group has exactly one hidden member', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 11, max: 500 })), { minLength: 2, maxLength: 4 }), {
          minLength: 2,
          maxLength: 4,
        }),
        (raw) => {
          const width = Math.min(...raw.map((r) => r.length));
          const cells = raw.map((r) => r.slice(0, width));
          const { values, groups } = table(cells);
          const plan = planSuppression({ values, groups, policy });
          for (const [id, v] of values) {
            if (v >= 1 && v <= 10) expect(plan.get(id)).toBe('small');
            if (v === 0) expect(plan.has(id)).toBe(false);
          }
          expect(derivableGroups(groups, plan, values)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
