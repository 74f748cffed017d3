// The message generator: walks the local days of the study years, starts as many threads each day as
// that day's share of the requested rows (growth, season, weekday), and plays each thread out turn by turn
// (patient and clinician sides alternating) before moving on, so memory holds one thread and one output
// chunk, never the export. Rows are written as bytes into ~1 MB buffers (see byte-sink.ts) handed to the
// file stream with backpressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { ByteSink } from './byte-sink.ts';
import { CentralTime, DAY, HOUR, TS_GAP, TS_LOCAL, TS_OFFSET, TS_PLUS_ZERO, TS_Z, type TimestampSpelling } from './central-time.ts';
import { HourSampler } from './hours.ts';
import { type Rng, Weighted } from './random.ts';
import type { Clinician, Department } from './roster.ts';
import * as S from './shape.ts';
import type { SampleSummary } from './summary.ts';

const SENDER_TYPES = ['patient', 'proxy', 'clinician', 'system'] as const;
const SENDER_VARIANTS = [
  ['Patient', 'PATIENT'],
  ['Proxy', 'PROXY'],
  ['Clinician', 'CLINICIAN'],
  ['System', 'SYSTEM'],
] as const;
const PATIENT = 0,
  PROXY = 1,
  CLINICIAN = 2,
  SYSTEM = 3;
type SenderType = 0 | 1 | 2 | 3;

/** How a message's sent_at is spelled: drawn at random, or forced for the DST edge cases and injected rows. */
const SPELL_RANDOM = 0,
  SPELL_GAP = 1,
  SPELL_LOCAL = 2,
  SPELL_OFFSET = 3,
  SPELL_Z = 4;
type Spelling = 0 | 1 | 2 | 3 | 4;

type InjectionKind = 'duplicate' | 'conflict' | 'missing_field' | 'bad_enum' | 'bad_timestamp';
interface Injection {
  at: number;
  kind: InjectionKind;
}

const MISSING_FIELDS = ['patient_id', 'thread_id', 'sent_at', 'department_id', 'sender_id', 'message_id'] as const;
const BAD_ENUMS = ['doctor', 'nurse', 'pt', 'bot'];
const BAD_TIMESTAMPS = (year: number) => [`${year}-13-40T10:00:00`, `31/12/${year} 10:00`, 'not a date', `${year}-06-15T25:10:00Z`];

/** Replies and later turns may spill this many days past the last study year (so December is complete). */
export const SPILL_DAYS = 7;

export interface GeneratorInput {
  rows: number;
  format: 'csv' | 'ndjson';
  fromYear: number;
  toYear: number;
  departments: Department[];
  clinicians: Clinician[];
  unknownIds: string[];
  rng: Rng;
}

/** How many of each injected case a sample of `rows` rows holds: a tiny fixed fraction, at least 2-3 each. */
export function injectionCounts(rows: number): Record<InjectionKind, number> {
  const per = (rate: number, min: number) => Math.max(min, Math.round(rows * rate));
  return {
    duplicate: per(2e-5, 3),
    conflict: per(1e-5, 2),
    missing_field: per(1e-5, 2),
    bad_enum: per(1e-5, 2),
    bad_timestamp: per(1e-5, 2),
  };
}

function injectionSchedule(rows: number): Injection[] {
  const counts = injectionCounts(rows);
  const out: Injection[] = [];
  (Object.keys(counts) as InjectionKind[]).forEach((kind, k) => {
    const c = counts[kind];
    for (let i = 0; i < c; i++) out.push({ at: Math.floor((rows * 0.97 * (i + 0.5)) / c) + 11 * k, kind });
  });
  return out.sort((a, b) => a.at - b.at);
}

export class MessageGenerator {
  private readonly rng: Rng;
  private readonly ct: CentralTime;
  private readonly N: number;
  private readonly csv: boolean;
  private out: WriteStream | null = null;
  private readonly sink = new ByteSink();
  private progress: ((n: number) => void) | undefined;
  private reported = -1;

