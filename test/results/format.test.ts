import { describe, expect, it } from 'vitest';
import { formatCount, formatHours, formatProportion } from '../../lib/results/format.ts';

describe('result formatting', () => {
  it("prints a proportion in the study's x% (n/N) shape", () => {
    expect(formatProportion({ n: 1_272_069, N: 1_761_739 })).toBe('72.2% (1,272,069/1,761,739)');
    expect(formatProportion({ n: 0, N: 0 })).toBe('— (0/0)');
  });
  it('prints hours, switching to days past two days', () => {
    expect(formatHours(5.25)).toBe('5.3 h');
    expect(formatHours(72)).toBe('3.0 days');
    expect(formatHours(null)).toBe('—');
    expect(formatCount(5_000_000)).toBe('5,000,000');
  });
});
