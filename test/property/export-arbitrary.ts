// Random small exports for the cross-check, as fast-check arbitraries. A plan (plain numbers and choices,
// which fast-check shrinks) is turned by buildExport() into two views of one export:
//  - the CSV rows exactly as a site would send them (mixed timestamp forms, mixed-case enums, duplicates,
//    conflicting ids, quoted names), which the real ingestion reads;
//  - what metrics.md says those rows mean (accepted messages with absolute instants), which the oracle reads.
// Timestamps cluster around daylight-saving days and include same-instant ties and exact 24 h / 72 h gaps.
import fc from 'fast-check';
import { DEFAULT_SETTINGS, resolveSettings, type Settings } from '../../lib/settings/index.ts';
import { localParts, offsetAt, resolveWallClock, wallString } from '../oracle/local-time.ts';
import type { RefClinician, RefDepartment, RefMessage, ReferenceInput, SenderType } from '../oracle/reference.ts';

const H = 3_600_000;
const MIN = 60_000;

/** A time span of 2-4 months around clock changes (or a year end), with the naive local times that hit them. */
interface Scenario {
  /** First local month of the data, "YYYY-MM". */
  startMonth: string;
  months: number;
  /** Naive local times on clock-change days in America/Chicago (skipped and repeated hours). */
  dstWallTimes: string[];
}

const SCENARIOS: Scenario[] = [
  {
    startMonth: '2020-10',
    months: 3,
    dstWallTimes: ['2020-11-01T01:30:00', '2020-11-01T01:00:00', '2020-11-01T01:59:59', '2020-11-01T02:00:00'],
  },
  {
    startMonth: '2021-02',
    months: 2,
    dstWallTimes: ['2021-03-14T02:30:00', '2021-03-14T02:00:00', '2021-03-14T01:59:59', '2021-03-14T03:00:00'],
  },
  { startMonth: '2021-10', months: 4, dstWallTimes: ['2021-11-07T01:30:00', '2021-11-07T01:15:00', '2022-03-13T02:45:00'] },
];

const TIMEZONES = [
  'America/Chicago',
  'America/Chicago',
  'America/Chicago',
  'America/Chicago',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Adelaide',
];

// US federal holidays of the scenarios' spans, a Saturday one (2021-12-25) and a repeated date.
const HOLIDAYS = [
  '2020-10-12',
  '2020-11-11',
  '2020-11-26',
  '2020-12-25',
  '2021-01-01',
  '2021-02-15',
  '2021-03-01',
  '2021-10-11',
  '2021-11-11',
  '2021-11-25',
  '2021-12-24',
  '2021-12-25',
  '2022-01-17',
  '2022-01-17',
];

const ROLES: RefClinician['role'][] = ['physician', 'registered_nurse', 'np_pa', 'other'];

type Kind = 'P' | 'X' | 'C' | 'S';
/** How a sent_at is written: Z, an offset, naive local wall-clock, or Z with milliseconds. */
type TsForm = 'Z' | 'offset' | 'naive' | 'ms';

interface MessagePlan {
  kind: Kind;
  /** Index into a gap table (0 = same instant as the previous message of the thread). */
  gap: number;
  gapMinutes: number;
  clinician: number; // index into the roster; >= roster size means an unknown clinician id
  otherDepartment: number | null; // a message filed under another department than its thread's
  form: TsForm;
  caseStyle: number;
}

interface ThreadPlan {
  department: number;
  patient: number;
  /** Minutes after the scenario start, or a DST wall time (index) when dst is set. */
  startMinutes: number;
  dst: number | null;
  messages: MessagePlan[];
}

export interface ExportPlan {
  scenario: number;
  timezone: string;
  settingsVariant: number;
  careSettings: ('primary_care' | 'specialty')[];
  clinicians: { role: number; department: number }[];
  patients: number;
  proxies: number;
  threads: ThreadPlan[];
  duplicates: number[]; // message indices to repeat exactly
  conflicts: number[]; // message indices to repeat with a changed field
  /** Study range: months cut off at the start and at the end of the data span. */
  trimStart: number;
  trimEnd: number;
  monthIndex: number;
  /** 0: default cut-off; 1: at some message's sent_at; 2: 72 h after some patient message; 3: mid-span. */
  cutoffKind: number;
  cutoffPick: number;
  shuffleSeed: number;
}