  // Samplers
  private readonly patientHours = new HourSampler(S.PATIENT_HOURS);
  private readonly replyDays = new Weighted(S.REPLY_DAYS);
  private readonly sameDay = new Weighted([1]);
  private readonly patientReplyDays = new Weighted(S.PATIENT_REPLY_DAYS);
  private readonly rounds = new Weighted(S.ROUNDS_WEIGHT);
  private readonly patientTurnSize = new Weighted(S.PATIENT_TURN_SIZE);
  private readonly clinicianTurnSize = new Weighted(S.CLINICIAN_TURN_SIZE);
  private readonly departmentPick: Weighted;
  private readonly mainDepartments: Department[];
  private readonly tinyDepartments: Department[];
  /** roleWeights[setting][yearIndex] */
  private readonly roleWeights: Record<S.CareSetting, Weighted[]>;
  /** Everyone who can write a clinician message: the roster, then the unknown ids. */
  private readonly writerIds: string[];
  private readonly writerHours: HourSampler[];
  private readonly rosterCount: number;
  /** pools[department][role] and global[setting][role]: writer indices, repeated by busyness. */
  private readonly pools: number[][][];
  private readonly globalPools: Record<S.CareSetting, number[][]>;
  private readonly patientPool: number;
  private readonly capUtc: number;
  private readonly injections: Injection[];
  private nextInjection = 0;
  /** Exact duplicates waiting to be written further down the file. */
  private readonly laterCopies: Array<{ at: number; bytes: Buffer }> = [];

  // Running state
  private rows = 0;
  private msgNo = 0;
  private threadNo = 0;
  private done = false;
  private special = false;
  /** Whether the clinician message being written comes from an id missing from the roster. */
  private writerUnknown = false;
  private yearIndex = 0;
  private threadId = '';
  private patientId = '';
  private departmentId = '';
  private lastSentAt = -Infinity;
  // Per-thread bookkeeping
  private tFirst = 0;
  private tLast = 0;
  private pendingPatient = 0;
  private patientRun = 0;

  readonly counts = {
    bySender: [0, 0, 0, 0],
    unknownClinicianMessages: 0,
    threads: 0,
    clinicianStarted: 0,
    spanningMonths: 0,
    spanningYears: 0,
    bursts: 0,
    unanswered: 0,
    enumCase: 0,
    quoted: 0,
    z: 0,
    offset: 0,
    local: 0,
    millis: 0,
    repeated: 0,
    skipped: 0,
    duplicate: 0,
    conflict: 0,
    missing_field: 0,
    bad_enum: 0,
    bad_timestamp: 0,
  };

  private readonly input: GeneratorInput;
  constructor(input: GeneratorInput) {
    this.input = input;
    this.rng = input.rng;
    this.N = input.rows;
    this.csv = input.format === 'csv';
    this.ct = new CentralTime(input.fromYear, input.toYear);
    const years = input.toYear - input.fromYear + 1;

    this.mainDepartments = input.departments.filter((d) => !d.tiny);
    this.tinyDepartments = input.departments.filter((d) => d.tiny);
    const settingTotal = (s: S.CareSetting) => this.mainDepartments.filter((d) => d.setting === s).reduce((a, d) => a + d.weight, 0);
    const pcTotal = settingTotal('primary_care');
    const spTotal = settingTotal('specialty');
    this.departmentPick = new Weighted(
      this.mainDepartments.map((d) =>
        d.setting === 'primary_care' ? (S.PRIMARY_CARE_SHARE * d.weight) / pcTotal : ((1 - S.PRIMARY_CARE_SHARE) * d.weight) / spTotal,
      ),
    );

    const interp = (s: S.CareSetting, yi: number) => {
      const t = years > 1 ? yi / (years - 1) : 0;
      const { first, last } = S.ROLE_WEIGHT[s];
      return first.map((f, i) => f + ((last[i] as number) - f) * t);
    };
    this.roleWeights = {
      primary_care: Array.from({ length: years }, (_, yi) => new Weighted(interp('primary_care', yi))),
      specialty: Array.from({ length: years }, (_, yi) => new Weighted(interp('specialty', yi))),
    };

    const hoursByRole = Object.fromEntries(Object.entries(S.CLINICIAN_HOURS).map(([k, v]) => [k, new HourSampler(v)])) as Record<
      S.Role | 'unknown',
      HourSampler
    >;
    this.rosterCount = input.clinicians.length;
    this.writerIds = [...input.clinicians.map((c) => c.id), ...input.unknownIds];
    this.writerHours = [...input.clinicians.map((c) => hoursByRole[c.role]), ...input.unknownIds.map(() => hoursByRole.unknown)];
    this.pools = input.departments.map(() => S.ROLES.map(() => [] as number[]));
    this.globalPools = { primary_care: S.ROLES.map(() => []), specialty: S.ROLES.map(() => []) };
    input.clinicians.forEach((c, i) => {
      const d = input.departments[c.department] as Department;
      const r = S.ROLES.indexOf(c.role);
      for (let k = 0; k < c.weight; k++) {
        (this.pools[d.index]![r] as number[]).push(i);
        (this.globalPools[d.setting][r] as number[]).push(i);
      }
    });

    this.patientPool = Math.max(100, Math.round(this.N * 0.05));
    this.capUtc = this.ct.midnight(CentralTime.firstDayOf(input.toYear + 1) + SPILL_DAYS);
    this.injections = injectionSchedule(this.N);
  }

