// Months and their arithmetic (lib/period): the one implementation the queries, analysis, delivery and the
// Lambdas use, so its edges (December to January, year 0, a time zone across midnight) are checked here once.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  isMonth,
  localMonth,
  monthIndex,
  monthOfIndex,
  monthOfYear,
  monthStartUtc,
  yearOfIndex,
} from '../../lib/period/index.ts';

describe('a month', () => {
  it('is "YYYY-MM" with a month 01-12, nothing else', () => {
    for (const m of ['2017-06', '2017-12', '2017-01', '0001-01']) expect(isMonth(m)).toBe(true);
    for (const m of ['2017-13', '2017-00', '2017-6', '17-06', '2017-06-01', ' 2017-06', 201706, null, undefined])
      expect(isMonth(m)).toBe(false);
  });

  it('has the lake month index year * 12 + month - 1, and back', () => {
    expect(monthIndex('2017-06')).toBe(2017 * 12 + 5);
    expect(monthIndex('2018-01') - monthIndex('2017-12')).toBe(1);
    expect(() => monthIndex('2017-13')).toThrow(/'2017-13' is not a month YYYY-MM/);
    for (const m of ['2016-01', '2016-12', '2017-07', '0999-03']) expect(monthOfIndex(monthIndex(m))).toBe(m);
    expect([yearOfIndex(monthIndex('2016-12')), monthOfYear(monthIndex('2016-12'))]).toEqual([2016, 12]);
    expect([yearOfIndex(monthIndex('2017-01')), monthOfYear(monthIndex('2017-01'))]).toEqual([2017, 1]);
  });

  it('moves by months across years', () => {
    expect(addMonths('2017-01', -1)).toBe('2016-12');
    expect(addMonths('2016-12', 1)).toBe('2017-01');
    expect(addMonths('2017-06', -12)).toBe('2016-06');
    expect(addMonths('2017-06', 0)).toBe('2017-06');
  });

  it('starts at midnight on the 1st (UTC wall clock)', () => {
    expect(new Date(monthStartUtc(monthIndex('2017-03'))).toISOString()).toBe('2017-03-01T00:00:00.000Z');
    expect(new Date(monthStartUtc(monthIndex('2017-12') + 1)).toISOString()).toBe('2018-01-01T00:00:00.000Z');
  });

  it('of an instant depends on the time zone', () => {
    expect(localMonth('2017-07-01T03:00:00Z', 'America/Chicago')).toBe('2017-06');
    expect(localMonth('2017-07-01T03:00:00Z', 'UTC')).toBe('2017-07');
    expect(localMonth('2017-06-30T23:00:00Z', 'Europe/Berlin')).toBe('2017-07');
  });
});
