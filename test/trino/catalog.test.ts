// `portal-pulse catalog` on a real Trino: it creates the lake's tables (read in place), can run again,
// never touches the files, and its partition projection sees a month loaded later with no new DDL.
// Then `study --engine trino://…` writes the study that DuckDB writes.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as catalog } from '../../lib/cli/commands/catalog.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { lakeTimezone, openTrinoEngine, type TrinoEngine } from '../../lib/engines/trino/index.ts';
import { openEngine } from '../../lib/engines/open.ts';
import { runStudy } from '../../lib/analysis/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { msg, tinyExport } from '../helpers/exports.ts';
import { buildLake, writeExport, type TestLake } from '../helpers/lake.ts';
import { boundEngine, expectSameResult, trinoUri } from './helpers.ts';

const run = promisify(execFile);

function files(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = statSync(p).mtimeMs;
    }
  };
  walk(dir);
  return out;
}

async function counts(engine: TrinoEngine): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['messages', 'clinicians', 'departments', 'loads']) {
    const [r] = await engine.query({ name: t, sql: `SELECT count(*) AS n FROM ${t}`, params: [] });
    out[t] = Number(r!.n);
  }
  return out;
}

describe('portal-pulse catalog', () => {
  let lake: TestLake;
  let uri: string;
  let engine: TrinoEngine;
  const printed: string[] = [];
  const catalogRun = async () => {
    const log = console.log;
    console.log = (...a: unknown[]) => void printed.push(a.join(' '));
    try {
      return await catalog.run({ engine: uri, lake: lake.lakeDir }, []);
    } finally {
      console.log = log;
    }
  };
  beforeAll(async () => {
    lake = await buildLake(tinyExport());
    uri = trinoUri().replace(/\/[^/]+$/, `/catalog_${randomBytes(3).toString('hex')}`);
    engine = openTrinoEngine(uri);
  });
  afterAll(async () => {
    await engine?.close();
    await lake?.cleanup();
  });

  it('creates the schema and the four tables over the lake, with the rows DuckDB reads', async () => {
    expect(await catalogRun()).toBe(0);
    const duck = await openDuckDbEngine({ lakeDir: lake.lakeDir });
    const want: Record<string, number> = {};
    for (const t of ['messages', 'clinicians', 'departments', 'loads']) {
      const [r] = await duck.query({ name: t, sql: `SELECT count(*) AS n FROM ${t}`, params: [] });
      want[t] = Number(r!.n);
    }
    await duck.close();
    expect(want.messages).toBeGreaterThan(0);
    expect(await counts(engine)).toEqual(want);
    expect(printed.join('\n')).toMatch(/messages: \d+ rows/);
  });

  it('reads the Parquet timestamps as the instants ingestion wrote (UTC), and the local columns as written', async () => {
    const rows = await engine.query({
      name: 'ts',
      sql: 'SELECT message_id, sent_at, local_ts, local_hour, year, month FROM messages ORDER BY message_id',
      params: [],
    });
    // m1 was sent 2017-06-05T09:00-05:00 = 14:00Z, 09:00 wall clock in Chicago.
    expect(rows[0]).toMatchObject({
      message_id: 'm1',
      sent_at: '2017-06-05T14:00:00.000Z',
      local_ts: '2017-06-05T09:00:00.000Z',
      local_hour: 9,
      year: 2017,
      month: 6,
    });
  });

  it('runs again safely: same tables, same rows, no lake file touched', async () => {
    const before = files(lake.lakeDir);
    const rowsBefore = await counts(engine);
    expect(await catalogRun()).toBe(0);
    expect(await counts(engine)).toEqual(rowsBefore);
    expect(files(lake.lakeDir)).toEqual(before);
  });

  it('sees a month loaded later through partition projection, with no new DDL', async () => {
    const later = join(lake.root, 'later');
    await writeExport(later, {
      ...tinyExport(),
      messages: [msg('n1', 'u1', '2018-03-05T09:00:00-06:00', 'patient'), msg('n2', 'u1', '2018-03-05T10:00:00-06:00', 'clinician', 'C1')],
    });
    await ingest({ inputDir: later, lakeDir: lake.lakeDir, settings: DEFAULT_SETTINGS });
    const [r] = await engine.query({
      name: 'march',
      sql: 'SELECT count(*) AS n FROM messages WHERE year = ? AND month = ?',
      params: [2018, 3],
    });
    expect(r!.n).toBe(2);
  });

  it("records the lake's time zone, and a run whose settings say another zone is refused as a user error", async () => {
    expect(await lakeTimezone(engine)).toBe('America/Chicago');
    const ok = await openEngine({ uri, lakeDir: lake.lakeDir, timezone: 'America/Chicago' });
    await ok.close();
    await expect(openEngine({ uri, lakeDir: lake.lakeDir, timezone: 'Europe/Paris' })).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/hold local times in America\/Chicago but the settings say Europe\/Paris/),
    });
  });

  it('refuses a folder that is not a lake, and a missing --engine, as user errors', async () => {
    await expect(catalog.run({ engine: uri, lake: join(lake.root, 'nope') }, [])).rejects.toThrow(/is not a portal-pulse lake/);
    await expect(catalog.run({ lake: lake.lakeDir }, [])).rejects.toThrow(/--engine is required/);
  });

  it('lets `study --engine trino://…` write the study.json DuckDB writes', async () => {
    const cli = join(process.cwd(), 'bin', 'portal-pulse.js');
    const args = ['study', '--lake', lake.lakeDir, '--from', '2017-06', '--to', '2017-06'];
    await run('node', [cli, ...args, '--out', join(lake.root, 'out-duckdb')]);
    const { stdout } = await run('node', [cli, ...args, '--engine', uri, '--out', join(lake.root, 'out-trino')]);
    expect(stdout).toMatch(/wrote .*out-trino\/study\.json/);
    const t = JSON.parse(readFileSync(join(lake.root, 'out-trino', 'study.json'), 'utf8'));
    const d = JSON.parse(readFileSync(join(lake.root, 'out-duckdb', 'study.json'), 'utf8'));
    expect(t.engine).toEqual({ name: 'trino', percentiles: 'approximate' });
    const duck = await openDuckDbEngine({ lakeDir: lake.lakeDir });
    const bounds = await Promise.all(
      (['low', 'high'] as const).map((side) =>
        runStudy({ engine: boundEngine(duck, side), settings: DEFAULT_SETTINGS, from: '2017-06', to: '2017-06', cutoff: d.data_cutoff }),
      ),
    );
    await duck.close();
    expectSameResult(t, d, bounds[0], bounds[1]);
  });
});
