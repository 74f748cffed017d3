// The random exports of the cross-check must actually exercise the spec's rules; this keeps the generator
// honest without running the product.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildExport, exportPlan } from './export-arbitrary.ts';

describe('cross-check: the generator covers the spec rules', () => {
  it('produces ties, clock-change wall times, system messages, proxies, unknown clinicians and rejected rows', () => {
    const seen = {
      ties: 0,
      dstWall: 0,
      system: 0,
      proxy: 0,
      unknown: 0,
      conflicts: 0,
      duplicates: 0,
      naive: 0,
      offset: 0,
      exact24: 0,
      sizes: [] as number[],
    };
    for (const plan of fc.sample(exportPlan, { numRuns: 40, seed: 42 })) {
      const exp = buildExport(plan);
      const ms = exp.reference.messages;
      seen.sizes.push(ms.length);
      const byThread = new Map<string, number[]>();
      for (const m of ms) byThread.set(m.thread_id, [...(byThread.get(m.thread_id) ?? []), m.sent_at]);
      for (const times of byThread.values()) {
        times.sort((a, b) => a - b);
        for (let i = 1; i < times.length; i++) {
          if (times[i] === times[i - 1]) seen.ties++;
          if (times[i]! - times[i - 1]! === 24 * 3_600_000) seen.exact24++;
        }
      }
      seen.system += ms.filter((m) => m.sender_type === 'system').length;
      seen.proxy += ms.filter((m) => m.sender_type === 'proxy').length;
      seen.unknown += ms.filter((m) => m.sender_id?.startsWith('ghost')).length;
      seen.conflicts += exp.expectedLoad.quarantined;
      seen.duplicates += exp.expectedLoad.duplicates;
      seen.naive += exp.rows.filter((r) => !/(Z|[+-]\d\d:\d\d)$/.test(r.sent_at)).length;
      seen.offset += exp.rows.filter((r) => /[+-]\d\d:\d\d$/.test(r.sent_at)).length;
      seen.dstWall += exp.rows.filter((r) => /^(2020-11-01T01|2021-03-14T02|2021-11-07T01|2022-03-13T02)/.test(r.sent_at)).length;
    }
    for (const [k, v] of Object.entries(seen)) if (k !== 'sizes') expect(v, k).toBeGreaterThan(0);
    expect(Math.max(...seen.sizes)).toBeGreaterThan(150);
    expect(Math.min(...seen.sizes)).toBeGreaterThan(0);
  });
});