const messagePlan: fc.Arbitrary<MessagePlan> = fc.record({
  kind: fc.constantFrom<Kind>('P', 'P', 'P', 'C', 'C', 'C', 'X', 'S'),
  gap: fc.nat({ max: 7 }),
  gapMinutes: fc.integer({ min: 1, max: 60 * 24 * 6 }),
  clinician: fc.nat({ max: 7 }),
  otherDepartment: fc.option(fc.nat({ max: 3 }), { freq: 6 }),
  form: fc.constantFrom<TsForm>('Z', 'Z', 'offset', 'naive', 'naive', 'ms'),
  caseStyle: fc.nat({ max: 5 }),
});

const threadPlan: fc.Arbitrary<ThreadPlan> = fc.record({
  department: fc.nat({ max: 3 }),
  patient: fc.nat({ max: 7 }),
  startMinutes: fc.nat({ max: 60 * 24 * 31 * 4 }),
  dst: fc.option(fc.nat({ max: 3 }), { freq: 4 }),
  messages: fc.array(messagePlan, { minLength: 1, maxLength: 12, size: 'max' }),
});

export const exportPlan: fc.Arbitrary<ExportPlan> = fc.record({
  scenario: fc.nat({ max: SCENARIOS.length - 1 }),
  timezone: fc.constantFrom(...TIMEZONES),
  settingsVariant: fc.nat({ max: 3 }),
  careSettings: fc.array(fc.constantFrom<'primary_care' | 'specialty'>('primary_care', 'specialty'), { minLength: 1, maxLength: 4 }),
  clinicians: fc.array(fc.record({ role: fc.nat({ max: 3 }), department: fc.nat({ max: 3 }) }), { minLength: 1, maxLength: 6 }),
  patients: fc.integer({ min: 1, max: 8 }),
  proxies: fc.nat({ max: 3 }),
  threads: fc.array(threadPlan, { minLength: 6, maxLength: 44, size: 'max' }),
  duplicates: fc.array(fc.nat({ max: 299 }), { maxLength: 3 }),
  conflicts: fc.array(fc.nat({ max: 299 }), { maxLength: 2 }),
  trimStart: fc.nat({ max: 1 }),
  trimEnd: fc.nat({ max: 1 }),
  monthIndex: fc.nat({ max: 5 }),
  cutoffKind: fc.nat({ max: 3 }),
  cutoffPick: fc.nat({ max: 10_000 }),
  shuffleSeed: fc.nat({ max: 1_000_000 }),
});

/** One CSV row of messages.csv, as text. */
export interface MessageRow {
  message_id: string;
  thread_id: string;
  sent_at: string;
  sender_type: string;
  sender_id: string;
  patient_id: string;
  department_id: string;
}

export interface GeneratedExport {
  settings: Settings;
  departments: RefDepartment[];
  clinicians: RefClinician[];
  /** messages.csv rows in file order, duplicates and conflicts included. */
  rows: MessageRow[];
  /** What the oracle reads: the accepted messages (no duplicate copy, no conflicting id). */
  reference: ReferenceInput;
  from: string;
  to: string;
  month: string;
  /** ISO instant, or undefined for the default cut-off. */
  cutoff: string | undefined;
  expectedLoad: { messagesRead: number; duplicates: number; quarantined: number };
}

function settingsFor(variant: number, timezone: string): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  s.timezone = timezone;
  if (variant === 1) {
    s.windows = {
      working: { start: '08:00', end: '16:30' },
      evening: { start: '16:30', end: '20:15' },
      night: { start: '20:15', end: '08:00' },
    };
    // Holidays in every scenario's span (weekdays, a Saturday, a repeat): the business clock must skip them.
    s.business_hours = { ...s.business_hours, holidays: HOLIDAYS };
  } else if (variant === 2) {
    s.reply = { within_short_hours: 12, within_long_hours: 48, follow_up_hours: 36 };
    s.threads = { max_rounds: 2 };
  } else if (variant === 3) {
    s.reply = { within_short_hours: 1.5, within_long_hours: 24, follow_up_hours: 24 };
    s.business_hours = { study: true, monthly: false, holidays: HOLIDAYS };
  }
  // Through the real validation, as every command does: the settings a run gets are always resolved ones
  // (the zone's spelling included, which ingestion writes into lake.json and the engine compares with).
  return resolveSettings(s, 'generated settings');
}

function localMonth(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

function monthAdd(ym: string, n: number): string {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7)) - 1 + n;
  return `${y + Math.floor(m / 12)}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}`;
}