  // ---------------------------------------------------------------- output

  private async flush(): Promise<void> {
    const out = this.out;
    if (!out || this.sink.pos === 0) return;
    if (!out.write(this.sink.take())) await once(out, 'drain');
    this.reported = this.rows;
    this.progress?.(this.rows);
  }

  /** A row built as text: only the rare broken rows, where clarity beats speed. */
  private textRow(
    id: string | null,
    thread: string | null,
    ts: string | null,
    type: string,
    sender: string | null,
    patient: string | null,
    dept: string | null,
  ): void {
    let line: string;
    if (this.csv) {
      line =
        (id ?? '') +
        ',' +
        (thread ?? '') +
        ',' +
        (ts ?? '') +
        ',' +
        type +
        ',' +
        (sender ?? '') +
        ',' +
        (patient ?? '') +
        ',' +
        (dept ?? '') +
        '\r\n';
    } else {
      const j = (v: string | null) => (v === null ? 'null' : '"' + v + '"');
      line =
        '{"message_id":' +
        j(id) +
        ',"thread_id":' +
        j(thread) +
        ',"sent_at":' +
        j(ts) +
        ',"sender_type":"' +
        type +
        '","sender_id":' +
        j(sender) +
        ',"patient_id":' +
        j(patient) +
        ',"department_id":' +
        j(dept) +
        '}\n';
    }
    this.sink.text(line);
    this.rows++;
  }

  /** One CSV field (quoted when asked and not empty) followed by `sep` (',' or CRLF). */
  private csvField(v: string | null, quoted: boolean, last: boolean): void {
    const k = this.sink;
    if (v) {
      if (quoted) k.byte(34);
      k.ascii(v);
      if (quoted) k.byte(34);
    }
    if (last) k.ascii('\r\n');
    else k.byte(44);
  }

  /** Writes a message row as bytes (ids and enum values are ASCII); the same text the textRow() layout gives. */
  private row(msgNo: number, t: number, ts: TimestampSpelling, type: string, sender: string | null, quoted: boolean): void {
    const k = this.sink;
    if (this.csv) {
      if (quoted) k.byte(34);
      k.byte(77); // M
      k.padded(msgNo, 9);
      if (quoted) k.byte(34);
      k.byte(44);
      this.csvField(this.threadId, quoted, false);
      if (quoted) k.byte(34);
      this.ct.writeSpelled(k, t, ts);
      if (quoted) k.byte(34);
      k.byte(44);
      this.csvField(type, quoted, false);
      this.csvField(sender, quoted, false);
      this.csvField(this.patientId, quoted, false);
      this.csvField(this.departmentId, quoted, true);
    } else {
      k.ascii('{"message_id":"M');
      k.padded(msgNo, 9);
      k.ascii('","thread_id":"');
      k.ascii(this.threadId);
      k.ascii('","sent_at":"');
      this.ct.writeSpelled(k, t, ts);
      k.ascii('","sender_type":"');
      k.ascii(type);
      if (sender === null) k.ascii('","sender_id":null,"patient_id":"');
      else {
        k.ascii('","sender_id":"');
        k.ascii(sender);
        k.ascii('","patient_id":"');
      }
      k.ascii(this.patientId);
      k.ascii('","department_id":"');
      k.ascii(this.departmentId);
      k.ascii('"}\n');
    }
    this.rows++;
  }

