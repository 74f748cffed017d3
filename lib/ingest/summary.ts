// The human-readable load summary printed by `portal-pulse ingest`.
import type { LoadSummary } from './types.ts';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

export function formatSummary(s: LoadSummary): string {
  const rows: string[][] = [['table', 'file', 'rows read', 'accepted', 'duplicates', 'quarantined']];
  for (const [name, t] of Object.entries(s.tables)) {
    rows.push([name, t.source_file, n(t.rows_read), n(t.accepted), n(t.duplicates), n(t.quarantined)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `Load ${s.load_id} (time zone ${s.timezone}) in ${s.seconds.toFixed(1)} s`,
    '',
    fmt(rows[0]!),
    fmt(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(fmt),
  ];
  const reasons = Object.entries(s.tables).flatMap(([name, t]) =>
    Object.entries(t.by_reason).map(([r, c]) => `  ${name}: ${r}`.padEnd(44) + n(c).padStart(10)),
  );
  if (reasons.length) out.push('', 'Quarantined by reason:', ...reasons);
  out.push(
    '',
    `Messages: ${n(s.messages.new)} new, ${n(s.messages.updated)} updated, ${n(s.messages.unchanged)} already in the lake unchanged.`,
    `Daylight saving: ${n(s.dst.repeated)} wall-clock times in a repeated hour (earlier offset taken), ` +
      `${n(s.dst.skipped)} in a skipped hour (moved forward).`,
    `Lake: ${s.written.length} files written, ${s.deleted.length} removed.` +
      (s.quarantined || Object.values(s.tables).some((t) => t.quarantined) ? ` Quarantined rows: quarantine/${s.load_id}.csv` : ''),
  );
  return out.join('\n');
}