/** Deterministic shuffle (so a counter-example replays exactly). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const CASES = [
  (s: string) => s,
  (s: string) => s,
  (s: string) => s,
  (s: string) => s.toUpperCase(),
  (s: string) => s[0]!.toUpperCase() + s.slice(1),
  (s: string) => s,
];

/** Offset text of a UTC offset in ms, e.g. "-05:00". */
function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const a = Math.abs(ms) / MIN;
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Writes the instant `ms` in the given form; returns the text and the instant metrics.md says it means. */
function writeInstant(ms: number, form: TsForm, tz: string, salt: number): { text: string; instant: number } {
  if (form === 'Z') {
    const t = Math.floor(ms / 1000) * 1000;
    return { text: new Date(t).toISOString().replace('.000Z', 'Z'), instant: t };
  }
  if (form === 'ms') return { text: new Date(ms).toISOString(), instant: ms };
  if (form === 'offset') {
    const t = Math.floor(ms / 1000) * 1000;
    // Either the zone's own offset or an unrelated fixed one: both are absolute.
    const off = salt % 2 === 0 ? offsetAt(t, tz) : [-7 * H, 2 * H, 5.5 * H][salt % 3]!;
    return { text: `${wallString(t + off)}${offsetText(off)}`, instant: t };
  }
  const t = Math.floor(ms / 1000) * 1000;
  const wall = t + offsetAt(t, tz);
  return { text: wallString(wall), instant: resolveWallClock(wall, tz) };
}

/** The gap from the previous message of a thread: ties, exact thresholds, and ordinary spreads. */
function gapMs(p: MessagePlan): number {
  switch (p.gap) {
    case 0:
      return 0; // same instant: a tie, never a reply
    case 1:
      return 24 * H; // exactly the 1-day threshold
    case 2:
      return 72 * H; // exactly the 3-day threshold
    case 3:
      return 24 * H + 1000; // one second past it
    case 4:
      return (p.gapMinutes % 30) * MIN + 1000;
    default:
      return p.gapMinutes * MIN;
  }
}

