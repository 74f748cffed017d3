// Primary suppression and the display cells: each rule with a case that must suppress and one that must not.
import { describe, expect, it } from 'vitest';
import { countCell, numberCell, rateCell, rateFromProportion, policyFromSettings, smallText, isSmall } from '../../lib/disclosure/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const policy = policyFromSettings(DEFAULT_SETTINGS);

describe('counts', () => {
  it('suppresses 1 to 10 as <11 (the default threshold), value withheld', () => {
    for (const n of [1, 5, 10])
      expect(countCell(n, policy)).toEqual({ kind: 'count', text: '<11', suppressed: true, reason: 'small', value: null });
  });
  it('shows 11 and above, formatted, and shows 0 as 0', () => {
    expect(countCell(11, policy)).toMatchObject({ text: '11', suppressed: false, value: 11 });
    expect(countCell(1272069, policy).text).toBe('1,272,069');
    expect(countCell(0, policy)).toMatchObject({ text: '0', suppressed: false, value: 0 });
  });
  it('follows the threshold setting', () => {
    const p5 = policyFromSettings({ disclosure: { max_small_count: 5 } });
    expect(smallText(p5)).toBe('<6');
    expect(countCell(5, p5)).toMatchObject({ text: '<6', suppressed: true });
    expect(countCell(6, p5)).toMatchObject({ text: '6', suppressed: false });
    expect(isSmall(0, p5)).toBe(false);
  });
  it('a complementary suppression of a large count shows — (never a false "<11")', () => {
    expect(countCell(415, policy, 'complementary')).toEqual({
      kind: 'count',
      text: '—',
      suppressed: true,
      reason: 'complementary',
      value: null,
    });
    // A small count stays "<11" whatever the plan says.
    expect(countCell(4, policy, 'complementary')).toMatchObject({ text: '<11', reason: 'small' });
  });
});

describe('rates', () => {
  it('shows x% (n/N) when both counts are shown', () => {
    const r = rateFromProportion({ n: 1272, N: 1761 }, policy);
    expect(r).toMatchObject({ text: '72.2% (1,272/1,761)', percent: '72.2%', suppressed: false });
    expect(r.rate).toBeCloseTo(1272 / 1761, 10);
  });
  it('is not shown when the numerator is suppressed', () => {
    expect(rateFromProportion({ n: 7, N: 400 }, policy)).toMatchObject({ text: '—', suppressed: true, rate: null, reason: 'small' });
  });
  it('is not shown when the denominator is suppressed', () => {
    expect(rateFromProportion({ n: 0, N: 9 }, policy)).toMatchObject({ text: '—', suppressed: true, rate: null });
  });
  it('is not shown when a count under it is hidden by complementary suppression', () => {
    const r = rateCell(countCell(300, policy, 'complementary'), countCell(400, policy));
    expect(r).toMatchObject({ text: '—', suppressed: true, reason: 'derived' });
  });
  it('is shown with a zero numerator (0 is never small)', () => {
    expect(rateFromProportion({ n: 0, N: 40 }, policy)).toMatchObject({ text: '0.0% (0/40)', suppressed: false });
  });
  it('says n/a, not suppressed, when N is 0', () => {
    expect(rateFromProportion({ n: 0, N: 0 }, policy)).toMatchObject({ text: 'n/a', suppressed: false, rate: null });
  });
});

describe('numbers computed from counts', () => {
  it('hides a median or mean resting on a suppressed count', () => {
    expect(numberCell(9.5, 'hours', [countCell(6, policy)])).toMatchObject({ text: '—', suppressed: true, reason: 'derived', value: null });
  });
  it('shows it when the counts are shown', () => {
    expect(numberCell(16.6, 'hours', [countCell(1638, policy)])).toMatchObject({ text: '16.6 h', suppressed: false });
    expect(numberCell(60, 'hours', [])).toMatchObject({ text: '2.5 days' });
    expect(numberCell(48.25, 'messages', [])).toMatchObject({ text: '48.3' });
  });
  it('says n/a for a missing value', () => {
    expect(numberCell(null, 'hours', [])).toMatchObject({ text: 'n/a', suppressed: false });
  });
});
