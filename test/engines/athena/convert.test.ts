// Athena's string values converted by column type, and parameters as Trino literals.
import { describe, expect, it } from 'vitest';
import { convertValue, countPlaceholders, trinoLiteral } from '../../../lib/engines/athena/index.ts';

describe('convertValue', () => {
  it.each([
    ['123', 'bigint', 123],
    ['-7', 'integer', -7],
    ['3', 'smallint', 3],
    ['12.50', 'decimal(10,2)', 12.5],
    ['0.125', 'double', 0.125],
    ['1.0E-4', 'double', 0.0001],
    ['Infinity', 'double', Infinity],
    ['true', 'boolean', true],
    ['false', 'boolean', false],
    ['2024-05-01', 'date', '2024-05-01'],
    ['2024-05-01 13:45:00.000', 'timestamp', '2024-05-01T13:45:00.000Z'],
    ['2024-05-01 13:45:00', 'timestamp(3)', '2024-05-01T13:45:00.000Z'],
    ['2024-05-01 13:45:00.123456', 'timestamp(6)', '2024-05-01T13:45:00.123Z'],
    ['2024-05-01 13:45:00.000 UTC', 'timestamp with time zone', '2024-05-01T13:45:00.000Z'],
    ['2024-05-01 08:45:00.000 America/Chicago', 'timestamp(3) with time zone', '2024-05-01T13:45:00.000Z'],
    ['2024-01-15 08:45:00.000 America/Chicago', 'timestamp with time zone', '2024-01-15T14:45:00.000Z'],
    ['2024-05-01 15:45:00.000 +02:00', 'timestamp with time zone', '2024-05-01T13:45:00.000Z'],
    ['', 'varchar', ''],
    ["O'Brien", 'varchar', "O'Brien"],
    ['[1, 2, 3]', 'array', [1, 2, 3]],
    ['[]', 'array', []],
    ['[0.5, null, true]', 'array', [0.5, null, true]],
    ['[a, b]', 'array', ['a', 'b']],
    ['{"a":1}', 'json', '{"a":1}'],
    ['[1,"x",null]', 'json', [1, 'x', null]],
  ])('%s as %s', (raw, type, want) => {
    expect(convertValue(raw, type, 'c')).toEqual(want);
  });

  it('a missing VarCharValue is NULL whatever the type', () => {
    for (const t of ['varchar', 'bigint', 'boolean', 'timestamp', 'array']) expect(convertValue(undefined, t, 'c')).toBeNull();
  });

  it('refuses integers beyond 2^53 and malformed values, naming the column', () => {
    expect(() => convertValue('9007199254740993', 'bigint', 'n of "q"')).toThrow(/n of "q".*beyond the exact range/);
    expect(() => convertValue('abc', 'bigint', 'n')).toThrow(/column n: 'abc' is not an integer/);
    expect(() => convertValue('yes', 'boolean', 'ok')).toThrow(/not a boolean/);
    expect(() => convertValue('May 1', 'timestamp', 't')).toThrow(/not a timestamp/);
  });
});

describe('trinoLiteral', () => {
  it('quotes strings doubling quotes, and writes numbers, booleans and NULL as literals', () => {
    expect(trinoLiteral("it's")).toBe("'it''s'");
    expect(trinoLiteral("''")).toBe("''''''");
    expect(trinoLiteral('')).toBe("''");
    expect(trinoLiteral('2024-05')).toBe("'2024-05'");
    expect(trinoLiteral(0)).toBe('0');
    expect(trinoLiteral(-12)).toBe('-12');
    expect(trinoLiteral(1.25)).toBe('1.25E+0');
    expect(trinoLiteral(true)).toBe('TRUE');
    expect(trinoLiteral(false)).toBe('FALSE');
    expect(trinoLiteral(null)).toBe('NULL');
    expect(() => trinoLiteral(Number.NaN)).toThrow(/finite/);
  });
});

describe('countPlaceholders', () => {
  it('ignores ? in strings, quoted identifiers and comments', () => {
    expect(countPlaceholders("SELECT ?, '?', \"a?\", 'it''s ?' -- ?\n, ? /* ? */")).toBe(2);
    expect(countPlaceholders('SELECT 1')).toBe(0);
  });
});