  /** Chooses (and counts) how sent_at is spelled; draws from the RNG exactly as the earlier text version did. */
  private spell(t: number, spelling: Spelling): TimestampSpelling {
    const c = this.counts;
    if (t % 1000 !== 0) c.millis++;
    if (spelling === SPELL_RANDOM) {
      const x = this.rng.float();
      if (x < S.SPELLING.z) spelling = SPELL_Z;
      else if (x < S.SPELLING.z + S.SPELLING.offset) spelling = SPELL_OFFSET;
      else spelling = SPELL_LOCAL;
    }
    if (spelling === SPELL_LOCAL) {
      const rep = this.ct.repeatedHour(t);
      if (rep === 2)
        spelling = SPELL_OFFSET; // the second pass of the repeated hour cannot be written as wall clock
      else {
        if (rep === 1) c.repeated++;
        else if (this.ct.formatInGap(t) !== null && this.rng.chance(0.5)) {
          // The first daylight hour of spring can be written in the skipped hour; a reader moves it forward onto t.
          c.skipped++;
          c.local++;
          return TS_GAP;
        }
        c.local++;
        return TS_LOCAL;
      }
    }
    if (spelling === SPELL_GAP) {
      if (this.ct.formatInGap(t) === null) throw new Error('internal: SPELL_GAP outside the first daylight hour');
      c.skipped++;
      c.local++;
      return TS_GAP;
    }
    if (spelling === SPELL_OFFSET) {
      c.offset++;
      return this.rng.chance(S.SPELLING.plusZeroOfOffset) ? TS_PLUS_ZERO : TS_OFFSET;
    }
    c.z++;
    return TS_Z;
  }

  /** Writes one genuine message (and any injected row due after it). Returns false once the sample is full. */
  private emit(t: number, type: SenderType, sender: string | null, spelling: Spelling = SPELL_RANDOM): boolean {
    if (this.rows >= this.N) {
      this.done = true;
      return false;
    }
    const rng = this.rng;
    const c = this.counts;
    const copy = this.laterCopies[0];
    if (copy !== undefined && this.rows >= copy.at && this.rows + 1 < this.N) {
      this.laterCopies.shift();
      this.sink.ensure(copy.bytes.length);
      this.sink.pos += copy.bytes.copy(this.sink.buf, this.sink.pos);
      this.rows++;
    }
    const msgNo = this.msgNo++;
    const inj = this.special ? undefined : this.injections[this.nextInjection];
    const due = inj !== undefined && this.rows >= inj.at && this.rows + 1 < this.N;
    const ts = this.spell(t, due ? SPELL_Z : spelling);
    let typeText: string = SENDER_TYPES[type];
    if (rng.chance(S.ENUM_CASE_SHARE)) {
      typeText = SENDER_VARIANTS[type][rng.int(2)] as string;
      c.enumCase++;
    }
    // Drawn for NDJSON too, so CSV and NDJSON samples of one seed hold the same messages.
    const quoted = rng.chance(S.QUOTED_ROW_SHARE) && this.csv;
    if (quoted) c.quoted++;
    const start = this.sink.pos;
    this.row(msgNo, t, ts, typeText, sender, quoted);

    let accepted = true;
    if (due && inj) {
      this.nextInjection++;
      accepted = this.inject(inj.kind, start, msgNo, t, type, typeText, sender);
    }
    if (accepted) {
      c.bySender[type] = (c.bySender[type] as number) + 1;
      if (type === CLINICIAN && this.writerUnknown) c.unknownClinicianMessages++;
      if (t > this.lastSentAt) this.lastSentAt = t;
    }
    if (this.rows >= this.N) this.done = true;
    return true;
  }

