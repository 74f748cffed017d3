// Builds small lakes for tests from hand-written rows: writes them as a CSV export (the product's input
// format) and loads it through the real ingestion, `ingest()` of lib/ingest, so every golden test checks
// the whole path from an export to the figures.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../../lib/ingest/index.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';

export interface TestMessage {
  message_id: string;
  thread_id: string;
  /** ISO 8601: with Z or an offset it is absolute, without one wall-clock in the site zone. */
  sent_at: string;
  sender_type: 'patient' | 'proxy' | 'clinician' | 'system';
  sender_id?: string;
  patient_id: string;
  department_id: string;
}
export interface TestClinician {
  clinician_id: string;
  role: 'physician' | 'registered_nurse' | 'np_pa' | 'other';
  department_id: string;
}
export interface TestDepartment {
  department_id: string;
  name: string;
  care_setting: 'primary_care' | 'specialty';
  lead_emails?: string;
}
export interface TestExport {
  messages: TestMessage[];
  clinicians: TestClinician[];
  departments: TestDepartment[];
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function toCsv(header: string[], rows: Record<string, string | undefined>[]): string {
  return [header.join(','), ...rows.map((r) => header.map((h) => csvField(r[h] ?? '')).join(','))].join('\n') + '\n';
}

/** Writes the three CSV files of an export into `dir`. */
export async function writeExport(dir: string, exp: TestExport): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'messages.csv'),
    toCsv(
      ['message_id', 'thread_id', 'sent_at', 'sender_type', 'sender_id', 'patient_id', 'department_id'],
      exp.messages as unknown as Record<string, string>[],
    ),
  );
  await writeFile(
    join(dir, 'clinicians.csv'),
    toCsv(['clinician_id', 'role', 'department_id'], exp.clinicians as unknown as Record<string, string>[]),
  );
  await writeFile(
    join(dir, 'departments.csv'),
    toCsv(['department_id', 'name', 'care_setting', 'lead_emails'], exp.departments as unknown as Record<string, string>[]),
  );
}

export interface TestLake {
  root: string;
  lakeDir: string;
  cleanup(): Promise<void>;
}

/** Builds a lake from `exp` in a fresh temporary folder (one load per export, in order). */
export async function buildLake(exports: TestExport | TestExport[], settings: Settings = DEFAULT_SETTINGS): Promise<TestLake> {
  const root = await mkdtemp(join(tmpdir(), 'pp-lake-'));
  const lakeDir = join(root, 'lake');
  const list = Array.isArray(exports) ? exports : [exports];
  for (const [i, exp] of list.entries()) {
    const inputDir = join(root, `export-${i}`);
    await writeExport(inputDir, exp);
    const summary = await ingest({ inputDir, lakeDir, settings });
    // Hand-built rows are all valid: a quarantined one means the test (or ingestion) is wrong.
    if (summary.quarantined || summary.tables.clinicians.quarantined || summary.tables.departments.quarantined) {
      throw new Error(`test export ${i} had rows quarantined: ${JSON.stringify(summary.by_reason)}`);
    }
  }
  return { root, lakeDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
