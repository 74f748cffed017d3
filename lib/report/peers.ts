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
  rows: PeerRow[];
  minAnswered: number;
  /** What every department of the care setting shares this month (the same object in each one's Peers). */
  group: PeerGroup;
}

type PeerRow = { id: string; section: DisclosedSection };

/**
 * One care setting's departments in one disclosed month, and what their comparisons need, worked out once
 * for all of them: per figure (by its key) the eligible peers, their median and sums; per category the
 * median per clinician. Each email used to filter every department again (500 departments: quadratic).
 */
interface PeerGroup {
  rows: PeerRow[];
  rates: Map<string, RateStats>;
  perClinician: Map<string, number | null>;
}

interface RateStats {
  /** The eligible peers, in the page's order. */
  ranked: Ranked[];
  byId: Map<string, Ranked>;
  median: number | null;
  /** The eligible rates, ascending (a rank is a count of those above or below). */
  sorted: number[];
  /** Sums of n and N over the eligible peers; `exact` when they are integers (then total less self is exact). */
  n: number;
  N: number;
  exact: boolean;
}

/** Care-setting groups by disclosed month (the month's result is kept to check that the groups are its own). */
const groupsByMonth = new WeakMap<DisclosedMonth, { monthly: MonthlyResult; bySetting: Map<string, PeerGroup> }>();

function groupOf(monthly: MonthlyResult, month: DisclosedMonth, setting: string): PeerGroup {
  let entry = groupsByMonth.get(month);
  if (!entry || entry.monthly !== monthly) {
    const bySetting = new Map<string, PeerGroup>();
    for (const [id, section] of Object.entries(month.pageRows)) {
      const cs = monthly.departments[id]?.care_setting;
      if (!cs) continue;
      let g = bySetting.get(cs);
      if (!g) bySetting.set(cs, (g = { rows: [], rates: new Map(), perClinician: new Map() }));
      g.rows.push({ id, section });
    }
    groupsByMonth.set(month, (entry = { monthly, bySetting }));
  }
  return entry.bySetting.get(setting) ?? { rows: [], rates: new Map(), perClinician: new Map() };
}

export function peersOf(monthly: MonthlyResult, month: DisclosedMonth, departmentId: string, settings: Settings): Peers | null {
  const setting = monthly.departments[departmentId]?.care_setting;
  if (!setting) return null;
  const group = groupOf(monthly, month, setting);
  const label = careSettingLabel(setting);
  return {
    careSetting: setting,
    label: `${label.charAt(0).toUpperCase()}${label.slice(1)} peers`,
    selfId: departmentId,
    rows: group.rows,
    minAnswered: settings.reports.peers_min_answered,
    group,
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

/** A figure's eligible peers and what is worked out from them, once per care setting, figure and threshold. */
function rateStats(peers: Peers, figure: string, get: (s: DisclosedSection) => DisplayCell | null): RateStats {
  const key = `${figure}|${peers.minAnswered}`;
  const hit = peers.group.rates.get(key);
  if (hit) return hit;
  const ranked = eligible(peers, get);
  const rates = ranked.map((r) => r.rate);
  const stats: RateStats = {
    ranked,
    byId: new Map(ranked.map((r) => [r.id, r])),
    median: median(rates),
    sorted: [...rates].sort((a, b) => a - b),
    n: ranked.reduce((a, r) => a + r.n, 0),
    N: ranked.reduce((a, r) => a + r.N, 0),
    exact: ranked.every((r) => Number.isSafeInteger(r.n) && Number.isSafeInteger(r.N) && !Number.isNaN(r.rate)),
  };
  stats.exact &&= Number.isSafeInteger(stats.n) && Number.isSafeInteger(stats.N);
  peers.group.rates.set(key, stats);
  return stats;
}

/** How many of the ascending `xs` are below `x` (`below`) or above it. */
function countBeyond(xs: number[], x: number, below: boolean): number {
  let lo = 0;
  let hi = xs.length;
  // The first index whose value is >= x (below) or > x (above).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below ? xs[mid]! < x : xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return below ? lo : xs.length - lo;
}

/**
 * The peers' median and the department's rank for one rate (`figure`: its key, which names what `get`
 * reads); null when fewer than two peers qualify.
 */
export function peerComparison(
  peers: Peers,
  figure: string,
  get: (s: DisclosedSection) => DisplayCell | null,
  better: Better,
): ComparisonModel | null {
  const stats = rateStats(peers, figure, get);
  const ranked = stats.ranked;
  if (ranked.length < 2) return null;
  const med = stats.median!;
  const value: NumberCell = { ...numberCell(100 * med, 'none', []), text: formatPercent(med) };
  const self = stats.byId.get(peers.selfId);
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
  // The others pooled: the sums less the department's own (integers, so exactly the sums over the others).
  const others = stats.exact ? null : ranked.filter((r) => r !== self);
  const othersN = others ? others.reduce((a, r) => a + r.n, 0) : stats.n - self.n;
  const othersD = others ? others.reduce((a, r) => a + r.N, 0) : stats.N - self.N;
  const test = twoProportion(self.n, self.N, othersN, othersD);
  const pooled = othersN / Math.max(1, othersD);
  const diff = self.rate - pooled;
  const direction = test.significant && diff !== 0 ? (diff > 0 ? 'up' : 'down') : 'same';
  const word = direction === 'up' ? 'higher' : direction === 'down' ? 'lower' : 'about the same';
  const assessment = direction === 'same' || better === 'neutral' ? 'neutral' : direction === better ? 'better' : 'worse';
  // Rank 1 is the best: the highest rate when up is better, the lowest when down is.
  const beyond = stats.exact
    ? countBeyond(stats.sorted, self.rate, better === 'down')
    : ranked.filter((r) => (better === 'down' ? r.rate < self.rate : r.rate > self.rate)).length;
  const rank = 1 + beyond;
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
  let m = peers.group.perClinician.get(category);
  if (m === undefined) {
    const xs = peers.rows.map((r) => r.section.perClinician[category]?.value).filter((v): v is number => typeof v === 'number');
    m = xs.length >= 2 ? median(xs) : null;
    peers.group.perClinician.set(category, m);
  }
  return m === null ? numberCell(null, 'messages', []) : { ...numberCell(m, 'messages', []), text: formatOneDecimal(m) };
}

export const PER_CLINICIAN_NOTE =
  'A clinician who works in several departments counts in each of them, so messages per clinician compare only with peers.';
