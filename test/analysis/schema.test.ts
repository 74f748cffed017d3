// The shipped JSON Schema accepts real results and rejects broken ones with a message naming the place.
import { describe, expect, it } from 'vitest';
import { validateResult } from '../../lib/analysis/index.ts';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';

const p = (n: number, N: number) => ({ n, N });
const section = (): MonthlyResult['organisation'] => ({
  messages: { patient_side: 2, clinician_side: 1, by_category: { 'physician/primary_care': 1 } },
  active_patients: 1,
  active_clinicians: { total: 1, by_category: { 'physician/primary_care': 1 } },
  after_hours: { evening: p(0, 1), night: p(0, 1), weekend: p(0, 1) },
  response: {
    within_1d: p(1, 1),
    within_3d: p(1, 1),
    unanswered: 0,
    pending: 1,
    reply_rate: p(1, 1),
    within_1d_of_all: p(1, 1),
    within_3d_of_all: p(1, 1),
    median_hours: 2,
  },
  threads: { le4_rounds: p(1, 1) },
});
const monthly = (): MonthlyResult => ({
  kind: 'monthly',
  schema_version: 1,
  month: '2017-06',
  timezone: 'America/Chicago',
  data_cutoff: '2017-07-01T00:00:00.000Z',
  preliminary: true,
  complete_at: '2017-07-04T04:59:59.999Z',
  lake: { messages: 3 },
  settings: DEFAULT_SETTINGS as unknown as Record<string, unknown>,
  organisation: section(),
  departments: { D1: { name: 'Family', care_setting: 'primary_care', ...section() } },
});
const study = (): StudyResult => ({
  kind: 'study',
  schema_version: 1,
  from: '2017-01',
  to: '2017-12',
  timezone: 'America/Chicago',
  data_cutoff: '2018-01-01T00:00:00.000Z',
  settings: {},
  years: [],
  time_of_day: {
    by_role: { physician: { hours: new Array(24).fill(0), working: p(0, 0), evening: p(0, 0), night: p(0, 0), weekend: p(0, 0) } },
    by_category: {
      'physician/primary_care': { hours: new Array(24).fill(0), working: p(0, 0), evening: p(0, 0), night: p(0, 0), weekend: p(0, 0) },
    },
  },
  response: {
    within_1d: p(0, 0),
    within_3d: p(0, 0),
    unanswered: 0,
    pending: 0,
    reply_rate: p(0, 0),
    within_1d_of_all: p(0, 0),
    within_3d_of_all: p(0, 0),
    median_hours: null,
    p90_hours: null,
    by_category: {},
  },
  threads: {
    le4_rounds: p(0, 0),
    rounds: { '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0 },
    by_starter: { patient: { le4_rounds: p(0, 0) }, clinician: { le4_rounds: p(0, 0) } },
  },
  load: { rows_read: 0, accepted: 0, duplicates: 0, quarantined: 0 },
  lake: { messages: 0 },
  growth: {
    from_year: 2016,
    to_year: 2017,
    total_change: -2,
    by_category: { 'physician/primary_care': { from: 3, to: 1, change: -2, share_of_change: p(-2, -2) } },
  },
});

type Json = Record<string, unknown>;
/** The nested object at `path` of a result, to break it on purpose. */
function at(o: unknown, ...path: string[]): Json {
  return path.reduce((x, k) => (x as Json)[k], o) as Json;
}

describe('validateResult', () => {
  it('accepts well-formed files, negative growth shares included', () => {
    expect(validateResult(monthly())).toEqual({ valid: true, errors: [] });
    expect(validateResult(study())).toEqual({ valid: true, errors: [] });
  });

  it('rejects an unknown kind', () => {
    expect(validateResult({ kind: 'weekly' })).toEqual({ valid: false, errors: ['/kind: must be "study" or "monthly", got "weekly"'] });
    expect(validateResult(null).valid).toBe(false);
  });

  it('names the place of each problem', () => {
    const m = monthly() as unknown as Json;
    m.month = '2017-6';
    at(m, 'organisation', 'messages').patient_side = '2';
    at(m, 'organisation', 'response').within_1d = { n: 1 };
    at(m, 'departments', 'D1', 'messages').by_category = { physician: 1 };
    delete m.data_cutoff;
    const { valid, errors } = validateResult(m);
    expect(valid).toBe(false);
    const text = errors.join('\n');
    expect(text).toMatch(/\/month: must match pattern/);
    expect(text).toMatch(/\/organisation\/messages\/patient_side: must be integer/);
    expect(text).toMatch(/\/organisation\/response\/within_1d: must have required property 'N'/);
    expect(text).toMatch(/\/departments\/D1\/messages\/by_category: property name must be valid/);
    expect(text).toMatch(/\/: must have required property 'data_cutoff'/);
  });

  it('rejects a proportion whose n exceeds N, a negative count and a short hour histogram', () => {
    const m = monthly() as unknown as Json;
    at(m, 'organisation', 'threads').le4_rounds = { n: 3, N: 2 };
    at(m, 'organisation').active_patients = -1;
    at(m, 'organisation').clinician_hours = [1, 2, 3];
    const errors = validateResult(m).errors.join('\n');
    expect(errors).toMatch(/\/organisation\/threads\/le4_rounds: n \(3\) exceeds N \(2\)/);
    expect(errors).toMatch(/\/organisation\/active_patients: must be >= 0/);
    expect(errors).toMatch(/\/organisation\/clinician_hours: must NOT have fewer than 24 items/);
  });

  it('requires the fields of issues 9 and 10: preliminary, lake, the shares of all, by-year figures, time of day by category', () => {
    const m = monthly() as unknown as Json;
    delete m.preliminary;
    delete m.lake;
    delete at(m, 'organisation', 'response').reply_rate;
    const mErrors = validateResult(m).errors.join('\n');
    expect(mErrors).toMatch(/\/: must have required property 'preliminary'/);
    expect(mErrors).toMatch(/\/: must have required property 'lake'/);
    expect(mErrors).toMatch(/\/organisation\/response: must have required property 'reply_rate'/);
    const s = study() as unknown as Json;
    (s.years as unknown[]).push({
      year: 2017,
      messages: { patient_side: 0, clinician_side: 0, by_category: {} },
      active_patients: 0,
      active_clinicians: { total: 0, by_category: {} },
      per_patient: { mean: 0, median: 0, p90: 0 },
      per_clinician: {},
    });
    delete at(s, 'time_of_day').by_category;
    delete at(s, 'response').within_1d_of_all;
    const sErrors = validateResult(s).errors.join('\n');
    expect(sErrors).toMatch(/\/years\/0: must have required property 'response'/);
    expect(sErrors).toMatch(/\/years\/0: must have required property 'threads'/);
    expect(sErrors).toMatch(/\/time_of_day: must have required property 'by_category'/);
    expect(sErrors).toMatch(/\/response: must have required property 'within_1d_of_all'/);
  });

  it('rejects a study with a misspelt round key or an unknown role', () => {
    const s = study() as unknown as Json;
    at(s, 'threads', 'rounds')['5plus'] = 0;
    at(s, 'time_of_day', 'by_role').surgeon = at(s, 'time_of_day', 'by_role', 'physician');
    const errors = validateResult(s).errors.join('\n');
    expect(errors).toMatch(/\/threads\/rounds: must NOT have additional properties \(5plus\)/);
    expect(errors).toMatch(/\/time_of_day\/by_role: property name must be valid/);
  });
});