  /** Appends the injected row; returns whether the genuine row before it is still accepted by a correct load. */
  private inject(
    kind: InjectionKind,
    rowStart: number,
    msgNo: number,
    t: number,
    type: SenderType,
    typeText: string,
    sender: string | null,
  ): boolean {
    const c = this.counts;
    const rng = this.rng;
    c[kind]++;
    if (kind === 'duplicate') {
      c.z++;
      if (t % 1000 !== 0) c.millis++;
      if (c.duplicate % 2 === 1) {
        // Right after itself, as a re-sent row...
        this.sink.repeat(rowStart, this.sink.pos);
        this.rows++;
      } else {
        // ...or ~0.5% of the file later, as overlapping export pages would repeat it (another chunk, another month).
        this.laterCopies.push({
          at: this.rows + Math.max(50, Math.floor(this.N / 200)),
          bytes: Buffer.from(this.sink.buf.subarray(rowStart, this.sink.pos)),
        });
      }
      return true;
    }
    if (kind === 'conflict') {
      // Same id, a different sent_at: an export that disagrees with itself; both rows are quarantined.
      const t2 = t + 1000 * (17 + rng.int(600));
      this.row(msgNo, t2, this.spell(t2, SPELL_Z), typeText, sender, false);
      return false;
    }
    const badId = 'M' + String(1e9 + this.msgNo++).slice(1);
    let f: Array<string | null> = [badId, this.threadId, this.ct.formatZ(t), SENDER_TYPES[type], sender, this.patientId, this.departmentId];
    if (kind === 'missing_field') {
      const field = MISSING_FIELDS[(c.missing_field - 1) % MISSING_FIELDS.length] as (typeof MISSING_FIELDS)[number];
      if (field === 'sender_id') f = [badId, this.threadId, this.ct.formatZ(t), 'clinician', null, this.patientId, this.departmentId];
      else f[['message_id', 'thread_id', 'sent_at', 'sender_type', 'sender_id', 'patient_id', 'department_id'].indexOf(field)] = null;
    } else if (kind === 'bad_enum') {
      f[3] = BAD_ENUMS[(c.bad_enum - 1) % BAD_ENUMS.length] as string;
    } else {
      const year = new Date(t).getUTCFullYear();
      const bad = BAD_TIMESTAMPS(year);
      f[2] = bad[(c.bad_timestamp - 1) % bad.length] as string;
    }
    this.textRow(f[0] ?? null, f[1] ?? null, f[2] ?? null, f[3] as string, f[4] ?? null, f[5] ?? null, f[6] ?? null);
    return true;
  }

  // ---------------------------------------------------------------- time

  private quantise(tod: number): number {
    return this.rng.chance(S.SPELLING.millisecondsShare) ? Math.floor(tod) : Math.floor(tod / 1000) * 1000;
  }

  private weekendShift(day: number, stay: number): number {
    const dow = CentralTime.dayOfWeek(day);
    if ((dow === 0 || dow === 6) && !this.rng.chance(stay)) return day + (dow === 6 ? 2 : 1);
    return day;
  }

  /** A time some days after `after` (0 = later the same day, if enough of the day is left), at an hour drawn from `hours`. */
  private later(after: number, hours: HourSampler, days: Weighted, stay: number, extraDays = 0): number {
    const afterLocal = this.ct.local(after);
    const afterDay = Math.floor(afterLocal / DAY);
    let day = this.weekendShift(afterDay + days.pick(this.rng) + extraDays, stay);
    let tod: number;
    if (day === afterDay) {
      const afterTod = afterLocal - afterDay * DAY;
      tod = hours.after(this.rng, afterTod);
      if (tod < 0) {
        // Too little of the day left: first thing the next working day ("next morning"), so usually within 24 h.
        day = this.weekendShift(afterDay + 1, stay);
        tod = day === afterDay + 1 ? hours.before(this.rng, afterTod) : -1;
        if (tod < 0) tod = hours.any(this.rng);
      }
    } else tod = hours.any(this.rng);
    let t = this.ct.midnight(day) + this.quantise(tod);
    if (t <= after) t = after + 1000 * (1 + this.rng.int(600)); // a clock-change day can fold the arithmetic back
    return t;
  }

