// Rendering is a pure function of (query, dialect, values): named values become ? in order, and no value
// ever reaches the SQL text.
import { describe, expect, it } from 'vitest';
import { conversationsQuery, FRAGMENTS, placeholders, render, volumeQuery, type QueryDef } from '../../lib/queries/index.ts';
import { catalogue } from '../helpers/query-catalogue.ts';

const demo: QueryDef = {
  name: 'demo',
  params: { a: 'bigint', c_2: 'varchar' },
  columns: { med: 'double' },
  sql: (f) => `SELECT ${f.percentile('x', 0.5)} AS med -- :not_a_param
FROM t WHERE a = :a AND b = ':not_either' AND c BETWEEN :a AND :c_2`,
};

describe('render', () => {
  it('replaces each named value by ? and binds the values in order of appearance, repeats included', () => {
    const r = render(demo, 'duckdb', { a: 1, c_2: 'z' });
    expect(r.sql).toBe(`SELECT quantile_cont(x, 0.5) AS med -- :not_a_param
FROM t WHERE a = ? AND b = ':not_either' AND c BETWEEN ? AND ?`);
    expect(r.params).toEqual([1, 1, 'z']);
    expect(r.name).toBe('demo');
  });

  it('uses the dialect fragment only where engines differ', () => {
    expect(render(demo, 'athena', { a: 1, c_2: 'z' }).sql).toContain('approx_percentile(x, 1, 0.5, 0.01)');
  });

  it('refuses a missing value and an unused one (a typo must not bind silently)', () => {
    expect(() => render(demo, 'duckdb', { a: 1 })).toThrow(/no value for :c_2/);
    expect(() => render(demo, 'duckdb', { a: 1, c_2: 'z', extra: 3 })).toThrow(/:extra is given but the query does not use it/);
    expect(() => render(demo, 'duckdb', { a: Number.NaN, c_2: 'z' })).toThrow(/not a finite number/);
  });

  it('refuses a value of the wrong type for its declared parameter', () => {
    expect(() => render(demo, 'duckdb', { a: 1.5, c_2: 'z' })).toThrow(/query demo: :a is declared bigint, got 1.5/);
    expect(() => render(demo, 'duckdb', { a: 1, c_2: 2 })).toThrow(/query demo: :c_2 is declared varchar, got 2/);
    const asDouble: QueryDef = { ...demo, params: { ...demo.params, a: 'double' } };
    expect(render(asDouble, 'duckdb', { a: 1.5, c_2: 'z' }).params).toEqual([1.5, 1.5, 'z']);
  });

  it('refuses SQL whose parameters are not the declared ones (the declaration is the contract callers read)', () => {
    const { c_2: _, ...onlyA } = demo.params;
    expect(() => render({ ...demo, params: onlyA }, 'duckdb', { a: 1 })).toThrow(
      /query demo: its SQL uses :c_2, not among its declared parameters/,
    );
    expect(() => render({ ...demo, params: { ...demo.params, b: 'bigint' } }, 'duckdb', { a: 1, c_2: 'z', b: 2 })).toThrow(
      /query demo: declares :b, which its SQL does not use/,
    );
  });

  it('every query of the catalogue declares exactly the parameters its SQL uses, with values of their types', () => {
    for (const e of catalogue()) {
      for (const dialect of ['duckdb', 'athena'] as const) expect(() => render(e.def, dialect, e.values), e.def.name).not.toThrow();
      expect(new Set(placeholders(e.def.sql(FRAGMENTS.duckdb))), e.def.name).toEqual(new Set(Object.keys(e.def.params)));
    }
  });

  it('lists placeholders outside literals and comments', () => {
    expect(placeholders(demo.sql({ epochMs: (e) => e, percentile: (e) => e, materialized: '', firstNonNull: (e) => e }))).toEqual([
      'a',
      'a',
      'c_2',
    ]);
  });

  it('is pure: same inputs, same output; different values change params, never the text', () => {
    for (const dialect of ['duckdb', 'athena'] as const) {
      const a = catalogue({ from: '2016-01', to: '2017-12', cutoff: '2018-01-31T23:59:59.000Z' });
      const b = catalogue({ from: '2012-03', to: '2012-03', cutoff: '2013-05-01T10:00:00.000Z' });
      expect(a.length).toBe(b.length);
      a.forEach((ea, i) => {
        const eb = b[i]!;
        const ra = render(ea.def, dialect, ea.values);
        expect(render(ea.def, dialect, ea.values)).toEqual(ra);
        const rb = render(eb.def, dialect, eb.values);
        expect(rb.sql).toBe(ra.sql);
        if (ra.params.length) expect(rb.params).not.toEqual(ra.params);
        // No bound value appears in the text as a literal.
        for (const v of ra.params) if (typeof v === 'string') expect(ra.sql).not.toContain(v);
      });
    }
  });

  it('names each variant after its shape', () => {
    expect(volumeQuery({ grain: 'month', byDepartment: true }, { byCategory: true }).name).toBe('volume.month.departments.categories');
    expect(conversationsQuery({ grain: 'all', byDepartment: false }, { byReplyCategory: true, businessHours: true }).name).toBe(
      'conversations.all.reply_categories.business_hours',
    );
  });
});
