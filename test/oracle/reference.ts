// The oracle: a deliberately plain, in-memory reading of the metric contract (docs/metrics.md), written without looking at
// lib/queries or lib/analysis, so that the property test compares two independent readings of one spec.
// It favours obviousness over speed: every figure is a filter and a count over arrays of a few hundred rows.
//
// Input is the export as the spec defines it after validation and de-duplication, with every sent_at already
// an absolute instant (epoch ms). Output is the spec-core of StudyResult / MonthlyResult (results.md), with
// null where a distribution has no values.
import type { Settings } from '../../lib/settings/index.ts';
import { businessHoursBetween } from './business-hours.ts';
import { hhmmToMinutes, inWindow, localParts, resolveWallClock } from './local-time.ts';
import { distribution, quantileCont, type RefDistribution } from './stats.ts';

export type SenderType = 'patient' | 'proxy' | 'clinician' | 'system';

export interface RefMessage {
  message_id: string;
  thread_id: string;
  /** UTC instant, epoch milliseconds. */
  sent_at: number;
  sender_type: SenderType;
  sender_id: string | null;
  patient_id: string;
  department_id: string;
}

export interface RefClinician {
  clinician_id: string;
  role: 'physician' | 'registered_nurse' | 'np_pa' | 'other';
  department_id: string;
}

export interface RefDepartment {
  department_id: string;
  name: string;
  care_setting: 'primary_care' | 'specialty';
  lead_emails: string;
}

export interface ReferenceInput {
  messages: RefMessage[];
  clinicians: RefClinician[];
  departments: RefDepartment[];
}

export interface RefProportion {
  n: number;
  N: number;
}

export interface RefMessageCounts {
  patient_side: number;
  clinician_side: number;
  by_category: Record<string, number>;
}

export interface RefYear {
  year: number;
  messages: RefMessageCounts;
  active_patients: number;
  active_clinicians: { total: number; by_category: Record<string, number> };
  per_patient: RefDistribution | null;
  per_clinician: Record<string, RefDistribution>;
  /** The patient messages of the year (within the range): the same reading as the range's response. */
  response: RefResponse;
  /** The threads whose first message is in the year (within the range). */
  threads: RefThreads;
}

export interface RefRoleTimeOfDay {
  hours: number[];
  working: RefProportion;
  evening: RefProportion;
  night: RefProportion;
  weekend: RefProportion;
}

/** The business-hours variant: the same delays counted in working hours of working days. */
export interface RefBusinessHours {
  within_1d: RefProportion;
  within_3d: RefProportion;
  within_1d_of_all: RefProportion;
  within_3d_of_all: RefProportion;
  median_hours: number | null;
  /**
   * The other reading of the thresholds (metrics.md is ambiguous here): "within 1 day" as within one WORKING
   * day, i.e. within_short_hours / 24 working windows (10 h by default), and likewise for 3 days.
   */
  working_days_reading: {
    within_1d: RefProportion;
    within_3d: RefProportion;
    within_1d_of_all: RefProportion;
    within_3d_of_all: RefProportion;
  };
}

export interface RefResponse {
  within_1d: RefProportion;
  within_3d: RefProportion;
  unanswered: number;
  pending: number;
  /** "Of all patient messages": N = answered + unanswered (pending in neither). */
  reply_rate: RefProportion;
  within_1d_of_all: RefProportion;
  within_3d_of_all: RefProportion;
  median_hours: number | null;
  p90_hours: number | null;
  by_category: Record<string, { within_1d: RefProportion; within_3d: RefProportion }>;
  business_hours: RefBusinessHours;
}

export type RoundsKey = '1' | '2' | '3' | '4' | '5+';

export interface RefThreads {
  le4_rounds: RefProportion;
  rounds: Record<RoundsKey, number>;
  by_starter: { patient: { le4_rounds: RefProportion }; clinician: { le4_rounds: RefProportion } };
}

export interface RefStudy {
  from: string;
  to: string;
  data_cutoff: number;
  years: RefYear[];
  time_of_day: { by_role: Record<string, RefRoleTimeOfDay>; by_category: Record<string, RefRoleTimeOfDay> };
  response: RefResponse;
  threads: RefThreads;
  /** Every message accepted into the lake, system messages and those after the cut-off included. */
  lake: { messages: number };
}