export function buildExport(plan: ExportPlan): GeneratedExport {
  const scenario = SCENARIOS[plan.scenario]!;
  const tz = plan.timezone;
  const settings = settingsFor(plan.settingsVariant, tz);
  const nDept = plan.careSettings.length;
  const departments: RefDepartment[] = plan.careSettings.map((care_setting, i) => ({
    department_id: `D${i + 1}`,
    // Names that need RFC 4180 quoting.
    name: i === 0 ? 'Family Medicine, North' : i === 1 ? 'Cardiology "Heart" Clinic' : `Department ${i + 1}`,
    care_setting,
    lead_emails: i % 2 === 0 ? `lead${i}@example.org;deputy${i}@example.org` : '',
  }));
  const clinicians: RefClinician[] = plan.clinicians.map((c, i) => ({
    clinician_id: `C${i + 1}`,
    role: ROLES[c.role]!,
    department_id: `D${(c.department % nDept) + 1}`,
  }));

  const startWall = Date.parse(`${scenario.startMonth}-01T00:00:00Z`);
  const start = resolveWallClock(startWall, tz);
  const msgs: { row: MessageRow; ref: RefMessage }[] = [];
  let seq = 0;
  plan.threads.forEach((t, ti) => {
    const threadId = `T${ti + 1}`;
    const patientId = `P${(t.patient % plan.patients) + 1}`;
    const dept = `D${(t.department % nDept) + 1}`;
    let at =
      t.dst !== null
        ? resolveWallClock(Date.parse(`${scenario.dstWallTimes[t.dst % scenario.dstWallTimes.length]}Z`), tz)
        : start + (t.startMinutes % (scenario.months * 30 * 1440)) * MIN + (t.startMinutes % 7) * 137; // some odd milliseconds
    t.messages.forEach((mp, mi) => {
      if (mi > 0) at += gapMs(mp);
      seq++;
      const id = `m${(seq * 7919) % 100_003}`; // unique, unordered: ties sort by id, not by insertion
      let { text, instant } = writeInstant(at, mp.form, tz, seq);
      if (t.dst !== null && mi === 0 && mp.form === 'naive') {
        // Write the clock-change wall time itself, as an export would, unresolved.
        text = scenario.dstWallTimes[t.dst % scenario.dstWallTimes.length]!;
        instant = resolveWallClock(Date.parse(`${text}Z`), tz);
      }
      const kind: SenderType = mp.kind === 'P' ? 'patient' : mp.kind === 'X' ? 'proxy' : mp.kind === 'C' ? 'clinician' : 'system';
      const senderId =
        kind === 'patient'
          ? patientId
          : kind === 'proxy'
            ? `X${(mp.clinician % Math.max(plan.proxies, 1)) + 1}`
            : kind === 'clinician'
              ? mp.clinician < clinicians.length
                ? clinicians[mp.clinician]!.clinician_id
                : `ghost${mp.clinician % 2}`
              : '';
      const department = mp.otherDepartment !== null && nDept > 1 ? `D${(mp.otherDepartment % nDept) + 1}` : dept;
      const row: MessageRow = {
        message_id: id,
        thread_id: threadId,
        sent_at: text,
        sender_type: CASES[mp.caseStyle]!(kind),
        sender_id: senderId,
        patient_id: patientId,
        department_id: department,
      };
      msgs.push({
        row,
        ref: {
          message_id: id,
          thread_id: threadId,
          sent_at: instant,
          sender_type: kind,
          sender_id: kind === 'system' ? null : senderId,
          patient_id: patientId,
          department_id: department,
        },
      });
    });
  });

  // Sometimes the latest message loaded is a system one (a portal notice): it alone sets the default cut-off.
  if (plan.shuffleSeed % 3 === 0 && msgs.length > 0) {
    const last = msgs.reduce((a, b) => (b.ref.sent_at > a.ref.sent_at ? b : a));
    const at = last.ref.sent_at + 5 * H + 17_000;
    const id = 'sys-last';
    const row: MessageRow = { ...last.row, message_id: id, sent_at: new Date(at).toISOString(), sender_type: 'system', sender_id: '' };
    msgs.push({ row, ref: { ...last.ref, message_id: id, sent_at: at, sender_type: 'system', sender_id: null } });
  }

  // Duplicates (dropped once) and conflicts (both rows quarantined).
  const extra: MessageRow[] = [];
  const conflicted = new Set<string>();
  const duplicated = new Set<string>();
  for (const i of plan.conflicts) {
    const m = msgs[i % msgs.length]!;
    if (conflicted.has(m.row.message_id)) continue;
    conflicted.add(m.row.message_id);
    extra.push({ ...m.row, thread_id: `${m.row.thread_id}-other` });
  }
  for (const i of plan.duplicates) {
    const m = msgs[i % msgs.length]!;
    if (conflicted.has(m.row.message_id) || duplicated.has(m.row.message_id)) continue;
    duplicated.add(m.row.message_id);
    extra.push({ ...m.row });
  }
  const rows = shuffled([...msgs.map((m) => m.row), ...extra], plan.shuffleSeed);
  const accepted = msgs.filter((m) => !conflicted.has(m.row.message_id)).map((m) => m.ref);

  // Study range, month and cut-off.
  const from = monthAdd(scenario.startMonth, plan.trimStart);
  const to = monthAdd(scenario.startMonth, scenario.months - 1 - plan.trimEnd);
  // The month: one that holds patient or clinician messages (lib/analysis refuses a month with none).
  const monthsWithData = [...new Set(accepted.filter((m) => m.sender_type !== 'system').map((m) => localMonth(m.sent_at, tz)))].sort();
  const month = monthsWithData.length > 0 ? monthsWithData[plan.monthIndex % monthsWithData.length]! : scenario.startMonth;
  let cutoff: string | undefined;
  const sorted = accepted.map((m) => m.sent_at).sort((a, b) => a - b);
  if (plan.cutoffKind === 1 && sorted.length > 0) cutoff = new Date(sorted[plan.cutoffPick % sorted.length]!).toISOString();
  else if (plan.cutoffKind === 2) {
    const patients = accepted.filter((m) => m.sender_type === 'patient');
    const p = patients[plan.cutoffPick % Math.max(patients.length, 1)];
    if (p) cutoff = new Date(p.sent_at + settings.reply.follow_up_hours * H).toISOString();
  } else if (plan.cutoffKind === 3 && sorted.length > 0) {
    cutoff = new Date(sorted[0]! + ((sorted[sorted.length - 1]! - sorted[0]!) * ((plan.cutoffPick % 9) + 1)) / 10).toISOString();
  }
  // metrics.md only speaks of an EARLIER cut-off than the data's; keep generated ones within the data.
  const latest = sorted[sorted.length - 1];
  if (cutoff !== undefined && latest !== undefined && Date.parse(cutoff) > latest) cutoff = undefined;
  return {
    settings,
    departments,
    clinicians,
    rows,
    reference: { messages: accepted, clinicians, departments },
    from,
    to,
    month,
    cutoff,
    expectedLoad: { messagesRead: rows.length, duplicates: duplicated.size, quarantined: conflicted.size * 2 },
  };
}

export const generatedExport: fc.Arbitrary<GeneratedExport> = exportPlan.map(buildExport);
