// Every table of the study page, written as tables/<name>.csv beside study.json, parses back (with DuckDB's
// CSV reader, as a researcher's tool would) to the numbers in study.json. The expected value of each field
// is read from study.json here, by its own mapping, not by the code that wrote the table.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStudy } from '../../lib/publish/index.ts';
import type { StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { FsStorage } from '../../lib/storage/index.ts';
import { wilson as wilsonInterval } from '../../lib/stats/index.ts';
import { sampleStudy, type SampleStudy } from './study-sample.ts';

type Csv = Array<Record<string, string | null>>;
let sample: SampleStudy;
let study: StudyResult;
const csv: Record<'organisation' | 'public', Record<string, Csv>> = { organisation: {}, public: {} };

async function readCsvs(dir: string): Promise<Record<string, Csv>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const out: Record<string, Csv> = {};
  try {
    for (const f of (await readdir(dir)).filter((x) => x.endsWith('.csv')).sort()) {
      const path = join(dir, f).replaceAll("'", "''");
      const reader = await conn.runAndReadAll(
        `SELECT * FROM read_csv('${path}', header = true, all_varchar = true, delim = ',', quote = '"')`,
      );
      out[f.replace(/\.csv$/, '')] = reader.getRowObjectsJS() as Csv;
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return out;
}

beforeAll(async () => {
  sample = await sampleStudy();
  study = sample.study;
  for (const audience of ['organisation', 'public'] as const) {
    const dir = join(sample.root, `out-${audience}`);
    await publishStudy({ study, settings: DEFAULT_SETTINGS, storage: new FsStorage(dir), audience });
    csv[audience] = await readCsvs(join(dir, 'tables'));
  }
}, 300_000);

afterAll(async () => {
  await sample?.cleanup();
});

/** Each field's expected value from study.json, by table, row key and CSV column (null: no such figure). */
function expected(): Record<string, (key: string, col: string) => number | null | undefined> {
  const years = new Map(study.years.map((y) => [String(y.year), y]));
  const Y = (col: string) => years.get(col);
  const resp = (key: string) =>
    key === 'all' ? study.response : (years.get(key) as { response?: StudyResult['response'] } | undefined)?.response;
  const thr = (key: string) =>
    key === 'all' ? study.threads : (years.get(key) as { threads?: StudyResult['threads'] } | undefined)?.threads;
  const ratePart = (p: { n: number; N: number } | undefined, part: string): number | null | undefined => {
    if (!p) return undefined;
    if (part === 'numerator') return p.n;
    if (part === 'denominator') return p.N;
    if (part === 'percent') return p.N ? (100 * p.n) / p.N : null;
    const w = wilsonInterval(p.n, p.N);
    if (part === 'ci95_low') return w ? 100 * w.low : null;
    if (part === 'ci95_high') return w ? 100 * w.high : null;
    return undefined;
  };
  const split = (col: string): [string, string] => {
    const m = /^(.*)_(numerator|denominator|percent|ci95_low|ci95_high)$/.exec(col);
    return m ? [m[1]!, m[2]!] : [col, ''];
  };
  const tod = (by: 'by_role' | 'by_category') => (key: string, col: string) => {
    const d = (study.time_of_day as unknown as Record<string, Record<string, StudyResult['time_of_day']['by_role']['physician']>>)[by]?.[
      col
    ];
    if (!d) return undefined;
    return key === 'all' ? d.working.N : d.hours[Number(key)];
  };
  const windows = (by: 'by_role' | 'by_category') => (key: string, col: string) => {
    const d = (study.time_of_day as unknown as Record<string, Record<string, StudyResult['time_of_day']['by_role']['physician']>>)[by]?.[
      key
    ];
    const [w, part] = split(col);
    return d ? ratePart(d[w as 'working'], part) : undefined;
  };
  const perClinician = (f: 'mean' | 'median' | 'p90') => (key: string, col: string) =>
    Y(col) ? (Y(col)!.per_clinician[key]?.[f] ?? null) : undefined;
  const reasons = study.load.quarantined_by_reason ?? {};
  return {
    'yearly-volume': (key, col) => {
      const y = Y(col);
      if (!y) return undefined;
      return key === 'patient_side'
        ? y.messages.patient_side
        : key === 'clinician_side'
          ? y.messages.clinician_side
          : (y.messages.by_category[key] ?? 0);
    },
    growth: (key, col) => {
      const g = study.growth!;
      const first = years.get(String(g.from_year))!.messages.clinician_side;
      const last = years.get(String(g.to_year))!.messages.clinician_side;
      const e =
        key === 'all'
          ? { from: first, to: last, change: g.total_change, share: 100 }
          : { ...g.by_category[key]!, share: (100 * g.by_category[key]!.share_of_change.n) / g.by_category[key]!.share_of_change.N };
      return col === 'share_percent' ? e.share : (e as unknown as Record<string, number>)[col];
    },
    'active-senders': (key, col) => {
      const y = Y(col);
      if (!y) return undefined;
      return key === 'patients'
        ? y.active_patients
        : key === 'clinicians'
          ? y.active_clinicians.total
          : (y.active_clinicians.by_category[key] ?? 0);
    },
    'per-patient': (key, col) => Y(col)?.per_patient[key as 'mean'],
    'per-clinician-mean': perClinician('mean'),
    'per-clinician-median': perClinician('median'),
    'per-clinician-p90': perClinician('p90'),
    'hours-by-role': tod('by_role'),
    'hours-by-category-primary_care': tod('by_category'),
    'hours-by-category-specialty': tod('by_category'),
    'windows-by-role': windows('by_role'),
    'windows-by-category': windows('by_category'),
    'response-by-year': (key, col) => {
      const r = resp(key);
      if (!r) return undefined;
      if (col === 'median_hours' || col === 'p90_hours') return r[col];
      const [f, part] = split(col);
      return ratePart(r[f as 'within_1d'], part);
    },
    'outcome-by-year': (key, col) => {
      const r = resp(key);
      if (!r) return undefined;
      if (col === 'unanswered' || col === 'pending') return r[col];
      const [f, part] = split(col);
      const p =
        (r as unknown as Record<string, { n: number; N: number }>)[f] ??
        (f === 'reply_rate'
          ? { n: r.within_1d.N, N: r.within_1d.N + r.unanswered }
          : f === 'within_1d_of_all'
            ? { n: r.within_1d.n, N: r.within_1d.N + r.unanswered }
            : { n: r.within_3d.n, N: r.within_1d.N + r.unanswered });
      return ratePart(p, part);
    },
    'response-by-category': (key, col) => {
      const [f, part] = split(col);
      const src = key === 'all' ? study.response : study.response.by_category[key];
      return src ? ratePart(src[f as 'within_1d'], part) : undefined;
    },
    delays: (key, col) => {
      const i = study.response.delay_histogram!.findIndex(
        (b) => (b.to_hours === null ? `${b.from_hours}+` : `${b.from_hours}-${b.to_hours}`) === key,
      );
      return ratePart({ n: study.response.delay_histogram![i]!.count, N: study.response.within_1d.N }, split(col)[1]);
    },
    'rounds-by-year': (key, col) => {
      const t = thr(key);
      if (!t) return undefined;
      if (col.startsWith('rounds_')) return t.rounds[col.slice(7).replace('5plus', '5+') as '1'];
      if (col === 'threads') return t.le4_rounds.N;
      return ratePart(t.le4_rounds, split(col)[1]);
    },
    'rounds-by-starter': (key, col) => {
      const t = thr(key);
      const [who, part] = split(col);
      return t ? ratePart(t.by_starter[who as 'patient'].le4_rounds, part) : undefined;
    },
    'data-quality': (key) => {
      const l = study.load;
      if (key.startsWith('quarantined:')) return reasons[key.slice('quarantined:'.length)];
      if (key === 'lake_messages') return study.lake.messages;
      return (
        { rows_read: l.rows_read, accepted: l.accepted, duplicates: l.duplicates, quarantined: l.quarantined } as Record<string, number>
      )[key];
    },
  };
}

function close(actual: number, want: number, col: string): boolean {
  // Percent and interval fields are written to 4 decimals; counts and statistics as in study.json.
  return /percent|ci95/.test(col) ? Math.abs(actual - want) <= 0.00006 : actual === want;
}

describe('tables/<name>.csv', () => {
  it('writes every table of the page, the by-year ones included', () => {
    const names = Object.keys(csv.organisation);
    for (const n of [
      'yearly-volume',
      'growth',
      'active-senders',
      'per-patient',
      'per-clinician-mean',
      'hours-by-role',
      'windows-by-role',
      'response-by-year',
      'outcome-by-year',
      'rounds-by-year',
      'rounds-by-starter',
      'data-quality',
    ]) {
      expect(names).toContain(n);
    }
    expect(Object.keys(csv.public).sort()).toEqual(names.sort());
  });

  it('organisation: every field parses back to the number in study.json (none hidden on the sample)', () => {
    const want = expected();
    let checked = 0;
    for (const [name, rows] of Object.entries(csv.organisation)) {
      const f = want[name];
      expect(f, `an expectation for ${name}`).toBeDefined();
      for (const r of rows) {
        for (const [col, v] of Object.entries(r)) {
          if (col === 'key' || col === 'label') continue;
          const e = f!(r['key']!, col);
          expect(e, `${name} ${r['key']} ${col}: a field study.json has`).not.toBeUndefined();
          if (e === null) {
            expect(v, `${name} ${r['key']} ${col}`).toBeNull();
            continue;
          }
          expect(v, `${name} ${r['key']} ${col}`).not.toBeNull();
          expect(close(Number(v), e!, col), `${name} ${r['key']} ${col}: ${v} vs ${e}`).toBe(true);
          checked++;
        }
      }
    }
    // Eight years of by-year figures, hours by role and by category: about 1,800 fields on the sample.
    expect(checked).toBeGreaterThan(1700);
  });

  it('public: a shown field is the number in study.json, a hidden one is empty, and no shown count is from 1 to 10', () => {
    const want = expected();
    let hidden = 0;
    for (const [name, rows] of Object.entries(csv.public)) {
      for (const r of rows) {
        for (const [col, v] of Object.entries(r)) {
          if (col === 'key' || col === 'label') continue;
          const e = want[name]!(r['key']!, col);
          if (v === null) {
            if (e !== null) hidden++;
            continue;
          }
          expect(close(Number(v), e!, col), `${name} ${r['key']} ${col}: ${v} vs ${e}`).toBe(true);
          const isCount = !/percent|ci95|mean|median|p90|share/.test(col) && !/^per-/.test(name) && name !== 'growth';
          if (isCount) expect(Number(v) >= 1 && Number(v) <= 10, `${name} ${r['key']} ${col} = ${v} is shown`).toBe(false);
        }
      }
    }
    // The sample's small cells (a rare category, night hours, quarantine reasons) are hidden.
    expect(hidden).toBeGreaterThan(0);
  });

  it('is RFC 4180 with CRLF and a header that names each field of a rate', async () => {
    const dir = join(sample.root, 'out-organisation', 'tables');
    const text = await readFile(join(dir, 'windows-by-role.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      'key,label,' +
        ['working', 'evening', 'night', 'weekend']
          .map((w) => ['numerator', 'denominator', 'percent', 'ci95_low', 'ci95_high'].map((p) => `${w}_${p}`).join(','))
          .join(','),
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toMatch(/\r\nphysician/);
  });
});
