// No patient identifier in any model: the results carry none, and a result that (wrongly) carried some
// must not pass them through. Models carry no id but department ids.
import { describe, expect, it } from 'vitest';
import { buildDepartmentReport, buildOrganisationReport, buildStudyReport } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { loadMonthly, loadStudy, walk } from './fixtures.ts';

const PATIENT_IDS = ['P000123', 'P004567', 'P998877'];

function plant<T>(result: T): T {
  // Sneak identifiers in everywhere a careless analysis might put them (collect first: planting adds objects).
  const targets: Array<Record<string, unknown>> = [];
  walk(result, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && ('messages' in v || 'patient_side' in v))
      targets.push(v as Record<string, unknown>);
  });
  for (const o of targets) {
    o['patient_id'] = PATIENT_IDS[0];
    o['patient_ids'] = PATIENT_IDS;
    o['top_patients'] = [{ patient_id: PATIENT_IDS[1], messages: 40 }];
  }
  expect(targets.length).toBeGreaterThan(5);
  return result;
}

function assertClean(model: unknown, allowedIds: string[]): void {
  const text = JSON.stringify(model);
  for (const id of PATIENT_IDS) expect(text).not.toContain(id);
  walk(model, (k) => {
    if (k !== null) expect(k, 'field name').not.toMatch(/patient_?id|sender_?id|message_?id|thread_?id|clinician_?id/i);
  });
  // The only "id" fields are department ids, table keys and chart ids.
  walk(model, (k, v) => {
    if (k === 'id' && typeof v === 'string' && v.startsWith('d-')) expect(allowedIds).toContain(v);
  });
}

describe('no patient identifier in a model', () => {
  it('department, organisation and study models built from results carrying patient ids do not contain them', () => {
    const monthly = plant(loadMonthly());
    const ids = Object.keys(monthly.departments);
    for (const id of ids) assertClean(buildDepartmentReport(monthly, id, DEFAULT_SETTINGS), ids);
    assertClean(buildOrganisationReport(monthly, DEFAULT_SETTINGS), ids);
    assertClean(buildStudyReport(plant(loadStudy()), DEFAULT_SETTINGS), []);
  });

  it('the check itself finds a planted id (it can fail)', () => {
    expect(() => assertClean({ note: `from ${PATIENT_IDS[2]}` }, [])).toThrow();
    expect(() => assertClean({ patient_id: 'x' }, [])).toThrow();
  });
});
