// Test helpers: what an attacker can work out by subtraction, checked independently of the planner.
import type { AdditiveGroup, Reason } from '../../lib/disclosure/index.ts';

/** Groups where exactly one member is hidden (a total minus the shown parts would give it). */
export function derivableGroups(
  groups: readonly AdditiveGroup[],
  hidden: ReadonlyMap<string, Reason> | ReadonlySet<string>,
  values: ReadonlyMap<string, number>,
): AdditiveGroup[] {
  return groups.filter((g) => {
    const members = [g.total, ...g.parts].filter((m) => values.has(m));
    return members.filter((m) => hidden.has(m)).length === 1;
  });
}

/** Solves every group with one unknown, repeatedly (chains across groups), from the shown values. */
export function solveBySubtraction(
  groups: readonly AdditiveGroup[],
  values: ReadonlyMap<string, number>,
  hidden: ReadonlySet<string>,
): Map<string, number> {
  const known = new Map([...values].filter(([id]) => !hidden.has(id)));
  let progress = true;
  while (progress) {
    progress = false;
    for (const g of groups) {
      const members = [g.total, ...g.parts];
      const unknown = members.filter((m) => !known.has(m));
      if (unknown.length !== 1) continue;
      const u = unknown[0]!;
      const partsSum = g.parts.filter((p) => p !== u).reduce((a, p) => a + known.get(p)!, 0);
      known.set(u, u === g.total ? partsSum : known.get(g.total)! - partsSum);
      progress = true;
    }
  }
  return known;
}
