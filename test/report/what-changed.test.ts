// "What changed": the largest change on last month beyond chance, and what carried it; nothing otherwise.
import { describe, expect, it } from 'vitest';
import { buildDepartmentReport, buildOrganisationReport } from '../../lib/report/index.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { loadMonthly } from './fixtures.ts';

/** The fixture with last month set as each test needs (only the fields the sentence reads change). */
function withPrevious(edit: (prev: NonNullable<MonthlyResult['previous_month']>) => void): MonthlyResult {
  const m = { ...loadMonthly(), preliminary: false };
  // Last month = this month, so nothing changed; then the edit.
  const prev = JSON.parse(JSON.stringify({ month: '2017-05', organisation: m.organisation, departments: m.departments })) as NonNullable<
    MonthlyResult['previous_month']
  >;
  edit(prev);
  return { ...m, previous_month: prev };
}

describe('what changed', () => {
  it('nothing beyond chance when last month had the same figures', () => {
    const m = withPrevious(() => {});
    expect(buildOrganisationReport(m, DEFAULT_SETTINGS).whatChanged).toBeNull();
    expect(buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS).whatChanged).toBeNull();
  });

  it('the organisation: patient messages rose by 300 (8.1%), most of it in one department', () => {
    // 4,009 against 3,709: z = 300/sqrt(7,718) = 3.4. Family Medicine carried 250 of the 300.
    const m = withPrevious((p) => {
      p.organisation.messages.patient_side -= 300;
      p.departments['d-fam']!.messages.patient_side -= 250;
      p.departments['d-int']!.messages.patient_side -= 50;
    });
    expect(buildOrganisationReport(m, DEFAULT_SETTINGS).whatChanged).toBe(
      'Patient messages rose by 300 (8.1%) on May 2017, most of it in Family Medicine (+250).',
    );
  });

  it('a department: clinician messages fell, the largest part in one category', () => {
    // d-fam sent 2,033; last month 2,333 (z = -300/sqrt(4,366) = -4.5); physicians carried 120 of it.
    const m = withPrevious((p) => {
      const d = p.departments['d-fam']!;
      d.messages.clinician_side += 300;
      d.messages.by_category['physician/primary_care']! += 120;
      d.messages.by_category['registered_nurse/primary_care']! += 100;
      d.messages.by_category['np_pa/primary_care']! += 80;
    });
    expect(buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS).whatChanged).toBe(
      'Clinician messages fell by 300 (12.9%) on May 2017, the largest part in Physician, primary care (\u2212120).',
    );
  });

  it('a rate: the largest |z| wins over a smaller change in volume', () => {
    // Within 1 day of all: 1,277/1,693 now against 1,000/1,693 last month (z about 9.6), far beyond the volume change.
    const m = withPrevious((p) => {
      const r = p.departments['d-fam']!.response;
      r.within_1d = { ...r.within_1d, n: 1000 };
      r.within_1d_of_all = { ...r.within_1d_of_all, n: 1000 };
      p.departments['d-fam']!.messages.patient_side -= 150;
    });
    expect(buildDepartmentReport(m, 'd-fam', DEFAULT_SETTINGS).whatChanged).toBe(
      'Replies within 1 day (of all patient messages) rose from 59.1% in May 2017 to 75.4%.',
    );
  });
});
