// The y scale (scale.ts) as d3 makes it: nice domains and ticks at 1, 2 or 5 x 10^k, labels in our formats.
import { describe, expect, it } from 'vitest';
import { formatTicks, niceDomain, tickIncrement, ticks } from '../../lib/charts/scale.ts';

describe('linear scale', () => {
  it('widens a domain to whole steps (d3 linear.nice)', () => {
    expect(niceDomain(0, 840)).toEqual([0, 900]);
    expect(niceDomain(0, 186_045)).toEqual([0, 200_000]);
    expect(niceDomain(0, 0.364)).toEqual([0, 0.4]);
    expect(niceDomain(0, 2)).toEqual([0, 2]);
    expect(niceDomain(0, 1)).toEqual([0, 1]);
  });

  it('steps of 1, 2 or 5 x 10^k, exact for decimals', () => {
    expect(tickIncrement(0, 1, 4)).toBe(-5); // 0.2
    expect(tickIncrement(0, 900, 4)).toBe(200);
    expect(ticks(0, 1, 4).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(0, 0.4, 8).values).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]);
    expect(ticks(0, 900, 4).values).toEqual([0, 200, 400, 600, 800]);
  });

  it('no step below the minimum (whole messages)', () => {
    expect(ticks(0, 2, 6).values).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(ticks(0, 2, 6, 1).values).toEqual([0, 1, 2]);
  });

  it('formats ticks as percentages, grouped integers or with an SI prefix shared by all', () => {
    expect(formatTicks([0, 0.2, 1], 0.2, 'percent')).toEqual(['0%', '20%', '100%']);
    expect(formatTicks([0, 0.005, 0.01], 0.005, 'percent')).toEqual(['0.0%', '0.5%', '1.0%']);
    expect(formatTicks([0, 50_000, 1_250_000], 50_000, 'integer')).toEqual(['0', '50,000', '1,250,000']);
    expect(formatTicks([0, 50_000, 350_000], 50_000, 'si')).toEqual(['0', '50k', '350k']);
    expect(formatTicks([0, 500_000, 2_500_000], 500_000, 'si')).toEqual(['0', '0.5M', '2.5M']);
    expect(formatTicks([0, 200, 800], 200, 'si')).toEqual(['0', '200', '800']);
  });
});