  private patientBurstGap(after: number): number {
    const x = this.rng.float();
    const s = x < 0.6 ? this.rng.range(60, 3600) : x < 0.92 ? this.rng.range(3600, 6 * 3600) : this.rng.range(12 * 3600, 36 * 3600);
    return after + s * 1000;
  }

  // ---------------------------------------------------------------- people

  private pickWriter(dept: Department): number {
    const rng = this.rng;
    if (rng.chance(S.UNKNOWN_CLINICIAN_SHARE)) return this.rosterCount + rng.int(this.writerIds.length - this.rosterCount);
    const role = (this.roleWeights[dept.setting][this.yearIndex] as Weighted).pick(rng);
    const own = this.pools[dept.index]?.[role] as number[];
    if (own.length > 0 && rng.chance(S.OWN_DEPARTMENT_SHARE)) return own[rng.int(own.length)] as number;
    const pool = this.globalPools[dept.setting][role] as number[];
    if (pool.length === 0) return own.length > 0 ? (own[rng.int(own.length)] as number) : rng.int(this.rosterCount);
    return pool[rng.int(pool.length)] as number;
  }

  private startThread(dept: Department): { proxy: string | null } {
    const rng = this.rng;
    this.threadId = 'T' + String(1e9 + this.threadNo++).slice(1);
    this.departmentId = dept.id;
    const years = this.input.toYear - this.input.fromYear + 1;
    // Patients enrol over the years: the eligible pool grows from 35% to all of it; 30% of threads come from
    // the most active 5% (heavy portal users).
    const eligible = Math.max(1, Math.round(this.patientPool * (0.35 + 0.65 * (years > 1 ? this.yearIndex / (years - 1) : 1))));
    const p = rng.chance(0.3) ? rng.int(Math.max(1, Math.round(eligible * 0.05))) : rng.int(eligible);
    const digits = String(1e7 + p).slice(1);
    this.patientId = 'P' + digits;
    this.pendingPatient = 0;
    this.patientRun = 0;
    return { proxy: p % S.PROXY.patientEvery === 3 ? 'R' + digits : null };
  }

  private endThread(emitted: number): void {
    const c = this.counts;
    c.unanswered += this.pendingPatient;
    if (emitted === 0) return;
    c.threads++;
    const first = this.ct.localDay(this.tFirst);
    const last = this.ct.localDay(this.tLast);
    if (first !== last) {
      const mf = this.ct.monthKey(first);
      const ml = this.ct.monthKey(last);
      if (mf !== ml) c.spanningMonths++;
      if (Math.floor(mf / 12) !== Math.floor(ml / 12)) c.spanningYears++;
    }
  }

  /** Writes a message of the thread and keeps the thread's bookkeeping. */
  private put(t: number, type: SenderType, sender: string | null, emitted: number, spelling: Spelling = SPELL_RANDOM): boolean {
    if (!this.emit(t, type, sender, spelling)) return false;
    if (emitted === 0) this.tFirst = t;
    if (t > this.tLast || emitted === 0) this.tLast = t;
    if (type === PATIENT || type === PROXY) {
      this.pendingPatient++;
      this.patientRun++;
    } else if (type === CLINICIAN) {
      if (this.patientRun >= 2) this.counts.bursts++;
      this.pendingPatient = 0;
      this.patientRun = 0;
    }
    return true;
  }

  // ---------------------------------------------------------------- threads