export interface RefSection {
  messages: RefMessageCounts;
  active_patients: number;
  active_clinicians: { total: number; by_category: Record<string, number> };
  after_hours: { evening: RefProportion; night: RefProportion; weekend: RefProportion };
  response: {
    within_1d: RefProportion;
    within_3d: RefProportion;
    unanswered: number;
    pending: number;
    reply_rate: RefProportion;
    within_1d_of_all: RefProportion;
    within_3d_of_all: RefProportion;
    median_hours: number | null;
    business_hours: RefBusinessHours;
  };
  threads: { le4_rounds: RefProportion };
}

export interface RefMonthly {
  month: string;
  data_cutoff: number;
  /** metrics.md "A complete month": the cut-off is less than follow_up_hours after the month's last instant. */
  preliminary: boolean;
  /** The earliest cut-off at which the month is complete (epoch ms). */
  complete_at: number;
  lake: { messages: number };
  organisation: RefSection;
  /** Every department of the departments table, plus any department_id seen on a message. */
  departments: Record<string, RefSection>;
}

/** A message as the metrics see it: not a system message, not after the cut-off, with its derived fields. */
interface Msg {
  m: RefMessage;
  side: 'patient' | 'clinician';
  /** "YYYY-MM" of the local sent_at. */
  period: string;
  year: number;
  hour: number;
  minuteOfDay: number;
  weekend: boolean;
  /** Clinician side only. */
  role: string | null;
  category: string | null;
}

interface Thread {
  id: string;
  /** In spec order: sent_at, then message_id. */
  messages: Msg[];
  first: Msg;
  rounds: number;
}

interface PatientOutcome {
  p: Msg;
  reply: Msg | null;
  delayHours: number | null;
  /** The same delay counted in working hours of working days. */
  businessHours: number | null;
}

/** Everything derived once per (data, settings, cut-off). */
interface Prepared {
  settings: Settings;
  cutoff: number;
  msgs: Msg[];
  threads: Thread[];
  outcomes: PatientOutcome[];
  departmentIds: string[];
}

const HOUR_MS = 3_600_000;

/** Byte-wise string order (as SQL's default binary collation), not locale order. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function specOrder(a: Msg, b: Msg): number {
  return a.m.sent_at - b.m.sent_at || cmpStr(a.m.message_id, b.m.message_id);
}

/** metrics.md "Data cut-off": by default the latest sent_at loaded (every accepted message, system included). */
export function defaultCutoff(input: ReferenceInput): number {
  let max = -Infinity;
  for (const m of input.messages) max = Math.max(max, m.sent_at);
  return max;
}

function prepare(input: ReferenceInput, settings: Settings, cutoffArg?: number): Prepared {
  const cutoff = cutoffArg ?? defaultCutoff(input);
  const tz = settings.timezone;
  const roster = new Map(input.clinicians.map((c) => [c.clinician_id, c]));
  const careSetting = new Map(input.departments.map((d) => [d.department_id, d.care_setting as string]));

  const msgs: Msg[] = [];
  for (const m of input.messages) {
    if (m.sender_type === 'system') continue; // excluded from every metric
    if (m.sent_at > cutoff) continue; // "ignores every message after it"
    const lp = localParts(m.sent_at, tz);
    const side = m.sender_type === 'clinician' ? 'clinician' : 'patient';
    let role: string | null = null;
    let category: string | null = null;
    if (side === 'clinician') {
      const c = roster.get(m.sender_id ?? '');
      // Unknown clinician: role `unknown` and the care setting of the MESSAGE's department.
      role = c ? c.role : 'unknown';
      const setting = c ? careSetting.get(c.department_id) : careSetting.get(m.department_id);
      category = `${role}/${setting ?? 'unknown'}`;
    }
    msgs.push({
      m,
      side,
      period: `${lp.year}-${String(lp.month).padStart(2, '0')}`,
      year: lp.year,
      hour: lp.hour,
      minuteOfDay: lp.hour * 60 + lp.minute,
      weekend: lp.isoDow >= 6,
      role,
      category,
    });
  }

  const byThread = new Map<string, Msg[]>();
  for (const x of msgs) {
    const list = byThread.get(x.m.thread_id) ?? [];
    list.push(x);
    byThread.set(x.m.thread_id, list);
  }
  const threads: Thread[] = [];
  const outcomes: PatientOutcome[] = [];
  for (const [id, list] of byThread) {
    list.sort(specOrder);
    // A turn is a maximal run of consecutive messages from one side.
    let turns = 0;
    for (let i = 0; i < list.length; i++) if (i === 0 || list[i]!.side !== list[i - 1]!.side) turns++;
    threads.push({ id, messages: list, first: list[0]!, rounds: Math.ceil(turns / 2) });
    for (const p of list) {
      if (p.side !== 'patient') continue;
      // The reply: the first clinician-side message of the thread strictly later than p.
      const reply = list.find((x) => x.side === 'clinician' && x.m.sent_at > p.m.sent_at) ?? null;
      outcomes.push({
        p,
        reply,
        delayHours: reply ? (reply.m.sent_at - p.m.sent_at) / HOUR_MS : null,
        businessHours: reply
          ? businessHoursBetween(p.m.sent_at, reply.m.sent_at, tz, settings.windows.working, settings.business_hours.holidays)
          : null,
      });
    }
  }

  const departmentIds = [...new Set([...input.departments.map((d) => d.department_id), ...msgs.map((x) => x.m.department_id)])].sort(
    cmpStr,
  );
  return { settings, cutoff, msgs, threads, outcomes, departmentIds };
}

