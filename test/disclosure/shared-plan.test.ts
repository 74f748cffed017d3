// Suppression across the shared page and the department emails: a lead knows their own department's
// figures, so the page must hide enough that no lead (and no one else) can subtract their way to a small
// figure of another department.
import { describe, expect, it } from 'vitest';
import {
  planSharedSuppression,
  policyFromSettings,
  type AudienceCell,
  type AdditiveGroup,
  type SharedPlan,
} from '../../lib/disclosure/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const policy = policyFromSettings(DEFAULT_SETTINGS);

/** Organisation total + departments (shared on the page or private to each email). */
function column(values: Record<string, number>, shared: boolean) {
  const cells = new Map<string, AudienceCell>([
    ['org', { value: Object.values(values).reduce((a, b) => a + b, 0), owner: null, shared: true }],
  ]);
  for (const [d, v] of Object.entries(values)) cells.set(d, { value: v, owner: d, shared });
  const groups: AdditiveGroup[] = [{ total: 'org', parts: Object.keys(values) }];
  const emailHidden = new Map(
    [...cells].filter(([id, c]) => id !== 'org' && c.value >= 1 && c.value <= 10).map(([id]) => [id, 'small' as const]),
  );
  return { cells, groups, emailHidden };
}

/** What `reader` (a department id, or null for anyone) can work out: the one unknown of a group, if only one. */
function attack(reader: string | null, input: ReturnType<typeof column>, plan: SharedPlan): string[] {
  const knows = (id: string): boolean => {
    const c = input.cells.get(id)!;
    return (c.shared && !plan.page.has(id)) || (reader !== null && c.owner === reader && !plan.email.has(id));
  };
  const found: string[] = [];
  for (const g of input.groups) {
    const unknown = [g.total, ...g.parts].filter((m) => input.cells.get(m)!.value !== 0 && !knows(m));
    if (unknown.length === 1 && (plan.page.has(unknown[0]!) || plan.email.has(unknown[0]!))) found.push(unknown[0]!);
  }
  return found;
}

describe('department table beside the organisation total', () => {
  it('must suppress: a small department is protected from every other lead (three hidden, total shown)', () => {
    const input = column({ fam: 1714, int: 1167, card: 704, derm: 415, sleep: 9 }, true);
    const plan = planSharedSuppression({ ...input, policy });
    expect(plan.page.get('sleep')).toBe('small');
    expect(plan.page.get('derm')).toBe('complementary');
    expect(plan.page.get('card')).toBe('complementary');
    expect(plan.page.has('org')).toBe(false);
    for (const reader of [null, 'fam', 'int', 'card', 'derm']) expect(attack(reader, input, plan), `reader ${reader}`).toEqual([]);
  });

  it('must not: the departments hidden on the page still see their own figures in their email', () => {
    const input = column({ fam: 1714, int: 1167, card: 704, derm: 415, sleep: 9 }, true);
    const plan = planSharedSuppression({ ...input, policy });
    expect(plan.email.has('derm')).toBe(false);
    expect(plan.email.has('card')).toBe(false);
    expect(plan.email.get('sleep')).toBe('small');
  });

  it('must suppress: with two departments, the organisation total minus one is the other, so the total goes', () => {
    const input = column({ big: 500, tiny: 4 }, true);
    const plan = planSharedSuppression({ ...input, policy });
    expect(plan.page.has('org')).toBe(true);
    for (const reader of [null, 'big']) expect(attack(reader, input, plan)).toEqual([]);
  });

  it('must not: a small figure private to its email, among three or more departments, hides nothing else', () => {
    const input = column({ a: 300, b: 200, c: 6 }, false);
    const plan = planSharedSuppression({ ...input, policy });
    expect([...plan.page.keys()]).toEqual(['c']);
    expect(plan.page.has('org')).toBe(false);
    for (const reader of [null, 'a', 'b']) expect(attack(reader, input, plan)).toEqual([]);
  });

  it('must not: no small figure, nothing hidden', () => {
    const input = column({ a: 300, b: 200, c: 60 }, true);
    const plan = planSharedSuppression({ ...input, policy });
    expect(plan.page.size + plan.email.size).toBe(0);
  });
});
