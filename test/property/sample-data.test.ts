// The cross-check at a realistic shape: the project's own sample generator (two years, a few thousand
// messages, bursts, proxies, unknown clinicians, injected bad rows), ingested for real. The oracle reads the
// ACCEPTED rows back from the lake with a plain SELECT (so ingestion's validation is trusted here; the random
// exports check it separately) and must agree with runStudy and runMonthly on every spec-core figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonthly, runStudy } from '../../lib/analysis/index.ts';
import type { Engine, Row } from '../../lib/engines/engine.ts';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { ingest } from '../../lib/ingest/index.ts';
import { generateSample } from '../../lib/sample/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import {
  referenceMonthly,
  referenceStudy,
  type RefClinician,
  type RefDepartment,
  type RefMessage,
  type ReferenceInput,
} from '../oracle/reference.ts';
import { compareMonthly, compareStudy } from './compare.ts';

const settings = DEFAULT_SETTINGS;
let root = '';
let engine: Engine;
let input: ReferenceInput;

function instant(v: Row[string] | undefined): number {
  const s = String(v);
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s.replace(' ', 'T')}Z`); // the engine's session is UTC
}

const str = (v: Row[string] | undefined) => (v === null || v === undefined ? null : String(v));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pp-xcheck-sample-'));
  await generateSample({ outDir: join(root, 'export'), messages: 4000, seed: 7, fromYear: 2016, toYear: 2017 });
  await ingest({ inputDir: join(root, 'export'), lakeDir: join(root, 'lake'), settings });
  engine = await openDuckDbEngine({ lakeDir: join(root, 'lake'), timezone: settings.timezone, threads: 1 });
  const q = (name: string, sql: string) => engine.query({ name: `cross-check.${name}`, sql, params: [] });
  const messages: RefMessage[] = (
    await q('messages', 'SELECT message_id, thread_id, sent_at, sender_type, sender_id, patient_id, department_id FROM messages')
  ).map((r) => ({
    message_id: String(r.message_id),
    thread_id: String(r.thread_id),
    sent_at: instant(r.sent_at),
    sender_type: String(r.sender_type) as RefMessage['sender_type'],
    sender_id: str(r.sender_id),
    patient_id: String(r.patient_id),
    department_id: String(r.department_id),
  }));
  const clinicians = (await q('clinicians', 'SELECT clinician_id, role, department_id FROM clinicians')).map((r) => ({
    clinician_id: String(r.clinician_id),
    role: String(r.role) as RefClinician['role'],
    department_id: String(r.department_id),
  }));
  const departments = (await q('departments', 'SELECT department_id, name, care_setting, lead_emails FROM departments')).map((r) => ({
    department_id: String(r.department_id),
    name: String(r.name),
    care_setting: String(r.care_setting) as RefDepartment['care_setting'],
    lead_emails: String(r.lead_emails ?? ''),
  }));
  input = { messages, clinicians, departments };
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('cross-check on the sample export', () => {
  it('study 2016-01..2017-12 agrees with the oracle', async () => {
    expect(input.messages.length).toBeGreaterThan(3000);
    const study = await runStudy({ engine, settings, from: '2016-01', to: '2017-12' });
    const diffs = compareStudy(study, referenceStudy(input, settings, { from: '2016-01', to: '2017-12' }));
    expect(diffs).toEqual([]);
  });

  it('a mid-range study with an earlier cut-off agrees with the oracle', async () => {
    const cutoff = '2017-03-15T12:00:00.000Z';
    const study = await runStudy({ engine, settings, from: '2016-07', to: '2017-02', cutoff });
    const diffs = compareStudy(study, referenceStudy(input, settings, { from: '2016-07', to: '2017-02', cutoff: Date.parse(cutoff) }));
    expect(diffs).toEqual([]);
  });

  it('monthly reports of the two clock-change months agree with the oracle', async () => {
    for (const month of ['2016-11', '2017-03']) {
      const monthly = await runMonthly({ engine, settings, month });
      const diffs = compareMonthly(monthly, referenceMonthly(input, settings, { month }), settings.business_hours.monthly);
      expect(diffs, month).toEqual([]);
    }
  });
});