// ---- figures over a selection -------------------------------------------------------------------------

function inc(rec: Record<string, number>, key: string, by = 1): void {
  rec[key] = (rec[key] ?? 0) + by;
}

function messageCounts(sel: Msg[]): RefMessageCounts {
  const by_category: Record<string, number> = {};
  let patient_side = 0;
  let clinician_side = 0;
  for (const x of sel) {
    if (x.side === 'patient') patient_side++;
    else {
      clinician_side++;
      inc(by_category, x.category!);
    }
  }
  return { patient_side, clinician_side, by_category };
}

/** Messages per active sender (patient side: by sender_id, proxies are their own senders). */
function perPatientCounts(sel: Msg[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of sel) if (x.side === 'patient') counts.set(x.m.sender_id!, (counts.get(x.m.sender_id!) ?? 0) + 1);
  return counts;
}

/** category -> clinician sender_id -> messages. An unknown clinician may appear under two care settings. */
function perClinicianCounts(sel: Msg[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const x of sel) {
    if (x.side !== 'clinician') continue;
    const inner = out.get(x.category!) ?? new Map<string, number>();
    inner.set(x.m.sender_id!, (inner.get(x.m.sender_id!) ?? 0) + 1);
    out.set(x.category!, inner);
  }
  return out;
}

function activeClinicians(sel: Msg[]): { total: number; by_category: Record<string, number> } {
  const total = new Set(sel.filter((x) => x.side === 'clinician').map((x) => x.m.sender_id)).size;
  const by_category: Record<string, number> = {};
  for (const [cat, inner] of perClinicianCounts(sel)) by_category[cat] = inner.size;
  return { total, by_category };
}

/** Length of a daily window in hours (a wrapping one runs past midnight). */
function windowHours(w: { start: string; end: string }): number {
  const s = hhmmToMinutes(w.start);
  const e = hhmmToMinutes(w.end);
  return ((e - s + 1440) % 1440 || 1440) / 60;
}

function prop(n: number, N: number): RefProportion {
  return { n, N };
}

