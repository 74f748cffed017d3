// A deliberately plain, independent reading of a generated sample with the metrics.md definitions, used by
// the tests to check the sample's shape. It shares no code with the generator: its own RFC 4180 parser,
// its own wall-clock conversion (Intl's tz database), its own validation and de-duplication.

/** Strict RFC 4180: fields separated by ',', records by CRLF, quotes doubled inside quoted fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Fast path: a record with no quote up to its CRLF is just its fields split on ','.
    const eol = text.indexOf('\r\n', i);
    const end = eol < 0 ? n : eol;
    const plain = text.slice(i, end);
    if (!plain.includes('"')) {
      if (plain.includes('\n') || plain.includes('\r')) throw new Error(`bare CR or LF line ending in record ${rows.length + 1}`);
      if (eol < 0) throw new Error(`last record ${rows.length + 1} does not end with CRLF`);
      rows.push(plain.split(','));
      i = end + 2;
      continue;
    }
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new Error(`unterminated quoted field in record ${rows.length + 1}`);
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += ch;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote in record ${rows.length + 1}`);
      } else {
        const start = i;
        while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`quote inside an unquoted field in record ${rows.length + 1}`);
          i++;
        }
        field = text.slice(start, i);
      }
      row.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\n') throw new Error(`bare LF line ending in record ${rows.length + 1}`);
      if (text[i] === '\r') {
        if (text[i + 1] !== '\n') throw new Error(`bare CR in record ${rows.length + 1}`);
        i += 2;
      }
      break;
    }
    rows.push(row);
  }
  return rows;
}

const TZ = 'America/Chicago';
const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});
const offsetCache = new Map<number, number>();

/** UTC minus wall-clock time (ms) at an instant, from Intl, cached per hour (offsets change on the hour). */
export function offsetAt(utc: number): number {
  const key = Math.floor(utc / 3_600_000);
  let off = offsetCache.get(key);
  if (off === undefined) {
    const base = key * 3_600_000;
    const p = Object.fromEntries(fmt.formatToParts(new Date(base)).map((x) => [x.type, x.value]));
    const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    off = base - wall;
    offsetCache.set(key, off);
  }
  return off;
}

export interface Wall {
  year: number;
  hour: number;
  weekday: number;
}
export function wallOf(utc: number): Wall {
  const d = new Date(utc - offsetAt(utc));
  return { year: d.getUTCFullYear(), hour: d.getUTCHours(), weekday: d.getUTCDay() };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$/;

/** sent_at per metrics.md: absolute with Z/offset, else wall clock (repeated: earlier offset; skipped: forward). */
export function parseSentAt(ts: string): { utc: number; dst: 'repeated' | 'skipped' | null } | null {
  const m = ISO.exec(ts);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.round(Number(frac) * 1000) : 0);
  const back = new Date(wall);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  if (zone === 'Z') return { utc: wall, dst: null };
  if (zone) {
    const sign = zone[0] === '-' ? -1 : 1;
    const off = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
    return { utc: wall - off, dst: null };
  }
  const candidates = [4, 5, 6, 7].map((hrs) => wall + hrs * 3_600_000).filter((u) => u - offsetAt(u) === wall);
  if (candidates.length >= 2) return { utc: Math.min(...candidates), dst: 'repeated' };
  if (candidates.length === 1) return { utc: candidates[0] as number, dst: null };
  // Skipped: move forward by the gap, i.e. read it with the offset in force just before the gap.
  return { utc: wall + offsetAt(wall - 86_400_000), dst: 'skipped' };
}

export interface Message {
  id: string;
  thread: string;
  utc: number;
  type: 'patient' | 'proxy' | 'clinician' | 'system';
  sender: string;
  patient: string;
  dept: string;
}

export interface LoadCount {
  rowsRead: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  repeated: number;
  skipped: number;
}

const TYPES = new Set(['patient', 'proxy', 'clinician', 'system']);

/** Validates and de-duplicates message records (header excluded) per metrics.md. */
export function loadMessages(records: Array<Record<string, string | null>>): { messages: Message[]; count: LoadCount } {
  const count: LoadCount = { rowsRead: records.length, accepted: 0, duplicates: 0, quarantined: 0, repeated: 0, skipped: 0 };
  const byId = new Map<string, { key: string; msg: Message; dst: 'repeated' | 'skipped' | null; conflict: number; copies: number }>();
  for (const r of records) {
    const type = (r.sender_type ?? '').toLowerCase();
    const req = ['message_id', 'thread_id', 'sent_at', 'patient_id', 'department_id'].every((k) => (r[k] ?? '') !== '');
    const sent = r.sent_at ? parseSentAt(r.sent_at) : null;
    if (!req || !TYPES.has(type) || (type !== 'system' && !r.sender_id) || !sent) {
      count.quarantined++;
      continue;
    }
    const msg: Message = {
      id: r.message_id as string,
      thread: r.thread_id as string,
      utc: sent.utc,
      type: type as Message['type'],
      sender: r.sender_id ?? '',
      patient: r.patient_id as string,
      dept: r.department_id as string,
    };
    const key = JSON.stringify([msg.thread, msg.utc, msg.type, msg.sender, msg.patient, msg.dept]);
    const seen = byId.get(msg.id);
    if (!seen) byId.set(msg.id, { key, msg, dst: sent.dst, conflict: 0, copies: 1 });
    else if (seen.key === key) seen.copies++;
    else seen.conflict++;
  }
  const messages: Message[] = [];
  for (const e of byId.values()) {
    if (e.conflict > 0) {
      count.quarantined += e.copies + e.conflict;
      continue;
    }
    count.duplicates += e.copies - 1;
    count.accepted++;
    if (e.dst === 'repeated') count.repeated++;
    if (e.dst === 'skipped') count.skipped++;
    messages.push(e.msg);
  }
  return { messages, count };
}

