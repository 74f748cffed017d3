// The disclosure policy of one audience and the formatting shared by every disclosed cell. Each audience's
// rule is a setting (settings.disclosure.audiences): which kinds of count from 1 to max_small_count are
// small (shown as `<max+1`), and whether complementary suppression protects them. Zero is shown as 0 (an
// empty cell reveals nobody).
import type { Audience, AudienceRule, CountKind } from '../settings/index.ts';

/** The disclosure settings; `audiences` may be absent in the settings recorded by an older result. */
export interface DisclosureSettings {
  disclosure: { max_small_count: number; audiences?: Partial<Record<Audience, AudienceRule>> };
}

export type { Audience, CountKind } from '../settings/index.ts';

export interface DisclosurePolicy {
  audience: Audience;
  /** Counts from 1 to this value are small (settings.disclosure.max_small_count, default 10). */
  maxSmallCount: number;
  /** The kinds of count this audience's rule hides when small. */
  hides: readonly CountKind[];
  /** Whether other cells are hidden so that no small one can be worked out by subtraction. */
  complementary: boolean;
}

/** The policy of `audience` from the settings. */
export function policyFor(settings: DisclosureSettings, audience: Audience): DisclosurePolicy {
  const rule = settings.disclosure.audiences?.[audience];
  // Settings from an older result file carry no audiences: their single rule hid every small count.
  const hides = rule ? [...rule.hide] : (['patients', 'messages', 'clinicians', 'threads', 'rows'] as CountKind[]);
  return { audience, maxSmallCount: settings.disclosure.max_small_count, hides, complementary: rule ? rule.complementary : true };
}

/** The public audience's policy (a released study report): every small count, with complementary suppression. */
export function policyFromSettings(settings: DisclosureSettings): DisclosurePolicy {
  return policyFor(settings, 'public');
}

/** Whether a count must be suppressed on its own (a primary suppression): its kind is hidden and 1 <= n <= max. */
export function isSmall(n: number, policy: DisclosurePolicy, counts: CountKind = 'messages'): boolean {
  return policy.hides.includes(counts) && n >= 1 && n <= policy.maxSmallCount;
}

/** "<11" for the default threshold. */
export function smallText(policy: Pick<DisclosurePolicy, 'maxSmallCount'>): string {
  return `<${policy.maxSmallCount + 1}`;
}

/** Shown for a value hidden so that a small one cannot be worked out, and for a rate or mean resting on one. */
export const HIDDEN_TEXT = '—';
/** Shown for a rate with N = 0 or a missing value: nothing to show, nothing hidden. */
export const NO_DATA_TEXT = 'n/a';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * "1,234,567": en-US grouping. A safe integer (every count) is grouped by hand, about 4 times faster than
 * Intl's format (a 500-department month formats hundreds of thousands of counts); anything else (-0, a
 * fraction to round, beyond 2^53, NaN) goes to Intl. test/disclosure/policy-format.test.ts checks both agree.
 */
export function formatInt(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return intFormat.format(n);
  const digits = String(n < 0 ? -n : n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function formatOneDecimal(x: number): string {
  return oneDecimal.format(x);
}

/** 0..1 → "72.2%". */
export function formatPercent(rate: number): string {
  return `${oneDecimal.format(100 * rate)}%`;
}

/** Hours as "16.6 h" (under two days) or "3.1 days". */
export function formatHours(h: number): string {
  return h < 48 ? `${oneDecimal.format(h)} h` : `${oneDecimal.format(h / 24)} days`;
}
