// The statistics against values worked by hand (the working is in each comment).
import { describe, expect, it } from 'vitest';
import { pChart, twoCounts, twoProportion, wilson } from '../../lib/stats/index.ts';

describe('wilson', () => {
  it(
    '50/76: p = .65789, z² = 3.84146, centre = (p + z²/152)/(1 + z²/76) = .65030, half = 1.95996/1.05055 · sqrt(p(1-p)/76 + z²/23104) = ' +
      '.10434',
    () => {
      const w = wilson(50, 76)!;
      expect(w.low).toBeCloseTo(0.54596, 4);
      expect(w.high).toBeCloseTo(0.75464, 4);
    },
  );
  it('0/10 runs from 0 to z²/(N + z²) = 3.84146/13.84146 = .27753, and 10/10 mirrors it', () => {
    expect(wilson(0, 10)!.low).toBe(0);
    expect(wilson(0, 10)!.high).toBeCloseTo(0.27753, 4);
    expect(wilson(10, 10)!.low).toBeCloseTo(0.72247, 4);
    expect(wilson(10, 10)!.high).toBeCloseTo(1, 10);
  });
  it('has no interval without a denominator', () => {
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(3, 2)).toBeNull();
  });
});

describe('twoProportion', () => {
  it(
    '50/76 against 60/80: pooled 110/156 = .70513, se = sqrt(.70513·.29487·(1/76 + 1/80)) = .07304, z = (.65789 − .75)/.07304 = −1.261: ' +
      'chance',
    () => {
      const t = twoProportion(50, 76, 60, 80);
      expect(t.z).toBeCloseTo(-1.261, 2);
      expect(t.significant).toBe(false);
    },
  );
  it('500/1000 against 450/1000: pooled .475, se = sqrt(.475·.525·.002) = .02233, z = .05/.02233 = 2.239: beyond chance', () => {
    const t = twoProportion(500, 1000, 450, 1000);
    expect(t.z).toBeCloseTo(2.239, 2);
    expect(t.significant).toBe(true);
  });
  it('never calls a difference with an empty side or a pooled rate of 0 or 1', () => {
    expect(twoProportion(5, 10, 0, 0).significant).toBe(false);
    expect(twoProportion(10, 10, 20, 20).significant).toBe(false);
    expect(twoProportion(0, 10, 0, 20).z).toBe(0);
  });
});

describe('twoCounts', () => {
  it('109 against 70 messages: z = 39/sqrt(179) = 2.915: beyond chance; 12 against 8: z = 4/sqrt(20) = .894: chance', () => {
    expect(twoCounts(109, 70).z).toBeCloseTo(2.915, 3);
    expect(twoCounts(109, 70).significant).toBe(true);
    expect(twoCounts(12, 8).significant).toBe(false);
    expect(twoCounts(0, 0).significant).toBe(false);
  });
});

describe('pChart', () => {
  const months = Array.from({ length: 12 }, (_, i) => `2017-${String(i + 1).padStart(2, '0')}`);
  it(
    'eleven months of 50/100 and one of 80/100: p̄ = 630/1200 = .525, limits .525 ± 3·sqrt(.525·.475/100) = [.37519, .67481]; only the ' +
      '80% month is unusual',
    () => {
      const c = pChart(months.map((m, i) => ({ month: m, n: i === 7 ? 80 : 50, N: 100 })));
      expect(c.centre).toBeCloseTo(0.525, 10);
      expect(c.months[0]!.limits!.low).toBeCloseTo(0.37519, 4);
      expect(c.months[0]!.limits!.high).toBeCloseTo(0.67481, 4);
      expect(c.months.filter((m) => m.unusual).map((m) => m.month)).toEqual(['2017-08']);
    },
  );
  it('gives each month its own N: 8/10 in a month of 10 sits inside limits .525 ± 3·sqrt(.525·.475/10) = [.0513, .9987]', () => {
    const c = pChart(months.map((m, i) => (i === 7 ? { month: m, n: 8, N: 10 } : { month: m, n: 50, N: 100 })));
    // p̄ = (550 + 8)/1110 = .50270; half = 3·sqrt(.50270·.49730/10) = .47433
    expect(c.centre).toBeCloseTo(558 / 1110, 10);
    expect(c.months[7]!.limits!.high).toBeCloseTo(0.97703, 4);
    expect(c.months[7]!.unusual).toBe(false);
  });
  it('calls nothing unusual with fewer than six months of data, and skips empty months', () => {
    const short = pChart(months.slice(0, 5).map((m) => ({ month: m, n: 90, N: 100 })));
    expect(short.centre).toBeNull();
    expect(short.months.every((m) => !m.unusual && m.limits === null)).toBe(true);
    const gaps = pChart(months.map((m, i) => ({ month: m, n: i % 2 ? 0 : 50, N: i % 2 ? 0 : 100 })));
    expect(gaps.months[1]!.rate).toBeNull();
    expect(gaps.months[1]!.unusual).toBe(false);
  });
});
