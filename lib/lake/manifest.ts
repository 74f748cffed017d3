// Reading lake.json, shared by ingestion (before it writes) and the DuckDB engine (before it reads).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalTimeZone } from '../settings/validate.ts';
import { LAKE_FORMAT_VERSION, LAKE_MANIFEST, type LakeManifest } from './layout.ts';
import { UserError } from '../errors/index.ts';

/** A damaged manifest or a lake of another format: the user must act, so no stack trace. */
export class LakeManifestError extends UserError {
  override name = 'LakeManifestError';
}

/** The lake's manifest, or undefined for a folder that has none yet (a new lake). */
export function readLakeManifest(lakeDir: string): LakeManifest | undefined {
  const f = join(lakeDir, LAKE_MANIFEST);
  if (!existsSync(f)) return undefined;
  let m: LakeManifest;
  try {
    m = JSON.parse(readFileSync(f, 'utf8')) as LakeManifest;
  } catch (e) {
    throw new LakeManifestError(`${f}: not valid JSON (${(e as Error).message}); the lake's manifest is damaged`);
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    throw new LakeManifestError(`${f}: not a JSON object; the lake's manifest is damaged`);
  if (m.format_version !== LAKE_FORMAT_VERSION) {
    throw new LakeManifestError(`${f}: lake format version ${m.format_version}, this portal-pulse writes version ${LAKE_FORMAT_VERSION}`);
  }
  // An earlier portal-pulse recorded the zone as written (e.g. america/chicago): compare ICU's spelling.
  const zone = typeof m.timezone === 'string' ? canonicalTimeZone(m.timezone) : undefined;
  if (zone) m.timezone = zone;
  return m;
}
