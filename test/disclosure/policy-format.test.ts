// The figures' text is Intl's en-US formatting even where it is done by hand (formatInt groups a safe integer
// itself), and the cached date-time formatter gives what a new one per call gave.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInt } from '../../lib/disclosure/policy.ts';
import { dateTimeLabel } from '../../lib/report/labels.ts';

const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

describe('formatInt', () => {
  it('equals Intl en-US for every size and sign', () => {
    const values = [0, -0, 1, -1, 7, 99, 999, -999, 1000, -1000, 1001, 9999, 10_000, 99_999, 100_000, 999_999, 1e6, -1e6, 1_234_567];
    values.push(12_345_678_901, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, -1e21, 1e300);
    values.push(2.5, -2.5, 0.4, 999.5, 1234.49, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    for (let p = 1; p <= 1e15; p *= 10) values.push(p - 1, p, p + 1, -(p - 1), -p);
    for (const v of values) expect(formatInt(v), String(v)).toBe(intl.format(v));
  });

  it('equals Intl en-US on random integers and doubles', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), (v) => formatInt(v) === intl.format(v)),
      { numRuns: 20_000, seed: 13 },
    );
  });
});

describe('dateTimeLabel', () => {
  const fresh = (iso: string, timeZone: string): string => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} (${timeZone})`;
  };

  it('gives what a new formatter per call gives, zone after zone and back', () => {
    const instants = ['2017-07-03T14:05:00Z', '2017-03-12T08:30:00Z', '2017-11-05T06:59:59.999Z', '2024-02-29T23:00:00+01:00'];
    for (const round of [1, 2]) {
      for (const zone of ['America/Chicago', 'Europe/London', 'Asia/Kolkata', 'UTC', 'Pacific/Chatham']) {
        for (const iso of instants) expect(dateTimeLabel(iso, zone), `${iso} ${zone} (${round})`).toBe(fresh(iso, zone));
      }
    }
    expect(dateTimeLabel('2017-07-03T14:05:00Z', 'America/Chicago')).toBe('3 July 2017, 09:05 (America/Chicago)');
  });

  it('returns the text as given for an unknown zone or an invalid instant', () => {
    expect(dateTimeLabel('2017-07-03T14:05:00Z', 'Mars/Olympus')).toBe('2017-07-03T14:05:00Z');
    expect(dateTimeLabel('2017-07-03T14:05:00Z', 'Mars/Olympus')).toBe('2017-07-03T14:05:00Z');
    expect(dateTimeLabel('not a time', 'America/Chicago')).toBe('not a time');
  });
});
