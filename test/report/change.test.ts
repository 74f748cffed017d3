// Changes in words as well as numbers, and never against a hidden value.
import { describe, expect, it } from 'vitest';
import { countCell, numberCell, policyFromSettings, rateFromProportion } from '../../lib/disclosure/index.ts';
import { change } from '../../lib/report/change.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const p = policyFromSettings(DEFAULT_SETTINGS);

describe('change', () => {
  it('counts: signed difference and percentage, direction and word', () => {
    expect(change(countCell(1714, p), countCell(1600, p), 'neutral', 'May 2017')).toEqual({
      text: '+114 (+7.1%)', direction: 'up', word: 'higher', assessment: 'neutral', sentence: '114 higher than May 2017 (1,600).',
    });
    expect(change(countCell(50, p), countCell(60, p), 'down', 'May 2017')).toMatchObject({ text: '\u221210 (\u221216.7%)', direction: 'down', assessment: 'better' });
  });

  it('rates: percentage points; a fall in a reply rate is worse', () => {
    const c = change(rateFromProportion({ n: 70, N: 100 }, p), rateFromProportion({ n: 75, N: 100 }, p), 'up', 'June 2016');
    expect(c).toMatchObject({ text: '\u22125.0 pts', direction: 'down', word: 'lower', assessment: 'worse', sentence: '5.0 points lower than June 2016 (75.0%).' });
  });

  it('the same value is "the same", not better or worse', () => {
    expect(change(numberCell(12, 'hours', []), numberCell(12, 'hours', []), 'down', 'x')).toMatchObject({ text: 'no change', direction: 'same', word: 'the same', assessment: 'neutral' });
  });

  it('must not compute against a hidden value (the difference would reveal it)', () => {
    expect(change(countCell(50, p), countCell(5, p), 'neutral', 'May 2017')).toEqual({
      text: '—', direction: null, word: 'not comparable', assessment: null, sentence: 'Not comparable with May 2017: a figure is not shown.',
    });
    expect(change(countCell(415, p, 'complementary'), countCell(400, p), 'neutral', 'x').text).toBe('—');
  });
});
