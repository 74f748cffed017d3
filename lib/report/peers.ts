// Fair comparisons (metrics.md): a department is compared with its peers, the departments of the same
// care setting, never with the organisation's total. For a rate: the peers' median and the department's
// rank, among the peers with at least settings.reports.peers_min_answered answered messages; "higher" or
// "lower" than its peers only when a two-proportion test against the other peers pooled says so. Peers'
// figures are read from the organisation page's rows (the organisation audience), so an email shows
// nothing about another department that the page does not.
import type { DisclosedSection, DisclosedMonth } from '../disclosure/index.ts';
import { formatOneDecimal, formatPercent, numberCell } from '../disclosure/index.ts';
import type { MonthlyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { twoProportion } from '../stats/index.ts';
import type { Better } from './change.ts';
import { careSettingLabel } from './labels.ts';
import type { ComparisonModel, DisplayCell, NumberCell } from './model-types.ts';

export interface Peers {
  careSetting: string;
  /** "Primary-care peers". */
  label: string;
  selfId: string;
  /** Every department of the care setting, the department itself included, as the page shows them. */
  rows: Array<{ id: string; section: DisclosedSection }>;
  minAnswered: number;
}

export function peersOf(monthly: MonthlyResult, month: DisclosedMonth, departmentId: string, settings: Settings): Peers | null {
  const setting = monthly.departments[departmentId]?.care_setting;
  if (!setting) return null;
  const rows = Object.entries(month.pageRows)
    .filter(([id]) => monthly.departments[id]?.care_setting === setting)
    .map(([id, section]) => ({ id, section }));
  const label = careSettingLabel(setting);
  return {
    careSetting: setting,
    label: `${label.charAt(0).toUpperCase()}${label.slice(1)} peers`,
    selfId: departmentId,
    rows,
    minAnswered: settings.reports.peers_min_answered,
  };
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const ordinal = (n: number): string => {
  const t = n % 100;
  const suffix = t >= 11 && t <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
};

interface Ranked {
  id: string;
  n: number;
  N: number;
  rate: number;
}

/** The peers eligible for a rate: enough answered messages, the rate shown. */
function eligible(peers: Peers, get: (s: DisclosedSection) => DisplayCell | null): Ranked[] {
  const out: Ranked[] = [];
  for (const { id, section } of peers.rows) {
    const answered = section.within1d.N;
    const r = get(section);
    if (answered.suppressed || answered.value === null || answered.value < peers.minAnswered) continue;
    if (r?.kind !== 'rate' || r.rate === null || r.n.value === null || r.N.value === null) continue;
    out.push({ id, n: r.n.value, N: r.N.value, rate: r.rate });
  }
  return out;
}

/** The peers' median and the department's rank for one rate; null when fewer than two peers qualify. */
export function peerComparison(peers: Peers, get: (s: DisclosedSection) => DisplayCell | null, better: Better): ComparisonModel | null {
  const ranked = eligible(peers, get);
  if (ranked.length < 2) return null;
  const med = median(ranked.map((r) => r.rate))!;
  const value: NumberCell = { ...numberCell(100 * med, 'none', []), text: formatPercent(med) };
  const self = ranked.find((r) => r.id === peers.selfId);
  const head = `${peers.label}: median ${formatPercent(med)}`;
  if (!self) {
    return {
      against: 'peers',
      label: peers.label,
      value,
      change: {
        text: value.text,
        direction: null,
        word: 'not ranked',
        assessment: null,
        sentence: `${head}; not ranked (fewer than ${peers.minAnswered} answered messages).`,
      },
    };
  }
  const others = ranked.filter((r) => r !== self);
  const test = twoProportion(
    self.n,
    self.N,
    others.reduce((a, r) => a + r.n, 0),
    others.reduce((a, r) => a + r.N, 0),
  );
  const pooled =
    others.reduce((a, r) => a + r.n, 0) /
    Math.max(
      1,
      others.reduce((a, r) => a + r.N, 0),
    );
  const diff = self.rate - pooled;
  const direction = test.significant && diff !== 0 ? (diff > 0 ? 'up' : 'down') : 'same';
  const word = direction === 'up' ? 'higher' : direction === 'down' ? 'lower' : 'about the same';
  const assessment = direction === 'same' || better === 'neutral' ? 'neutral' : direction === better ? 'better' : 'worse';
  // Rank 1 is the best: the highest rate when up is better, the lowest when down is.
  const rank = 1 + ranked.filter((r) => (better === 'down' ? r.rate < self.rate : r.rate > self.rate)).length;
  const sentence =
    `${head}; ${ordinal(rank)} of ` +
    `${ranked.length}${direction === 'same' ? ', about the same as the others' : `, ${word} than the others`}.`;
  return {
    against: 'peers',
    label: peers.label,
    value,
    change: { text: `${ordinal(rank)} of ${ranked.length}`, direction, word, assessment, sentence },
  };
}

/** The peers' median messages per clinician in one category (departments with clinicians in it). */
export function peersPerClinician(peers: Peers, category: string): NumberCell {
  const xs = peers.rows.map((r) => r.section.perClinician[category]?.value).filter((v): v is number => typeof v === 'number');
  const m = xs.length >= 2 ? median(xs) : null;
  return m === null ? numberCell(null, 'messages', []) : { ...numberCell(m, 'messages', []), text: formatOneDecimal(m) };
}

export const PER_CLINICIAN_NOTE =
  'A clinician who works in several departments counts in each of them, so messages per clinician compare only with peers.';
