// Complementary suppression across outputs with different readers. A department lead reads their own
// email (their department's figures) and the shared organisation page; anyone may read the page. So a
// lead knows their own department's shown figures even where the page hides them, and can subtract them
// from a total: the page must hide enough that, for every reader, no group (a total beside its parts)
// is left with exactly one unknown member that is hidden. Figures private to an email (a department's
// category or hour breakdown) are unknown to every other reader, which protects small ones without
// hiding anything else. The page hides at least what each email hides (run the email plans first).
import type { AdditiveGroup, Reason, SuppressionPlan } from './plan.ts';
import { isSmall, type CountKind, type DisclosurePolicy } from './policy.ts';

export interface AudienceCell {
  value: number;
  /** The department whose lead also sees this figure in their email, or null for an organisation figure. */
  owner: string | null;
  /** Whether the figure is on the shared page (organisation figures always are). */
  shared: boolean;
  /** What it counts (the page's policy may hide some kinds only); absent: messages. */
  counts?: CountKind;
}

export interface SharedPlanInput {
  cells: ReadonlyMap<string, AudienceCell>;
  groups: readonly AdditiveGroup[];
  policy: DisclosurePolicy;
  /** What each department's email hides (its own plan); the page hides these too. */
  emailHidden: ReadonlyMap<string, Reason>;
  /** Page cells already hidden by an earlier plan this one must agree with. */
  pageHidden?: ReadonlyMap<string, Reason>;
}

export interface SharedPlan {
  /** Hidden on the shared page (and in every email's organisation figures). */
  page: SuppressionPlan;
  /** Hidden in the owner's email: the input, plus any cell that had to go because nothing shared could. */
  email: SuppressionPlan;
}

const PUBLIC = '\u0000public';

export function planSharedSuppression(input: SharedPlanInput): SharedPlan {
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
