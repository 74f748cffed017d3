// One place that turns an engine URI into an Engine: `duckdb` (or nothing) is the local DuckDB over the lake
// folder, `trino://HOST:PORT/CATALOG/SCHEMA` a Trino server whose tables `portal-pulse catalog` made.
// Adapters are loaded only when chosen, so a command that runs on Trino never loads DuckDB and --help
// loads neither.
import type { Engine } from './engine.ts';
import { EngineUriError } from './trino/uri.ts';

export interface OpenEngineOptions {
  /** The engine URI (--engine); default DuckDB. */
  uri?: string;
  /** The lake folder DuckDB reads (Trino reads the tables `portal-pulse catalog` made over it). */
  lakeDir: string;
  /** The site time zone; DuckDB refuses a lake whose local columns use another. */
  timezone?: string;
}

export const ENGINE_OPTION_HELP =
  'Where the SQL runs: duckdb (default: in-process, over --lake) or trino://HOST:PORT/CATALOG/SCHEMA ' +
  '(a Trino server, e.g. from `npm run trino:start`, with tables from `portal-pulse catalog`).';

export function isTrinoUri(uri: string | undefined): boolean {
  return !!uri && /^trinos?:\/\//i.test(uri);
}

export async function openEngine(o: OpenEngineOptions): Promise<Engine> {
  const uri = o.uri?.trim();
  if (!uri || uri.toLowerCase() === 'duckdb') {
    const { openDuckDbEngine } = await import('./duckdb/index.ts');
    return openDuckDbEngine({ lakeDir: o.lakeDir, ...(o.timezone ? { timezone: o.timezone } : {}) });
  }
  if (isTrinoUri(uri)) {
    const { openTrinoEngine, lakeTimezone, TrinoLakeZoneError } = await import('./trino/index.ts');
    const engine = openTrinoEngine(uri);
    if (o.timezone) {
      // As DuckDB refuses a lake.json of another zone: the local columns were computed in the lake's.
      const zone = await lakeTimezone(engine);
      if (zone && zone !== o.timezone) {
        await engine.close();
        throw new TrinoLakeZoneError(
          `the tables at ${uri} hold local times in ${zone} but the settings say ${o.timezone}: set "timezone": "${zone}", ` +
            `or load the export into a new lake with --timezone ${o.timezone} and run 'portal-pulse catalog' on it`,
        );
      }
    }
    return engine;
  }
  throw new EngineUriError(`--engine '${uri}': expected duckdb or trino://HOST:PORT/CATALOG/SCHEMA`);
}
