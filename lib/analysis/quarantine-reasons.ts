// The messages' quarantine reasons over every load, read from the loads' own records: each load writes its
// summary (`by_reason` included) into loads/<load_id>.parquet, so the study can give the data-quality counts
// by reason without reading the quarantine files (which hold raw rows, for the analytics team only).
import type { Engine } from '../engines/engine.ts';
import { loadReasonsQuery } from '../queries/index.ts';
import { runQuery } from './rows.ts';

/** Quarantined message rows by reason, most frequent first; null when a load did not record its reasons. */
export async function quarantineReasons(engine: Engine): Promise<Record<string, number> | null> {
  const rows = await runQuery(engine, loadReasonsQuery, {});
  const reasons: Record<string, number> = {};
  for (const r of rows) {
    const byReason = reasonsOf(r.str('summary_json'));
    if (byReason === null) return null;
    for (const [k, n] of Object.entries(byReason)) reasons[k] = (reasons[k] ?? 0) + n;
  }
  return Object.fromEntries(Object.entries(reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** The `by_reason` counts of a load summary (the messages table's), or null when absent or unreadable. */
function reasonsOf(json: string | null): Record<string, number> | null {
  if (!json) return null;
  try {
    const s = JSON.parse(json) as { by_reason?: unknown };
    if (!s.by_reason || typeof s.by_reason !== 'object') return null;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(s.by_reason as Record<string, unknown>))
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
    return out;
  } catch {
    return null;
  }
}
