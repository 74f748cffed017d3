// Writes a generated export as the three CSV files a site sends (RFC 4180: CRLF, quotes doubled), and prints
// one compactly for a counter-example report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedExport, MessageRow } from './export-arbitrary.ts';

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

const MESSAGE_HEADER: (keyof MessageRow)[] = [
  'message_id',
  'thread_id',
  'sent_at',
  'sender_type',
  'sender_id',
  'patient_id',
  'department_id',
];

export interface WriteOptions {
  /** Upper-case column names (the spec says they are case-insensitive). */
  upperHeader?: boolean;
  /** Write messages as NDJSON (messages.ndjson) instead of CSV; the other two files stay CSV. */
  ndjson?: boolean;
}

/** messages.csv (or .ndjson), clinicians.csv and departments.csv into `dir`. */
export function writeExport(dir: string, exp: GeneratedExport, opts: WriteOptions = {}): void {
  const header = opts.upperHeader ? MESSAGE_HEADER.map((h) => h.toUpperCase()) : MESSAGE_HEADER;
  if (opts.ndjson) {
    const lines = exp.rows.map((r) => JSON.stringify(Object.fromEntries(MESSAGE_HEADER.map((k, i) => [header[i], r[k]]))));
    writeFileSync(join(dir, 'messages.ndjson'), lines.join('\n') + '\n');
  } else {
    writeFileSync(
      join(dir, 'messages.csv'),
      csv(
        header,
        exp.rows.map((r) => MESSAGE_HEADER.map((k) => r[k])),
      ),
    );
  }
  writeFileSync(
    join(dir, 'clinicians.csv'),
    csv(
      ['clinician_id', 'role', 'department_id'],
      exp.clinicians.map((c) => [c.clinician_id, c.role, c.department_id]),
    ),
  );
  writeFileSync(
    join(dir, 'departments.csv'),
    csv(
      ['department_id', 'name', 'care_setting', 'lead_emails'],
      exp.departments.map((d) => [d.department_id, d.name, d.care_setting, d.lead_emails]),
    ),
  );
}

/** A readable dump of an export: what to paste into a regression test. */
export function describeExport(exp: GeneratedExport): string {
  const lines = [
    `settings: tz=${exp.settings.timezone} windows=${JSON.stringify(exp.settings.windows)} reply=${JSON.stringify(exp.settings.reply)} max_rounds=${exp.settings.threads.max_rounds}`,
    `study ${exp.from}..${exp.to}, month ${exp.month}, cutoff ${exp.cutoff ?? '(default)'}`,
    `departments: ${exp.departments.map((d) => `${d.department_id}:${d.care_setting}`).join(' ')}`,
    `clinicians: ${exp.clinicians.map((c) => `${c.clinician_id}:${c.role}@${c.department_id}`).join(' ')}`,
    'messages (thread order; sent_at as written -> instant):',
  ];
  const byThread = [...exp.rows].sort((a, b) => (a.thread_id < b.thread_id ? -1 : a.thread_id > b.thread_id ? 1 : 0));
  const instant = new Map(exp.reference.messages.map((m) => [m.message_id, m.sent_at]));
  for (const r of byThread) {
    const i = instant.get(r.message_id);
    lines.push(
      `  ${r.thread_id} ${r.message_id} ${r.sender_type}:${r.sender_id || '-'} ${r.department_id} ${r.sent_at} -> ${i === undefined ? 'REJECTED' : new Date(i).toISOString()}`,
    );
  }
  return lines.join('\n');
}
