import { DuckDBInstance, DuckDBConnection } from '@duckdb/node-api';
const orig = DuckDBConnection.prototype.run;
DuckDBConnection.prototype.run = async function (sql: string, ...rest: unknown[]) {
  const t = Date.now(); const c = process.cpuUsage();
  const r = await (orig as Function).call(this, sql, ...rest);
  const u = process.cpuUsage(c);
  console.error(`${Date.now() - t}ms wall ${((u.user + u.system) / 1000).toFixed(0)}ms cpu :: ${sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  return r;
} as typeof orig;
const { ingest } = await import('./lib/ingest/index.ts');
const { resolveSettings } = await import('./lib/settings/index.ts');
const s = await ingest({ inputDir: process.argv[2]!, lakeDir: process.argv[3]!, settings: resolveSettings({}) });
console.log(s.seconds, s.rows_read, s.accepted);
