// `portal-pulse catalog`: creates the schema and the lake's external tables on a Trino server, so that
// `--engine trino://…` can run the study and the monthly reports on it. The tables come from
// lib/lake/layout.ts, like the CDK's Glue tables for Athena.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { optionalString, requireString, UsageError, type Command } from '../command.ts';
import { LAKE_MANIFEST, LAKE_TABLES } from '../../lake/layout.ts';
import { readLakeManifest } from '../../lake/manifest.ts';

/** Years of the lake's messages folders (year=YYYY), sorted; empty for a lake without messages. */
function lakeYears(lakeDir: string): number[] {
  const dir = join(lakeDir, LAKE_TABLES.messages);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => /^year=(\d{4})$/.exec(n)?.[1])
    .filter((y): y is string => !!y)
    .map(Number)
    .sort((a, b) => a - b);
}

/** "2010-2045" → [2010, 2045]. */
function parseYears(text: string): [number, number] {
  const m = /^(\d{4})-(\d{4})$/.exec(text.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--years must be FIRST-LAST, e.g. 2010-2045, got '${text}'`);
  return [Number(m[1]), Number(m[2])];
}

/** Default projection: the lake's first year (or this year) to 10 years past its last year (or this year). */
export function defaultYears(lakeDir: string, now = new Date()): [number, number] {
  const years = lakeYears(lakeDir);
  const thisYear = now.getUTCFullYear();
  return [Math.min(years[0] ?? thisYear, thisYear), Math.max(years[years.length - 1] ?? thisYear, thisYear) + 10];
}

export const command: Command = {
  name: 'catalog',
  summary: "Create the lake's tables on a Trino server (for --engine trino://...).",
  description: `
Creates the schema of --engine and, in it, the external tables messages, clinicians, departments and loads
over the Parquet files of --lake, read in place. messages uses partition projection on year and month, the
same keys, digits and template as the Athena (Glue) tables of the CDK app: a month loaded later is seen
at once, with no partition to register. The column lists come from the lake layout that ingestion
writes, so the tables cannot drift from the files.

Running it again is safe: each table is dropped and created anew (the tables are external: dropping one
never deletes a file), so a moved lake or a newer layout replaces the old definition. The Trino server must
read the lake folder at the same path (a local server does: 'npm run trino:start').`,
  options: {
    engine: {
      type: 'string',
      valueName: 'URI',
      description: 'The Trino server and the schema to create: trino://HOST:PORT/CATALOG/SCHEMA (required).',
    },
    lake: { type: 'string', valueName: 'DIR', description: 'The lake folder written by `portal-pulse ingest`.', default: 'data/lake' },
    years: {
      type: 'string',
      valueName: 'FIRST-LAST',
      description: "Years partition projection enumerates (default: the lake's first year to 10 years past its last).",
    },
  },
  examples: [
    'npm run trino:start   # prints trino://127.0.0.1:18089/hive/portal_pulse',
    'portal-pulse catalog --engine trino://127.0.0.1:18089/hive/portal_pulse --lake data/lake',
    'portal-pulse study --engine trino://127.0.0.1:18089/hive/portal_pulse --out data/results-trino',
  ],
  async run(values) {
    const uri = requireString(values, 'engine', 'catalog');
    const lake = resolve(optionalString(values, 'lake') ?? 'data/lake');
    if (!existsSync(join(lake, LAKE_MANIFEST)) && !existsSync(join(lake, LAKE_TABLES.messages))) {
      throw new UsageError(
        `${lake} is not a portal-pulse lake (no ${LAKE_MANIFEST} and no ${LAKE_TABLES.messages}/ folder): ` +
          `load one with 'portal-pulse ingest --input EXPORT --lake DIR'`,
      );
    }
    const years = optionalString(values, 'years') ? parseYears(optionalString(values, 'years')!) : defaultYears(lake);
    const { openTrinoEngine, tableStatements, LAKE_TRINO_TABLES } = await import('../../engines/trino/index.ts');
    const engine = openTrinoEngine(uri);
    try {
      const { catalog, schema } = engine.target;
      const timezone = readLakeManifest(lake)?.timezone;
      for (const sql of tableStatements({ catalog, schema, lakeDir: lake, projectionYears: years, ...(timezone ? { timezone } : {}) })) {
        await engine.query({ name: 'catalog.ddl', sql, params: [] });
      }
      console.log(
        `catalog ${catalog}.${schema} over ${lake} ` +
          `(messages projected over ${years[0]}-${years[1]}${timezone ? `, local times in ${timezone}` : ''})`,
      );
      for (const t of LAKE_TRINO_TABLES) {
        const [row] = await engine.query({ name: `catalog.count.${t}`, sql: `SELECT count(*) AS n FROM ${t}`, params: [] });
        console.log(`  ${t}: ${Number(row?.['n'] ?? 0).toLocaleString('en-US')} rows`);
      }
    } finally {
      await engine.close();
    }
    return 0;
  },
};