  private thread(day: number, dept: Department): void {
    const rng = this.rng;
    const { proxy } = this.startThread(dept);
    const dow = CentralTime.dayOfWeek(day);
    const clinicianStart = rng.chance(dow === 0 || dow === 6 ? S.CLINICIAN_START.weekend : S.CLINICIAN_START.weekday);
    const rounds = this.rounds.pick(rng) + 1;
    let turns: number;
    if (clinicianStart) turns = rounds === 1 ? (rng.chance(0.55) ? 1 : 2) : rng.chance(0.5) ? 2 * rounds - 1 : 2 * rounds;
    else turns = rounds === 1 ? (rng.chance(0.13) ? 1 : 2) : rng.chance(0.45) ? 2 * rounds - 1 : 2 * rounds;
    if (clinicianStart) this.counts.clinicianStarted++;

    const primary = this.pickWriter(dept);
    let side = clinicianStart ? 1 : 0;
    let t = 0;
    let emitted = 0;
    let lastType: SenderType = PATIENT;
    outer: for (let turn = 0; turn < turns; turn++) {
      const size = side === 0 ? this.patientTurnSize.pick(rng) + 1 : this.clinicianTurnSize.pick(rng) + 1;
      for (let j = 0; j < size; j++) {
        if (side === 1) {
          const w = j === 0 && turn <= 1 ? primary : rng.chance(S.PRIMARY_CLINICIAN_SHARE) ? primary : this.pickWriter(dept);
          const hours = this.writerHours[w] as HourSampler;
          if (emitted === 0) t = this.ct.midnight(day) + this.quantise(hours.any(rng));
          else if (j === 0) t = this.later(t, hours, this.replyDays, S.CLINICIAN_WEEKEND_STAY);
          else t = this.later(t, hours, this.sameDay, 1);
          if (t >= this.capUtc) break outer;
          this.writerUnknown = w >= this.rosterCount;
          if (!this.put(t, CLINICIAN, this.writerIds[w] as string, emitted)) break outer;
          lastType = CLINICIAN;
        } else {
          if (emitted === 0) t = this.ct.midnight(day) + this.quantise(this.patientHours.any(rng));
          else if (j === 0) {
            const long = rng.chance(S.LONG_GAP.chance) ? rng.range(S.LONG_GAP.minDays, S.LONG_GAP.maxDays) : 0;
            t = this.later(t, this.patientHours, this.patientReplyDays, S.PATIENT_WEEKEND_STAY, long);
          } else t = this.patientBurstGap(t);
          if (t >= this.capUtc) break outer;
          const byProxy = proxy !== null && rng.chance(S.PROXY.share);
          if (!this.put(t, byProxy ? PROXY : PATIENT, byProxy ? proxy : this.patientId, emitted)) break outer;
          lastType = byProxy ? PROXY : PATIENT;
          if (emitted === 0 && rng.chance(S.SYSTEM.ackChance)) {
            // An automatic "we received your message" within 3 s, possibly in the same second.
            emitted++;
            if (!this.put(t + rng.int(3000), SYSTEM, this.systemSender(), emitted)) break outer;
          }
        }
        emitted++;
      }
      side ^= 1;
    }
    if (!this.done && clinicianStart && lastType === CLINICIAN && emitted > 0 && rng.chance(S.SYSTEM.reminderChance)) {
      // "You have an unread message" a few days after an unanswered outreach.
      const r = t + (2 + rng.int(3)) * DAY + rng.int(4 * 3600) * 1000;
      if (r < this.capUtc && this.put(r, SYSTEM, this.systemSender(), emitted)) emitted++;
    }
    this.endThread(emitted);
  }

  private systemSender(): string | null {
    return this.rng.chance(S.SYSTEM.namedSenderShare) ? 'SYSTEM-NOTIFY' : null;
  }

