// The Trino adapter of the Engine port: a Trino server over its client REST protocol, reading the lake
// through external Hive tables (tables.ts) that `portal-pulse catalog` creates.
import { TrinoEngine, type TrinoEngineOptions } from './trino-engine.ts';
import { parseTrinoUri } from './uri.ts';
import { zoneOfComment } from './tables.ts';
import { UserError } from '../../errors/index.ts';

/** A lake whose local times are in another zone than the settings': the user fixes one of the two. */
export class TrinoLakeZoneError extends UserError {
  override name = 'TrinoLakeZoneError';
}

/**
 * The time zone recorded by `portal-pulse catalog` in the messages table's comment (the lake's lake.json),
 * or null if the table records none (made by hand, or by another tool).
 */
export async function lakeTimezone(engine: TrinoEngine): Promise<string | null> {
  const { catalog, schema } = engine.target;
  const rows = await engine.query({
    name: 'meta.lake_timezone',
    sql: `SELECT comment FROM system.metadata.table_comments WHERE catalog_name = ? AND schema_name = ? AND table_name = 'messages'`,
    params: [catalog, schema],
  });
  return zoneOfComment(rows[0]?.['comment'] as string | null | undefined);
}

export {
  TrinoEngine,
  TrinoMissingTablesError,
  TrinoQueryError,
  TrinoUnreachableError,
  statementText,
  type QueryStats,
  type TrinoEngineOptions,
} from './trino-engine.ts';
export { parseTrinoUri, EngineUriError, type TrinoTarget } from './uri.ts';
export { tableStatements, localLocation, messagesComment, zoneOfComment, LAKE_TRINO_TABLES, type TableOptions } from './tables.ts';
export { convertValue } from './convert.ts';

/** The engine for a trino:// URI (nothing is contacted until the first query). */
export function openTrinoEngine(
  uri: string,
  opts: Partial<Omit<TrinoEngineOptions, 'server' | 'catalog' | 'schema' | 'user'>> = {},
): TrinoEngine {
  return new TrinoEngine({ ...parseTrinoUri(uri), ...opts });
}
