// Changes in words only when a test at 95% says so, and never against a hidden value.
import { describe, expect, it } from 'vitest';
import { countCell, numberCell, policyFor, rateFromProportion } from '../../lib/disclosure/index.ts';
import { compare } from '../../lib/report/change.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const p = policyFor(DEFAULT_SETTINGS, 'public');
const rate = (n: number, N: number) => rateFromProportion({ n, N }, p);

describe('compare', () => {
  it('rates: 500/1000 against 450/1000 is 5.0 points higher (z = 2.24): better for a reply rate', () => {
    expect(compare(rate(500, 1000), rate(450, 1000), 'up', 'May 2017')).toEqual({
      text: '+5.0 pts',
      direction: 'up',
      word: 'higher',
      assessment: 'better',
      sentence: '5.0 points higher than May 2017 (45.0%).',
    });
  });

  it('rates: 50/76 against 60/80 is 9.2 points lower but within chance (z = -1.26): about the same', () => {
    expect(compare(rate(50, 76), rate(60, 80), 'up', 'December 2016')).toMatchObject({
      text: '\u22129.2 pts',
      direction: 'same',
      word: 'about the same',
      assessment: 'neutral',
      sentence: 'About the same as December 2016 (75.0%).',
    });
  });

  it('counts: 109 against 70 messages is beyond chance (z = 2.92); 12 against 8 is not', () => {
    expect(compare(countCell(109, p), countCell(70, p), 'neutral', 'November 2017')).toMatchObject({
      text: '+39 (+55.7%)',
      direction: 'up',
      word: 'higher',
      assessment: 'neutral',
      sentence: '39 (55.7%) more than November 2017 (70).',
    });
    expect(compare(countCell(120, p), countCell(80, p), 'down', 'x')).toMatchObject({ assessment: 'worse' });
    expect(compare(countCell(12, p), countCell(18, p), 'neutral', 'May 2017')).toMatchObject({
      word: 'about the same',
      sentence: 'About the same as May 2017 (18).',
    });
  });

  it('a median is given beside its reference, never called higher or lower (no test)', () => {
    expect(compare(numberCell(14, 'hours', []), numberCell(12, 'hours', []), 'down', 'May 2017')).toMatchObject({
      word: 'not tested',
      assessment: null,
      sentence: 'May 2017: 12.0 h.',
    });
  });

  it('says nothing against a hidden value (the difference would reveal it) or where there is no data', () => {
    expect(compare(countCell(50, p), countCell(5, p), 'neutral', 'May 2017')).toBeNull();
    expect(compare(countCell(415, p, 'complementary'), countCell(400, p), 'neutral', 'x')).toBeNull();
    expect(compare(rate(5, 10), rate(0, 0), 'up', 'x')).toBeNull();
  });
});