export interface Shape {
  within1d: number;
  within3d: number;
  answered: number;
  unanswered: number;
  le4Rounds: number;
  threads: number;
  roundsDist: number[];
  evening: Record<string, number>;
  working: number;
  weekendClinician: number;
  weekendPatient: number;
  volumeByYear: Record<number, number>;
  increaseByCategory: Array<[string, number]>;
  heaviestByYear: Record<number, string[]>;
  clinicianSide: number;
  patientSide: number;
  system: number;
}

/** The headline figures of metrics.md over every year present. */
export function measure(
  messages: Message[],
  roles: Map<string, string>,
  settings: Map<string, string>,
  homeDept: Map<string, string>,
  first: number,
  last: number,
): Shape {
  const threads = new Map<string, Message[]>();
  for (const m of messages) {
    let t = threads.get(m.thread);
    if (!t) threads.set(m.thread, (t = []));
    t.push(m);
  }
  let within1d = 0,
    within3d = 0,
    answered = 0,
    unanswered = 0,
    le4 = 0,
    nThreads = 0;
  const roundsDist = [0, 0, 0, 0, 0];
  for (const list of threads.values()) {
    const ms = list.filter((m) => m.type !== 'system').sort((a, b) => a.utc - b.utc || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (ms.length === 0) continue;
    nThreads++;
    let turns = 0;
    let prev = '';
    for (const m of ms) {
      const side = m.type === 'clinician' ? 'C' : 'P';
      if (side !== prev) turns++;
      prev = side;
    }
    const rounds = Math.ceil(turns / 2);
    if (rounds <= 4) le4++;
    roundsDist[Math.min(rounds, 5) - 1]!++;
    for (let i = 0; i < ms.length; i++) {
      const p = ms[i] as Message;
      if (p.type === 'clinician') continue;
      const reply = ms.slice(i + 1).find((c) => c.type === 'clinician' && c.utc > p.utc);
      if (!reply) {
        unanswered++;
        continue;
      }
      answered++;
      const h = (reply.utc - p.utc) / 3_600_000;
      if (h <= 24) within1d++;
      if (h <= 72) within3d++;
    }
  }

  const byRole = new Map<string, { n: number; evening: number; working: number }>();
  let clinicianSide = 0,
    patientSide = 0,
    system = 0,
    weekendC = 0,
    weekendP = 0,
    working = 0;
  const volumeByYear: Record<number, number> = {};
  const catYear = new Map<string, Map<number, { n: number; senders: Set<string> }>>();
  for (const m of messages) {
    if (m.type === 'system') {
      system++;
      continue;
    }
    const w = wallOf(m.utc);
    volumeByYear[w.year] = (volumeByYear[w.year] ?? 0) + 1;
    const weekend = w.weekday === 0 || w.weekday === 6;
    if (m.type !== 'clinician') {
      patientSide++;
      if (weekend) weekendP++;
      continue;
    }
    clinicianSide++;
    if (weekend) weekendC++;
    const role = roles.get(m.sender) ?? 'unknown';
    const r = byRole.get(role) ?? { n: 0, evening: 0, working: 0 };
    r.n++;
    if (w.hour >= 17 && w.hour < 19) r.evening++;
    if (w.hour >= 7 && w.hour < 17) {
      r.working++;
      working++;
    }
    byRole.set(role, r);
    const home = homeDept.get(m.sender);
    const cat = `${role}/${settings.get(home ?? m.dept) ?? '?'}`;
    let years = catYear.get(cat);
    if (!years) catYear.set(cat, (years = new Map()));
    const y = years.get(w.year) ?? { n: 0, senders: new Set<string>() };
    y.n++;
    y.senders.add(m.sender);
    years.set(w.year, y);
  }
  const evening: Record<string, number> = {};
  for (const [role, r] of byRole) evening[role] = r.evening / r.n;
  const yearsPresent = Object.keys(volumeByYear)
    .map(Number)
    .filter((y) => y >= first && y <= last);
  const increaseByCategory: Array<[string, number]> = [...catYear]
    .map(([cat, ys]) => [cat, (ys.get(last)?.n ?? 0) - (ys.get(first)?.n ?? 0)] as [string, number])
    .sort((a, b) => b[1] - a[1]);
  const heaviestByYear: Record<number, string[]> = {};
  for (const y of yearsPresent) {
    heaviestByYear[y] = [...catYear]
      .filter(([cat]) => !cat.startsWith('unknown/'))
      .map(([cat, ys]) => {
        const v = ys.get(y);
        return [cat, v ? v.n / v.senders.size : 0] as [string, number];
      })
      .sort((a, b) => b[1] - a[1])
      .map(([cat]) => cat);
  }
  return {
    within1d: within1d / answered,
    within3d: within3d / answered,
    answered,
    unanswered,
    le4Rounds: le4 / nThreads,
    threads: nThreads,
    roundsDist,
    evening,
    working: working / clinicianSide,
    weekendClinician: weekendC / clinicianSide,
    weekendPatient: weekendP / patientSide,
    volumeByYear,
    increaseByCategory,
    heaviestByYear,
    clinicianSide,
    patientSide,
    system,
  };
}

/** Reads a sample folder (CSV or NDJSON messages) into records. */
export function recordsOf(header: string[], rows: string[][]): Array<Record<string, string | null>> {
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.toLowerCase(), r[i] ?? null])));
}
