// Complementary suppression over a set of named counts linked by additive groups (a total beside its
// parts). A small count is suppressed on its own (primary); then, wherever a group has exactly one hidden
// member, the total minus the shown parts (or the sum of the parts) would give it away, so one more member
// is hidden: the smallest non-zero shown part, or the total when no part qualifies. Repeated until no
// group changes, so hiding a cell in one group re-checks every other group it sits in (rows and columns).
import { isSmall, type CountKind, type DisclosurePolicy } from './policy.ts';

export type Reason = 'small' | 'complementary' | 'derived';

/** `total` = sum of `parts` (exactly, or at least: an upper bound on a hidden part is still protected). */
export interface AdditiveGroup {
  total: string;
  parts: string[];
}

export interface PlanInput {
  /** Every count that will be shown (or hidden), by id. Ids absent here are ignored in groups. */
  values: ReadonlyMap<string, number>;
  groups: readonly AdditiveGroup[];
  policy: DisclosurePolicy;
  /** What each count counts (the policy hides some kinds only); absent ids count messages. */
  kinds?: ReadonlyMap<string, CountKind>;
  /** Cells already hidden for another reason (e.g. by another plan this one must agree with). */
  forced?: ReadonlyMap<string, Reason>;
}

/** Hidden cells and why. A cell not in the map is shown. */
export type SuppressionPlan = Map<string, Reason>;

export function planSuppression(input: PlanInput): SuppressionPlan {
  const { values, policy } = input;
  const hidden: SuppressionPlan = new Map(input.forced ?? []);
  for (const [id, v] of values) if (!hidden.has(id) && isSmall(v, policy, input.kinds?.get(id))) hidden.set(id, 'small');
  if (!policy.complementary) return hidden;

  // Only groups whose members all exist; a group of one part and its total is the same number twice.
  const groups = input.groups
    .map((g) => ({ total: g.total, parts: g.parts.filter((p) => values.has(p)) }))
    .filter((g) => values.has(g.total) && g.parts.length > 0);

  const value = (id: string): number => values.get(id) ?? 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      const members = [g.total, ...g.parts];
      const hiddenCount = members.filter((m) => hidden.has(m)).length;
      if (hiddenCount !== 1) continue;
      // Zeros are never picked: hiding a 0 protects nothing (its parts' total is the same either way).
      const candidates = g.parts
        .filter((p) => !hidden.has(p) && value(p) !== 0)
        .sort((a, b) => Math.abs(value(a)) - Math.abs(value(b)) || (a < b ? -1 : a > b ? 1 : 0));
      const pick = candidates[0] ?? (hidden.has(g.total) ? undefined : g.total);
      if (pick === undefined) continue; // a forced hidden total whose parts are all zero: nothing to protect
      hidden.set(pick, 'complementary');
      changed = true;
    }
  }
  return hidden;
}
