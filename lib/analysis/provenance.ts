// What a study was computed from, so that two runs on the same data can be seen to be the same: the
// portal-pulse version and a fingerprint of the lake's loads; and the messages' quarantine reasons summed
// over the loads' own records (each load writes its summary, reasons included, into loads/<load_id>.parquet).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Engine } from '../engines/engine.ts';
import { loadRecordsQuery } from '../queries/index.ts';
import type { Provenance } from '../results/types.ts';
import { num, runQuery, str } from './rows.ts';

/** The version in package.json ("unknown" where the file is not shipped, e.g. a bundled Lambda). */
export function portalPulseVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface LoadRecords {
  provenance: Provenance;
  /** Quarantined message rows by reason over every load; null when a load did not record its reasons. */
  quarantinedByReason: Record<string, number> | null;
}

/**
 * The fingerprint is a SHA-256 over each load's id and counts, in load order: a new load, or a load
 * rolled back, changes it; re-running the study on the same lake does not. Load ids are unique per
 * load (time and random), so loading the same export again into a new lake gives another fingerprint.
 */
export async function loadRecords(engine: Engine): Promise<LoadRecords> {
  const rows = await runQuery(engine, loadRecordsQuery, {});
  const hash = createHash('sha256');
  const reasons: Record<string, number> = {};
  let allRecorded = rows.length > 0;
  for (const r of rows) {
    const counts = ['rows_read', 'accepted', 'duplicates', 'quarantined'].map((c) => num(r, c));
    hash.update(`${str(r, 'load_id') ?? ''}\t${counts.join('\t')}\n`);
    const byReason = reasonsOf(str(r, 'summary_json'));
    if (byReason === null) {
      allRecorded = false;
      continue;
    }
    for (const [k, n] of Object.entries(byReason)) reasons[k] = (reasons[k] ?? 0) + n;
  }
  return {
    provenance: { portal_pulse_version: portalPulseVersion(), lake_fingerprint: `sha256:${hash.digest('hex')}`, loads: rows.length },
    quarantinedByReason: allRecorded ? Object.fromEntries(Object.entries(reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) : null,
  };
}

/** The `by_reason` counts of a load summary (the messages table's), or null when absent or unreadable. */
function reasonsOf(json: string | null): Record<string, number> | null {
  if (!json) return null;
  try {
    const s = JSON.parse(json) as { by_reason?: unknown };
    if (!s.by_reason || typeof s.by_reason !== 'object') return null;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(s.by_reason as Record<string, unknown>)) if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
    return out;
  } catch {
    return null;
  }
}
