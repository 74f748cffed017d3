// Ties at one instant: which clinician message is "the reply" (the first by message_id), patient messages
// sharing an instant, and load totals summed over several loads.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StudyResult } from '../../lib/results/types.ts';
import { withLake } from '../helpers/analysis.ts';
import { resolveSettings } from '../../lib/settings/index.ts';
import { first, later, second } from '../fixtures/golden/ties.ts';

describe('ties at one instant (hand-worked)', () => {
  let s: StudyResult;
  beforeAll(async () => {
    await withLake([first, second], async (lake) => {
      s = await lake.study({ from: '2017-06', to: '2017-06' });
    });
  });

  it('credits the reply to the first clinician message of the instant, by message_id', () => {
    // ta → C1 (1 h), tb → C2 (1 h), tc → C1 twice (2 h each).
    expect(s.response.by_category).toEqual({
      'physician/primary_care': { within_1d: { n: 3, N: 3 }, within_3d: { n: 3, N: 3 } },
      'registered_nurse/specialty': { within_1d: { n: 1, N: 1 }, within_3d: { n: 1, N: 1 } },
    });
    expect(s.response.median_hours).toBe(1.5); // 1 1 2 2
  });

  it('does not take a clinician message at the same instant as a reply', () => {
    expect(s.response.within_1d).toEqual({ n: 4, N: 4 });
    expect(s.response.delay_histogram!.map((b) => b.count)).toEqual([0, 4, 0, 0, 0, 0, 0]);
  });

  it('orders one instant by message_id for turns: q-0 (C) q-1 (P) q-2 (proxy) q-3 (C) = C P C = 2 rounds', () => {
    expect(s.threads.rounds).toEqual({ '1': 2, '2': 1, '3': 0, '4': 0, '5+': 0 });
    expect(s.threads.by_starter.clinician.le4_rounds).toEqual({ n: 1, N: 1 });
  });

  it('sums the load totals over both loads', () => {
    expect(s.load).toEqual({ rows_read: 10, accepted: 10, duplicates: 0, quarantined: 0 });
  });
});

describe("a clinician message at the patient message's own instant, after it in thread order (hand-worked)", () => {
  let s: StudyResult;
  beforeAll(async () => {
    await withLake(later, async (lake) => {
      const settings = resolveSettings({ business_hours: { study: true } }, 'test settings');
      s = await lake.study({ from: '2017-06', to: '2017-06', settings });
    });
  });

  it('skips it for the first clinician message strictly later, or leaves the message unanswered', () => {
    // u-1 → u-3 (2 h, C1), x-1 → x-3 (3 h, C2), w-1 → w-2 (0.5 h, C2); v-1 has none (11 days before the cut-off).
    expect(s.response.reply_rate).toEqual({ n: 3, N: 4 });
    expect(s.response.unanswered).toBe(1);
    expect(s.response.median_hours).toBe(2);
    expect(s.response.p90_hours).toBeCloseTo(2.8, 10); // 2 + 0.8 × (3 − 2)
    expect(s.response.delay_histogram!.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 0, 0]);
  });

  it("credits the later message's clinician and measures business hours to it", () => {
    expect(s.response.by_category).toEqual({
      'physician/primary_care': { within_1d: { n: 1, N: 1 }, within_3d: { n: 1, N: 1 } },
      'registered_nurse/specialty': { within_1d: { n: 2, N: 2 }, within_3d: { n: 2, N: 2 } },
    });
    // All three replies fall within one working day (10:00-13:00 local on weekdays): the same 2 h median.
    expect(s.response.business_hours!.median_hours).toBe(2);
  });

  it('counts the same-instant messages as turns in message_id order', () => {
    // tu P C = 1 round, tv P C = 1, tw P C = 1, tx (x-0 C, x-1 P, x-2 C, x-3 C) C P C = 2.
    expect(s.threads.rounds).toEqual({ '1': 3, '2': 1, '3': 0, '4': 0, '5+': 0 });
    expect(s.threads.by_starter.clinician.le4_rounds).toEqual({ n: 1, N: 1 });
  });
});
