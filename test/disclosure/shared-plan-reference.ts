// The shared plan as first written (before issue 13 made it linear in departments): every group re-read on every
// sweep, every reader's unknowns filtered separately. Kept as the oracle the faster planner must match exactly
// (same cells, same reasons, same order) in shared-plan-equivalence.test.ts.
import type { SharedPlan, SharedPlanInput } from '../../lib/disclosure/index.ts';
import type { AudienceCell } from '../../lib/disclosure/shared-plan.ts';
import type { SuppressionPlan } from '../../lib/disclosure/plan.ts';
import { isSmall } from '../../lib/disclosure/policy.ts';

const PUBLIC = '\u0000public';

export function referenceSharedPlan(input: SharedPlanInput): SharedPlan {
  const { cells, policy } = input;
  const email: SuppressionPlan = new Map(input.emailHidden);
  const page: SuppressionPlan = new Map([...input.emailHidden, ...(input.pageHidden ?? [])]);
  for (const [id, c] of cells) if (!page.has(id) && isSmall(c.value, policy, c.counts)) page.set(id, 'small');
  if (!policy.complementary) return { page, email };

  const groups = input.groups
    .map((g) => ({ total: g.total, parts: g.parts.filter((p) => cells.has(p)) }))
    .filter((g) => cells.has(g.total) && g.parts.length > 0)
    .map((g) => [g.total, ...g.parts]);

  const cell = (id: string): AudienceCell => cells.get(id)!;
  const seenOnPage = (id: string): boolean => cell(id).shared && !page.has(id);
  const knows = (reader: string, id: string): boolean => seenOnPage(id) || (cell(id).owner === reader && !email.has(id));
  const isHidden = (id: string): boolean => page.has(id) || email.has(id);

  let changed = true;
  while (changed) {
    changed = false;
    for (const members of groups) {
      // Unknown to anyone: not on the page (hidden or private). A lead also knows their own shown figures,
      // so only the owners of those members can see fewer unknowns than anyone: check them and anyone.
      const unknownToAll = members.filter((m) => cell(m).value !== 0 && !seenOnPage(m));
      if (unknownToAll.length === 0) continue;
      const readers = new Set<string>([PUBLIC]);
      for (const m of unknownToAll) {
        const o = cell(m).owner;
        if (o !== null) readers.add(o);
      }
      for (const reader of readers) {
        const unknown = unknownToAll.filter((m) => !knows(reader, m));
        if (unknown.length !== 1 || !isHidden(unknown[0]!)) continue;
        const bySize = (a: string, b: string): number => Math.abs(cell(a).value) - Math.abs(cell(b).value) || (a < b ? -1 : a > b ? 1 : 0);
        // Prefer hiding a page figure that this reader does not also see in their own email.
        const onPage = members
          .filter((m) => m !== unknown[0] && cell(m).value !== 0 && seenOnPage(m) && cell(m).owner !== reader)
          .sort(bySize);
        if (onPage[0] !== undefined) {
          page.set(onPage[0], 'complementary');
        } else {
          // Only the reader's own figures are left to subtract: hide one in their email too.
          const own = members.filter((m) => m !== unknown[0] && cell(m).value !== 0 && knows(reader, m)).sort(bySize);
          if (own[0] === undefined) continue;
          email.set(own[0], 'complementary');
          page.set(own[0], 'complementary');
        }
        changed = true;
        break; // the group changed: recompute its unknowns before checking another reader
      }
    }
  }
  return { page, email };
}
