// The shared planner skips groups whose members did not change and counts each reader's known members in one
// pass (issue 13: 500 departments); it must give exactly the plan of the straightforward fixed point
// (shared-plan-reference.ts): the same hidden cells, reasons and order, on random organisations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSharedSuppression, policyFromSettings, type AdditiveGroup, type AudienceCell } from '../../lib/disclosure/index.ts';
import type { Reason } from '../../lib/disclosure/plan.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { referenceSharedPlan } from './shared-plan-reference.ts';

const policy = policyFromSettings(DEFAULT_SETTINGS);

/** An organisation of departments, each with a total and categories, some private to the email, small values likely. */
const organisation = fc
  .record({
    departments: fc.integer({ min: 1, max: 12 }),
    categories: fc.integer({ min: 1, max: 4 }),
    values: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 400 })), {
      minLength: 64,
      maxLength: 64,
    }),
    shared: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    hiddenEarlier: fc.array(fc.integer({ min: 0, max: 63 }), { maxLength: 4 }),
  })
  .map(({ departments, categories, values, shared, hiddenEarlier }) => {
    const cells = new Map<string, AudienceCell>();
    const groups: AdditiveGroup[] = [];
    const emailHidden = new Map<string, Reason>();
    const pick = (i: number) => values[i % values.length]!;
    const orgCats = Array.from({ length: categories }, () => 0);
    let k = 0;
    for (let d = 0; d < departments; d++) {
      const dept = `d${d}`;
      const parts: string[] = [];
      for (let c = 0; c < categories; c++) {
        const v = pick(k);
        const id = `dept:${dept}|cat${c}`;
        cells.set(id, { value: v, owner: dept, shared: shared[k++ % shared.length]! });
        orgCats[c]! += v;
        parts.push(id);
        if (v >= 1 && v <= 10) emailHidden.set(id, 'small');
      }
      const total = parts.reduce((a, p) => a + cells.get(p)!.value, 0);
      cells.set(`dept:${dept}|total`, { value: total, owner: dept, shared: true });
      if (total >= 1 && total <= 10) emailHidden.set(`dept:${dept}|total`, 'small');
      groups.push({ total: `dept:${dept}|total`, parts });
    }
    cells.set('org|total', { value: orgCats.reduce((a, b) => a + b, 0), owner: null, shared: true });
    groups.push({ total: 'org|total', parts: Array.from({ length: departments }, (_, d) => `dept:d${d}|total`) });
    for (let c = 0; c < categories; c++) {
      cells.set(`org|cat${c}`, { value: orgCats[c]!, owner: null, shared: true });
      groups.push({ total: `org|cat${c}`, parts: Array.from({ length: departments }, (_, d) => `dept:d${d}|cat${c}`) });
    }
    const ids = [...cells.keys()];
    const pageHidden = new Map(hiddenEarlier.map((i) => [ids[i % ids.length]!, 'complementary' as const]));
    return { cells, groups, emailHidden, pageHidden };
  });

describe('the shared plan', () => {
  it('equals the straightforward fixed point: same cells, reasons and order', () => {
    let complementary = 0;
    fc.assert(
      fc.property(organisation, (input) => {
        const fast = planSharedSuppression({ ...input, policy });
        const reference = referenceSharedPlan({ ...input, policy });
        expect([...fast.page]).toEqual([...reference.page]);
        expect([...fast.email]).toEqual([...reference.email]);
        if ([...fast.page.values()].includes('complementary')) complementary++;
      }),
      { numRuns: 400, seed: 13 },
    );
    // The organisations are small and uneven enough that most need complementary hiding.
    expect(complementary).toBeGreaterThan(100);
  });
});
