// The Trino adapter of the Engine port: a Trino server over its client REST protocol, reading the lake
// through external Hive tables (tables.ts) that `portal-pulse catalog` creates.
import { TrinoEngine, type TrinoEngineOptions } from './trino-engine.ts';
import { parseTrinoUri } from './uri.ts';

export { TrinoEngine, TrinoQueryError, TrinoUnreachableError, statementText, type QueryStats, type TrinoEngineOptions } from './trino-engine.ts';
export { parseTrinoUri, EngineUriError, type TrinoTarget } from './uri.ts';
export { tableStatements, localLocation, LAKE_TRINO_TABLES, type TableOptions } from './tables.ts';
export { convertValue } from './convert.ts';

/** The engine for a trino:// URI (nothing is contacted until the first query). */
export function openTrinoEngine(uri: string, opts: Partial<Omit<TrinoEngineOptions, 'server' | 'catalog' | 'schema' | 'user'>> = {}): TrinoEngine {
  return new TrinoEngine({ ...parseTrinoUri(uri), ...opts });
}
