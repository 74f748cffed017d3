// The generator's files: deterministic, well-formed (RFC 4180 / NDJSON), exactly the rows asked for, and
// holding exactly the injected cases its summary declares, checked by an independent reading (measure.ts).
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample, injectionCounts, type SampleSummary } from '../../lib/sample/index.ts';
import { loadMessages, parseCsv, parseSentAt, recordsOf } from './measure.ts';
import { UserError } from '../../lib/errors/index.ts';

const N = 12_000;
let dir: string;
let csv: SampleSummary;
let csvText: string;
/** The messages file parsed once (header first). */
let parsed: string[][];
/** The same seed and options as NDJSON. */
let nd: SampleSummary;

async function sha(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-sample-'));
  csv = await generateSample({ outDir: join(dir, 'a'), messages: N, seed: 7 });
  csvText = await readFile(csv.files.messages, 'utf8');
  parsed = parseCsv(csvText);
  nd = await generateSample({ outDir: join(dir, 'nd'), messages: N, seed: 7, format: 'ndjson' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateSample', () => {
  it('is deterministic: same seed and options give byte-identical files; another seed does not', async () => {
    const again = await generateSample({ outDir: join(dir, 'b'), messages: N, seed: 7 });
    for (const f of ['messages', 'clinicians', 'departments'] as const) expect(await sha(again.files[f])).toBe(await sha(csv.files[f]));
    const { seconds: _a, outDir: _b, files: _c, ...restA } = csv;
    const { seconds: _d, outDir: _e, files: _f, ...restB } = again;
    expect(restB).toEqual(restA);
    const other = await generateSample({ outDir: join(dir, 'c'), messages: N, seed: 8 });
    expect(await sha(other.files.messages)).not.toBe(await sha(csv.files.messages));
  });

  it('writes exactly the requested rows as strict RFC 4180 with the canonical header', () => {
    expect(csvText.endsWith('\r\n')).toBe(true);
    const rows = parsed;
    expect(rows[0]).toEqual(['message_id', 'thread_id', 'sent_at', 'sender_type', 'sender_id', 'patient_id', 'department_id']);
    expect(rows.length - 1).toBe(N);
    expect(csv.rows).toBe(N);
    expect(rows.filter((r) => r.length !== 7)).toEqual([]);
    // Some rows quote every field; the parser must give the same values as unquoted rows would.
    const quotedLines = csvText.split('\r\n').filter((l) => l.startsWith('"'));
    expect(quotedLines.length).toBe(csv.quotedRows);
    expect(csv.quotedRows).toBeGreaterThan(0);
  });

  it('declares exactly what an independent, spec-following load finds', () => {
    const [header, ...rows] = parsed as [string[], ...string[][]];
    const { count } = loadMessages(recordsOf(header, rows));
    expect({ rowsRead: count.rowsRead, accepted: count.accepted, duplicates: count.duplicates, quarantined: count.quarantined }).toEqual(
      csv.expectedLoad,
    );
    expect({ repeated: count.repeated, skipped: count.skipped }).toEqual(csv.dst);
    const by = csv.messagesBySenderType;
    expect(by.patient + by.proxy + by.clinician + by.system).toBe(csv.expectedLoad.accepted);
    expect(csv.expectedLoad.rowsRead).toBe(csv.expectedLoad.accepted + csv.expectedLoad.duplicates + csv.expectedLoad.quarantined);
  });

  it('injects a tiny, fixed number of each broken case, each one findable in the file', () => {
    const plan = injectionCounts(N);
    expect(csv.injected).toEqual({
      exactDuplicates: plan.duplicate,
      conflictingIds: plan.conflict,
      broken: { missing_field: plan.missing_field, bad_enum: plan.bad_enum, bad_timestamp: plan.bad_timestamp },
    });
    const rows = parsed.slice(1);
    const types = new Set(['patient', 'proxy', 'clinician', 'system']);
    let missing = 0,
      badEnum = 0,
      badTs = 0;
    for (const [id, thread, sent, type, sender, patient, dept] of rows as string[][]) {
      if (!id || !thread || !sent || !patient || !dept || (type?.toLowerCase() !== 'system' && !sender)) missing++;
      else if (!types.has((type as string).toLowerCase())) badEnum++;
      else if (!parseSentAt(sent)) badTs++;
    }
    expect({ missing, badEnum, badTs }).toEqual({ missing: plan.missing_field, badEnum: plan.bad_enum, badTs: plan.bad_timestamp });
    const seen = new Set<string>();
    let exact = 0,
      adjacent = 0;
    const lines = csvText.split('\r\n');
    lines.forEach((l, i) => {
      if (seen.has(l)) exact++;
      if (i > 0 && l === lines[i - 1]) adjacent++;
      seen.add(l);
    });
    expect(exact).toBe(plan.duplicate);
    expect(adjacent).toBe(Math.ceil(plan.duplicate / 2)); // the others come ~0.5% of the file later
    const ids = new Map<string, Set<string>>();
    for (const r of rows) ids.set(r[0] as string, (ids.get(r[0] as string) ?? new Set()).add(r.join(',')));
    expect([...ids.values()].filter((v) => v.size > 1).length).toBe(plan.conflict);
  });

  it('covers the awkward cases of a real export', () => {
    const rows = parsed.slice(1);
    const spelled = { z: 0, offset: 0, local: 0 };
    const types = ['patient', 'proxy', 'clinician', 'system'];
    for (const r of rows) {
      const ts = r[2] as string;
      // Broken rows aside (they are not counted as spellings).
      if (
        r.some((v, i) => v === '' && i !== 4) ||
        (r[4] === '' && r[3]?.toLowerCase() !== 'system') ||
        !types.includes(r[3]?.toLowerCase() as string)
      )
        continue;
      if (ts.endsWith('Z')) spelled.z++;
      else if (/[+-]\d\d:\d\d$/.test(ts)) spelled.offset++;
      else if (parseSentAt(ts)) spelled.local++;
    }
    expect(spelled).toEqual({ z: csv.timestamps.z, offset: csv.timestamps.offset, local: csv.timestamps.local });
    for (const n of Object.values(spelled)) expect(n).toBeGreaterThan(N / 10);
    expect(csv.dst.repeated).toBeGreaterThanOrEqual(8); // one per year at least, 2010-2017
    expect(csv.dst.skipped).toBeGreaterThanOrEqual(8);
    const variants = rows.filter(
      (r) => /[A-Z]/.test(r[3] as string) && ['patient', 'proxy', 'clinician', 'system'].includes((r[3] as string).toLowerCase()),
    );
    expect(variants.length).toBe(csv.enumCaseVariants.messages);
    expect(csv.enumCaseVariants.messages).toBeGreaterThan(0);
    expect(csv.messagesBySenderType.proxy).toBeGreaterThan(0);
    expect(csv.messagesBySenderType.system).toBeGreaterThan(0);
    expect(csv.unknownClinicianMessages).toBeGreaterThan(0);
    expect(csv.threadsSpanningMonths).toBeGreaterThan(0);
    expect(csv.threadsSpanningYears).toBeGreaterThan(0);
    expect(csv.patientBursts).toBeGreaterThan(0);
    expect(csv.unansweredPatientMessages).toBeGreaterThan(0);
    expect(csv.threadsStartedByClinician).toBeGreaterThan(0);
  });

  it('starts every thread inside the years and lets replies spill at most 7 days into the next January', () => {
    const rows = parsed.slice(1);
    const first = new Map<string, number>();
    let latest = 0;
    for (const r of rows) {
      const t = parseSentAt(r[2] as string)?.utc;
      if (t === undefined || !r[1]) continue;
      first.set(r[1], Math.min(first.get(r[1]) ?? Infinity, t));
      latest = Math.max(latest, t);
    }
    const start = Date.UTC(2010, 0, 1, 6),
      end = Date.UTC(2018, 0, 1, 6); // local midnights (CST)
    for (const t of first.values()) {
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(end);
    }
    expect(latest).toBeGreaterThanOrEqual(end);
    expect(latest).toBeLessThan(end + 7 * 86_400_000);
    expect(new Date(latest).toISOString()).toBe(csv.lastSentAt);
  });

  it('writes clinicians and departments as metrics.md defines them, with names that need escaping', async () => {
    const depts = parseCsv(await readFile(csv.files.departments, 'utf8'));
    expect(depts[0]).toEqual(['department_id', 'name', 'care_setting', 'lead_emails']);
    const body = depts.slice(1);
    expect(body.length).toBeGreaterThanOrEqual(30);
    expect(body.length).toBeLessThanOrEqual(60);
    expect(new Set(body.map((d) => d[2]?.toLowerCase()))).toEqual(new Set(['primary_care', 'specialty']));
    expect(body.some((d) => d[1]?.includes('&'))).toBe(true);
    expect(body.some((d) => /[<>]/.test(d[1] as string) && d[1]?.includes('"'))).toBe(true);
    const leads = body.map((d) =>
      (d[3] as string)
        .split(';')
        .map((e) => e.trim())
        .filter(Boolean),
    );
    expect(leads.some((l) => l.length === 0)).toBe(true);
    expect(Math.max(...leads.map((l) => l.length))).toBeLessThanOrEqual(3);
    for (const e of leads.flat()) expect(e).toMatch(/^[a-z.]+@example\.org$/);

    const clin = parseCsv(await readFile(csv.files.clinicians, 'utf8'));
    expect(clin[0]).toEqual(['clinician_id', 'role', 'department_id']);
    expect(clin.length - 1).toBe(csv.clinicians);
    expect(new Set(clin.slice(1).map((c) => c[2]))).toEqual(new Set(body.map((d) => d[0])));
    expect(new Set(clin.slice(1).map((c) => c[1]?.toLowerCase()))).toEqual(new Set(['physician', 'registered_nurse', 'np_pa', 'other']));
    expect(new Set(clin.slice(1).map((c) => c[0])).size).toBe(csv.clinicians);

    // The tiny departments stay tiny: a handful of messages a month at most.
    const rows = parsed.slice(1);
    for (const id of csv.tinyDepartments) {
      const n = rows.filter((r) => r[6] === id).length;
      expect(n).toBeGreaterThan(0);
      expect(n / 96).toBeLessThan(3);
    }
  });

  it('writes NDJSON holding the very same records as the CSV of the same seed', async () => {
    expect(nd.files.messages.endsWith('messages.ndjson')).toBe(true);
    const lines = (await readFile(nd.files.messages, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(N);
    const keys = ['message_id', 'thread_id', 'sent_at', 'sender_type', 'sender_id', 'patient_id', 'department_id'];
    const fromJson = lines.map((l) => {
      const o = JSON.parse(l) as Record<string, string | null>;
      expect(Object.keys(o)).toEqual(keys);
      return keys.map((k) => o[k] ?? '');
    });
    expect(fromJson).toEqual(parsed.slice(1));
    const { quotedRows: _q, seconds: _s, outDir: _o, files: _f, format: _fm, ...a } = csv;
    const { quotedRows: q, seconds: _s2, outDir: _o2, files: _f2, format: _fm2, ...b } = nd;
    expect(q).toBe(0);
    expect(b).toEqual(a);
  });

  it('reads back in DuckDB (strict CSV and NDJSON) with every row and the awkward names intact', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      const q = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjects();
      const [m] = await q(
        `select count(*)::int n, count(distinct message_id)::int ids from read_csv('${csv.files.messages}', header = true, all_varchar = ` +
          `true, strict_mode = true)`,
      );
      expect(m).toEqual({ n: N, ids: N - csv.injected.exactDuplicates - csv.injected.conflictingIds });
      const [j] = await q(
        `select count(*)::int n from read_json('${nd.files.messages}', format = 'newline_delimited', columns = {message_id: 'VARCHAR', ` +
          `thread_id: 'VARCHAR', sent_at: 'VARCHAR', sender_type: 'VARCHAR', sender_id: 'VARCHAR', patient_id: 'VARCHAR', department_id: ` +
          `'VARCHAR'})`,
      );
      expect(j).toEqual({ n: N });
      const names = (
        await q(`select name from read_csv('${csv.files.departments}', header = true, all_varchar = true, strict_mode = true)`)
      ).map((r) => r.name);
      expect(names).toContain('Pediatrics "Kids <First>" Clinic');
      expect(names).toContain('Otorhinolaryngology (Ear, Nose & Throat)');
    } finally {
      c.closeSync();
    }
  });

  it('rejects bad options with one clear message', async () => {
    const bad = (o: Partial<Parameters<typeof generateSample>[0]>) => generateSample({ outDir: join(dir, 'x'), messages: 5000, ...o });
    await expect(bad({ messages: 10 })).rejects.toThrow(/messages must be a whole number from 1000/);
    await expect(bad({ messages: 1.5e3 + 0.5 })).rejects.toThrow(/messages/);
    await expect(bad({ fromYear: 2018, toYear: 2012 })).rejects.toThrow(/from-year \(2018\) is after to-year \(2012\)/);
    await expect(bad({ format: 'xml' as 'csv' })).rejects.toThrow(/format must be csv or ndjson/);
    await expect(bad({ seed: -1 })).rejects.toBeInstanceOf(UserError);
  });

  it('reports progress, ending at the row count', async () => {
    const seen: number[] = [];
    await generateSample({
      outDir: join(dir, 'p'),
      messages: 60_000,
      seed: 1,
      fromYear: 2016,
      toYear: 2017,
      onProgress: (n) => seen.push(n),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(60_000);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });
});
