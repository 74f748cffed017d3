// What a reader is told about an audience's disclosure rule, in words, from the rule itself (a setting):
// the legend under disclosed figures and the one-sentence rule a page's footer states. One source, so the
// organisation page (which hides only distinct-patient counts by default) never claims that every small count
// is hidden, and a public study never claims less than it does.
import { HIDDEN_TEXT, NO_DATA_TEXT, smallText, type CountKind, type DisclosurePolicy } from './policy.ts';

const KIND_WORDS: Record<CountKind, string> = {
  patients: 'distinct patients',
  messages: 'messages',
  clinicians: 'clinicians',
  threads: 'threads',
  rows: 'rows loaded',
};
const ALL_KINDS = Object.keys(KIND_WORDS) as CountKind[];

/** "distinct patients", "messages, clinicians and threads": kinds of count in words. */
export function kindsText(kinds: readonly CountKind[]): string {
  const w = kinds.map((k) => KIND_WORDS[k] ?? k);
  return w.length <= 1 ? (w[0] ?? '') : `${w.slice(0, -1).join(', ')} and ${w.at(-1)}`;
}

/** Whether the rule hides every kind of count (the public rule, and an older result's single rule). */
function hidesAll(policy: DisclosurePolicy): boolean {
  return ALL_KINDS.every((k) => policy.hides.includes(k));
}

/**
 * The rule as one sentence, starting lower-case so callers can lead into it: "counts of distinct patients from
 * 1 to 10 are shown as <11; counts of messages, ... are exact." A rule that hides nothing says so.
 */
export function ruleText(policy: DisclosurePolicy): string {
  if (policy.hides.length === 0) return 'every count is shown exactly (no count is hidden for this audience).';
  const max = policy.maxSmallCount;
  const shown = ALL_KINDS.filter((k) => !policy.hides.includes(k));
  const hidden = policy.complementary
    ? `, and other cells are hidden (${HIDDEN_TEXT}) where a hidden one could be worked out from the cells beside it and their totals`
    : '';
  const exact = shown.length ? `; counts of ${kindsText(shown)} are exact` : '';
  return `counts of ${kindsText(policy.hides)} from 1 to ${max} are shown as ${smallText(policy)}${hidden}${exact}.`;
}

/** The legend printed under disclosed figures: what `<11`, `—` and `n/a` mean under this rule. */
export function disclosureNotes(policy: DisclosurePolicy): string[] {
  const max = policy.maxSmallCount;
  if (hidesAll(policy)) {
    return [
      `${smallText(policy)}: a count from 1 to ${max}, not shown to protect privacy.`,
      `${HIDDEN_TEXT}: not shown, so that a count from 1 to ${max} cannot be worked out from the figures beside it.`,
      `${NO_DATA_TEXT}: no data for this period.`,
    ];
  }
  return [
    `${smallText(policy)}: a count of ${kindsText(policy.hides)} from 1 to ${max}, not shown to protect privacy.`,
    ...(policy.complementary ? [`${HIDDEN_TEXT}: not shown, so that such a count cannot be worked out from the figures beside it.`] : []),
    `${NO_DATA_TEXT}: no data for this figure.`,
  ];
}
