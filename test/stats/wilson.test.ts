// The Wilson interval against values worked by hand (z = 1.96 rounded, so agreement to 4 decimals).
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../lib/stats/wilson.ts';

describe('wilsonInterval', () => {
  it('8/10: p = 0.8, z² = 3.8416; centre 0.8 + 3.8416/20 = 0.99208, margin 1.96·√(0.016 + 0.009604) = 0.31362, over 1.38416', () => {
    const w = wilsonInterval(8, 10)!;
    expect(w.low).toBeCloseTo(0.67846 / 1.38416, 4); // 0.4902
    expect(w.high).toBeCloseTo(1.3057 / 1.38416, 4); // 0.9433
  });

  it('0/10 starts at 0 and reaches z²/N / (1 + z²/N) = 0.38416/1.38416; 10/10 mirrors it', () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.27754, 4) });
    const all = wilsonInterval(10, 10)!;
    expect(all.low).toBeCloseTo(1 - 0.27754, 4);
    expect(all.high).toBe(1);
  });

  it('50/100 is symmetric about one half: 0.5 ± 1.96·√(0.0025 + 0.000096)/1.038416', () => {
    const w = wilsonInterval(50, 100)!;
    expect(w.low).toBeCloseTo(0.5 - (1.96 * Math.sqrt(0.002596)) / 1.038416, 4); // 0.4038
    expect(w.high).toBeCloseTo(0.5 + (1.96 * Math.sqrt(0.002596)) / 1.038416, 4);
  });

  it('has no interval for N = 0 and refuses counts that are not a proportion', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});