function responseOf(sel: PatientOutcome[], prep: Prepared): RefResponse {
  const { within_short_hours, within_long_hours, follow_up_hours } = prep.settings.reply;
  const answered = sel.filter((o) => o.reply !== null);
  const unreplied = sel.filter((o) => o.reply === null);
  // Unanswered once at least follow_up_hours passed between the message and the cut-off; else pending.
  const unanswered = unreplied.filter((o) => prep.cutoff - o.p.m.sent_at >= follow_up_hours * HOUR_MS).length;
  const delays = answered.map((o) => o.delayHours!);
  const byCat = new Map<string, PatientOutcome[]>();
  for (const o of answered) {
    const list = byCat.get(o.reply!.category!) ?? [];
    list.push(o);
    byCat.set(o.reply!.category!, list);
  }
  const within = (list: PatientOutcome[], h: number) => prop(list.filter((o) => o.delayHours! <= h).length, list.length);
  const withinBusiness = (h: number) => prop(answered.filter((o) => o.businessHours! <= h).length, answered.length);
  // The same counts over every patient message whose outcome is known: answered or unanswered.
  const ofAll = (x: RefProportion) => prop(x.n, answered.length + unanswered);
  const by_category: RefResponse['by_category'] = {};
  for (const [cat, list] of byCat)
    by_category[cat] = { within_1d: within(list, within_short_hours), within_3d: within(list, within_long_hours) };
  const w = prep.settings.windows.working;
  return {
    within_1d: within(answered, within_short_hours),
    within_3d: within(answered, within_long_hours),
    unanswered,
    pending: unreplied.length - unanswered,
    reply_rate: prop(answered.length, answered.length + unanswered),
    within_1d_of_all: ofAll(within(answered, within_short_hours)),
    within_3d_of_all: ofAll(within(answered, within_long_hours)),
    median_hours: quantileCont(delays, 0.5),
    p90_hours: quantileCont(delays, 0.9),
    by_category,
    business_hours: {
      within_1d: withinBusiness(within_short_hours),
      within_3d: withinBusiness(within_long_hours),
      within_1d_of_all: ofAll(withinBusiness(within_short_hours)),
      within_3d_of_all: ofAll(withinBusiness(within_long_hours)),
      median_hours: quantileCont(
        answered.map((o) => o.businessHours!),
        0.5,
      ),
      working_days_reading: {
        within_1d: withinBusiness((within_short_hours / 24) * windowHours(w)),
        within_3d: withinBusiness((within_long_hours / 24) * windowHours(w)),
        within_1d_of_all: ofAll(withinBusiness((within_short_hours / 24) * windowHours(w))),
        within_3d_of_all: ofAll(withinBusiness((within_long_hours / 24) * windowHours(w))),
      },
    },
  };
}

function threadsOf(sel: Thread[], maxRounds: number): RefThreads {
  const rounds: Record<RoundsKey, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 };
  for (const t of sel) rounds[t.rounds >= 5 ? '5+' : (String(t.rounds) as RoundsKey)]++;
  const le = (list: Thread[]) => prop(list.filter((t) => t.rounds <= maxRounds).length, list.length);
  return {
    le4_rounds: le(sel),
    rounds,
    by_starter: {
      patient: { le4_rounds: le(sel.filter((t) => t.first.side === 'patient')) },
      clinician: { le4_rounds: le(sel.filter((t) => t.first.side === 'clinician')) },
    },
  };
}

/** Clinician-side time of day per key: the role, or the category (role/care setting). */
function timeOfDay(sel: Msg[], settings: Settings, key: (x: Msg) => string = (x) => x.role!): Record<string, RefRoleTimeOfDay> {
  const out: Record<string, RefRoleTimeOfDay> = {};
  for (const x of sel) {
    if (x.side !== 'clinician') continue;
    const r = (out[key(x)] ??= {
      hours: new Array<number>(24).fill(0),
      working: prop(0, 0),
      evening: prop(0, 0),
      night: prop(0, 0),
      weekend: prop(0, 0),
    });
    r.hours[x.hour]!++;
    // Windows partition the day; weekend is a separate share over the same N.
    for (const k of ['working', 'evening', 'night'] as const) {
      r[k].N++;
      if (inWindow(x.minuteOfDay, settings.windows[k])) r[k].n++;
    }
    r.weekend.N++;
    if (x.weekend) r.weekend.n++;
  }
  return out;
}

// ---- the two result kinds ------------------------------------------------------------------------------

function monthsBetween(from: string, to: string, period: string): boolean {
  return period >= from && period <= to; // "YYYY-MM" compares in calendar order
}

export interface StudyOptions {
  from: string; // YYYY-MM
  to: string; // YYYY-MM
  /** Epoch ms; default: the latest sent_at loaded. */
  cutoff?: number;
}

