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
  // The smallest figure first (by size, then id: a total order, so the first of a sort).
  const bySize = (a: string, b: string): number => Math.abs(cell(a).value) - Math.abs(cell(b).value) || (a < b ? -1 : a > b ? 1 : 0);
  const smallest = (ids: string[]): string | undefined => {
    let best: string | undefined;
    for (const id of ids) if (best === undefined || bySize(id, best) < 0) best = id;
    return best;
  };

  // A group's verdict depends only on its members' states (on the page or not, hidden in the owner's email or
  // not), so a group checked with no change since is skipped until one of its members changes: the same sweeps
  // in the same order, and the same plan, without re-reading every group (a 500-department organisation's
  // groups have 500 parts each) on every sweep.
  const groupsOf = new Map<string, number[]>();
  groups.forEach((members, g) => {
    for (const m of members) {
      const list = groupsOf.get(m);
      if (list) list.push(g);
      else groupsOf.set(m, [g]);
    }
  });
  const dirty = new Uint8Array(groups.length).fill(1);
  const hide = (plan: SuppressionPlan, id: string): void => {
    plan.set(id, 'complementary');
    for (const g of groupsOf.get(id) ?? []) dirty[g] = 1;
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (let g = 0; g < groups.length; g++) {
      if (dirty[g] === 0) continue;
      dirty[g] = 0;
      const members = groups[g]!;
      // Unknown to anyone: not on the page (hidden or private). A lead also knows their own shown figures,
      // so only the owners of those members can see fewer unknowns than anyone: check them and anyone.
      const unknownToAll = members.filter((m) => cell(m).value !== 0 && !seenOnPage(m));
      if (unknownToAll.length === 0) continue;
      // How many of those each reader knows: a lead their own that their email shows, anyone none. Counted in
      // one pass instead of filtering the unknowns once per reader (a group of 500 departments' parts has up
      // to 500 readers); the readers are tried in the same order, first-seen owner after anyone.
      const knownBy = new Map<string, number>([[PUBLIC, 0]]);
      for (const m of unknownToAll) {
        const o = cell(m).owner;
        if (o !== null) knownBy.set(o, (knownBy.get(o) ?? 0) + (email.has(m) ? 0 : 1));
      }
      for (const [reader, known] of knownBy) {
        if (unknownToAll.length - known !== 1) continue;
        const unknown = unknownToAll.find((m) => !knows(reader, m))!;
        if (!isHidden(unknown)) continue;
        // Prefer hiding a page figure that this reader does not also see in their own email.
        const onPage = smallest(members.filter((m) => m !== unknown && cell(m).value !== 0 && seenOnPage(m) && cell(m).owner !== reader));
        if (onPage !== undefined) {
          hide(page, onPage);
        } else {
          // Only the reader's own figures are left to subtract: hide one in their email too.
          const own = smallest(members.filter((m) => m !== unknown && cell(m).value !== 0 && knows(reader, m)));
          if (own === undefined) continue;
          hide(email, own);
          hide(page, own);
        }
        changed = true;
        break; // the group changed: recompute its unknowns before checking another reader
      }
    }
  }
  return { page, email };
}
