import { describe, expect, it } from 'vitest';
import { CentralTime, HOUR } from '../../lib/sample/central-time.ts';
import { offsetAt, parseSentAt } from './measure.ts';

describe("CentralTime (the generator's own America/Chicago arithmetic)", () => {
  const ct = new CentralTime(2005, 2018);

  it('agrees with the tz database (Intl) on every day of 2005-2019, hour by hour around each change', () => {
    const mismatches: string[] = [];
    let changes = 0;
    for (let day = Date.UTC(2005, 0, 1); day < Date.UTC(2020, 0, 1); day += 24 * HOUR) {
      const hourly = offsetAt(day) !== offsetAt(day + 24 * HOUR);
      if (hourly) changes++;
      for (let t = day; t < day + 24 * HOUR; t += hourly ? HOUR : 24 * HOUR) {
        if (ct.offset(t) !== offsetAt(t)) mismatches.push(new Date(t).toISOString());
      }
    }
    expect(changes).toBe(30);
    expect(mismatches).toEqual([]);
  });

  it('spells an instant three ways that all read back to it', () => {
    const t = Date.UTC(2015, 6, 4, 14, 5, 6, 789);
    expect(ct.formatZ(t)).toBe('2015-07-04T14:05:06.789Z');
    expect(ct.formatOffset(t)).toBe('2015-07-04T09:05:06.789-05:00');
    expect(ct.formatLocal(t)).toBe('2015-07-04T09:05:06.789');
    expect(ct.formatPlusZero(Date.UTC(2015, 0, 2, 3, 4, 5))).toBe('2015-01-02T03:04:05+00:00');
    for (const s of [ct.formatZ(t), ct.formatOffset(t), ct.formatLocal(t)]) expect(parseSentAt(s)?.utc).toBe(t);
  });

  it('writes the first daylight hour of spring in the skipped hour, which a reader moves forward onto it', () => {
    const { start } = ct.transitions(2016); // 2016-03-13 02:00 CST = 08:00Z
    expect(new Date(start).toISOString()).toBe('2016-03-13T08:00:00.000Z');
    const t = start + 30 * 60_000;
    expect(ct.formatInGap(t)).toBe('2016-03-13T02:30:00');
    expect(parseSentAt('2016-03-13T02:30:00')).toEqual({ utc: t, dst: 'skipped' });
    expect(ct.formatInGap(start - 1000)).toBeNull();
    expect(ct.formatInGap(start + HOUR)).toBeNull();
  });

  it('knows which pass of the repeated autumn hour an instant is in', () => {
    const { end } = ct.transitions(2016); // 2016-11-06 02:00 CDT = 07:00Z
    expect(new Date(end).toISOString()).toBe('2016-11-06T07:00:00.000Z');
    expect(ct.repeatedHour(end - HOUR / 2)).toBe(1);
    expect(ct.repeatedHour(end + HOUR / 2)).toBe(2);
    expect(ct.repeatedHour(end + HOUR)).toBe(0);
    // The first pass reads back right with the earlier offset; the second pass would not.
    expect(parseSentAt(ct.formatLocal(end - HOUR / 2))).toEqual({ utc: end - HOUR / 2, dst: 'repeated' });
    expect(parseSentAt(ct.formatLocal(end + HOUR / 2))?.utc).toBe(end - HOUR / 2);
  });

  it('uses the 1987-2006 rules before 2007', () => {
    const { start, end } = ct.transitions(2006);
    expect(new Date(start).toISOString()).toBe('2006-04-02T08:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2006-10-29T07:00:00.000Z');
  });
});