export function referenceStudy(input: ReferenceInput, settings: Settings, opts: StudyOptions): RefStudy {
  const prep = prepare(input, settings, opts.cutoff);
  const inRange = prep.msgs.filter((x) => monthsBetween(opts.from, opts.to, x.period));
  const years: RefYear[] = [];
  for (let y = Number(opts.from.slice(0, 4)); y <= Number(opts.to.slice(0, 4)); y++) {
    const sel = inRange.filter((x) => x.year === y);
    const per_clinician: Record<string, RefDistribution> = {};
    for (const [cat, inner] of perClinicianCounts(sel)) per_clinician[cat] = distribution([...inner.values()])!;
    const patients = perPatientCounts(sel);
    years.push({
      year: y,
      messages: messageCounts(sel),
      active_patients: patients.size,
      active_clinicians: activeClinicians(sel),
      per_patient: distribution([...patients.values()]),
      per_clinician,
      response: responseOf(
        prep.outcomes.filter((o) => monthsBetween(opts.from, opts.to, o.p.period) && o.p.year === y),
        prep,
      ),
      threads: threadsOf(
        prep.threads.filter((t) => monthsBetween(opts.from, opts.to, t.first.period) && t.first.year === y),
        settings.threads.max_rounds,
      ),
    });
  }
  const threads = prep.threads.filter((t) => monthsBetween(opts.from, opts.to, t.first.period));
  return {
    from: opts.from,
    to: opts.to,
    data_cutoff: prep.cutoff,
    years,
    time_of_day: { by_role: timeOfDay(inRange, settings), by_category: timeOfDay(inRange, settings, (x) => x.category!) },
    response: responseOf(
      prep.outcomes.filter((o) => monthsBetween(opts.from, opts.to, o.p.period)),
      prep,
    ),
    threads: threadsOf(threads, settings.threads.max_rounds),
    lake: { messages: input.messages.length },
  };
}

export interface MonthlyOptions {
  month: string; // YYYY-MM
  cutoff?: number;
}

function section(msgs: Msg[], outcomes: PatientOutcome[], threads: Thread[], prep: Prepared): RefSection {
  const clinician = msgs.filter((x) => x.side === 'clinician');
  const share = (pred: (x: Msg) => boolean) => prop(clinician.filter(pred).length, clinician.length);
  const w = prep.settings.windows;
  const r = responseOf(outcomes, prep);
  return {
    messages: messageCounts(msgs),
    active_patients: perPatientCounts(msgs).size,
    active_clinicians: activeClinicians(msgs),
    after_hours: {
      evening: share((x) => inWindow(x.minuteOfDay, w.evening)),
      night: share((x) => inWindow(x.minuteOfDay, w.night)),
      weekend: share((x) => x.weekend),
    },
    response: {
      within_1d: r.within_1d,
      within_3d: r.within_3d,
      unanswered: r.unanswered,
      pending: r.pending,
      reply_rate: r.reply_rate,
      within_1d_of_all: r.within_1d_of_all,
      within_3d_of_all: r.within_3d_of_all,
      median_hours: r.median_hours,
      business_hours: r.business_hours,
    },
    threads: { le4_rounds: threadsOf(threads, prep.settings.threads.max_rounds).le4_rounds },
  };
}

export function referenceMonthly(input: ReferenceInput, settings: Settings, opts: MonthlyOptions): RefMonthly {
  const prep = prepare(input, settings, opts.cutoff);
  const msgs = prep.msgs.filter((x) => x.period === opts.month);
  const outcomes = prep.outcomes.filter((o) => o.p.period === opts.month);
  const threads = prep.threads.filter((t) => t.first.period === opts.month);
  const departments: Record<string, RefSection> = {};
  for (const d of prep.departmentIds) {
    departments[d] = section(
      msgs.filter((x) => x.m.department_id === d),
      outcomes.filter((o) => o.p.m.department_id === d),
      threads.filter((t) => t.first.m.department_id === d),
      prep,
    );
  }
  // "A complete month": final once the cut-off is at least follow_up_hours after the month's last local
  // instant, the millisecond before the next month's first (local midnight, or the end of a skipped hour).
  const [y, mo] = opts.month.split('-').map(Number) as [number, number];
  const lastInstant = resolveWallClock(Date.UTC(y, mo, 1), settings.timezone) - 1;
  const complete_at = lastInstant + settings.reply.follow_up_hours * HOUR_MS;
  return {
    month: opts.month,
    data_cutoff: prep.cutoff,
    preliminary: prep.cutoff < complete_at,
    complete_at,
    lake: { messages: input.messages.length },
    organisation: section(msgs, outcomes, threads, prep),
    departments,
  };
}