  /** On clock-change days: wall-clock times in the skipped hour (spring) and in both passes of the repeated hour (fall). */
  private dstThread(kind: 'spring' | 'fall', year: number): void {
    const rng = this.rng;
    const dept = this.mainDepartments[this.departmentPick.pick(rng)] as Department;
    this.special = true;
    this.startThread(dept);
    const { start, end } = this.ct.transitions(year);
    let emitted = 0;
    let t: number;
    if (kind === 'spring') {
      t = start + rng.int(3600) * 1000;
      if (this.put(t, PATIENT, this.patientId, emitted, SPELL_GAP)) emitted++;
    } else {
      t = end - HOUR + rng.int(3600) * 1000;
      if (this.put(t, PATIENT, this.patientId, emitted, SPELL_LOCAL)) emitted++;
      t = end + rng.int(3600) * 1000;
      if (this.put(t, PATIENT, this.patientId, emitted, SPELL_OFFSET)) emitted++;
    }
    const w = this.pickWriter(dept);
    t = this.later(t, this.writerHours[w] as HourSampler, this.replyDays, S.CLINICIAN_WEEKEND_STAY);
    this.writerUnknown = w >= this.rosterCount;
    if (this.put(t, CLINICIAN, this.writerIds[w] as string, emitted)) emitted++;
    this.endThread(emitted);
    this.special = false;
  }

  // ---------------------------------------------------------------- main loop

  async run(path: string, onProgress?: (n: number) => void): Promise<void> {
    this.progress = onProgress;
    this.out = createWriteStream(path, { highWaterMark: 4 << 20 });
    const outClosed = new Promise<void>((resolve, reject) => {
      this.out?.on('error', reject);
      this.out?.on('close', () => resolve());
    });
    try {
      await this.generate();
      if (this.laterCopies.length > 0) throw new Error('internal: a delayed duplicate row was never written');
      await this.flush();
    } finally {
      this.out.end();
    }
    await outClosed;
    if (this.reported !== this.rows) onProgress?.(this.rows);
  }

  private async generate(): Promise<void> {
    const { fromYear, toYear } = this.input;
    const firstDay = CentralTime.firstDayOf(fromYear);
    const endDay = CentralTime.firstDayOf(toYear + 1);
    const n = endDay - firstDay;
    const cum = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const date = new Date((firstDay + i) * DAY);
      const md = date.getUTCMonth() * 100 + date.getUTCDate();
      const holiday = md === 101 || md === 704 || md === 1125 || md === 1224 ? 0.45 : 1; // (month 0-based) Jan 1, Jul 4, Dec 25, Dec 24
      total +=
        S.YEAR_GROWTH ** (i / 365.25) *
        (S.MONTH_WEIGHT[date.getUTCMonth()] as number) *
        (S.DOW_WEIGHT[date.getUTCDay()] as number) *
        holiday;
      cum[i] = total;
    }
    const dstDays = new Map<number, ['spring' | 'fall', number]>();
    for (let y = fromYear; y <= toYear; y++) {
      const { start, end } = this.ct.transitions(y);
      dstDays.set(this.ct.localDay(start), ['spring', y]);
      dstDays.set(this.ct.localDay(end), ['fall', y]);
    }
    // The tiny departments get about two threads a month, or fewer in small samples.
    const threadsPerDay = this.N / 3.5 / n;
    const tinyChance = Math.min(2 / 30.4, 0.0015 * threadsPerDay);

    for (let i = 0; i < n && !this.done; i++) {
      const day = firstDay + i;
      this.yearIndex = new Date(day * DAY).getUTCFullYear() - fromYear;
      const target = i === n - 1 ? this.N : (this.N * (cum[i] as number)) / total;
      const dst = dstDays.get(day);
      if (dst) this.dstThread(dst[0], dst[1]);
      for (const d of this.tinyDepartments) if (!this.done && this.rng.chance(tinyChance)) this.thread(day, d);
      while (this.rows < target && !this.done) {
        this.thread(day, this.mainDepartments[this.departmentPick.pick(this.rng)] as Department);
        if (this.sink.full) await this.flush();
      }
      if (this.sink.full) await this.flush();
    }
  }

  header(): string {
    return this.csv ? 'message_id,thread_id,sent_at,sender_type,sender_id,patient_id,department_id\r\n' : '';
  }

  startWith(text: string): void {
    this.sink.text(text);
  }

  summaryCounts(): Pick<SampleSummary, 'rows' | 'lastSentAt'> {
    return { rows: this.rows, lastSentAt: new Date(this.lastSentAt).toISOString() };
  }
}
