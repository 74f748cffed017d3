// Disclosure of a study result (the hosted study page: one reader, everyone). Groups: categories add up
// to clinician messages and clinicians; answered + unanswered + pending to the patient messages of the
// range; categories of the replying clinician to the reply figures; delay buckets to answered messages;
// rounds to threads (and rounds 1-4 to the at-most-4 count); starters to threads; each role's hours to its
// messages and its windows; load parts to rows read.
import type { CountCell, NumberCell, RateCell } from '../report/model-types.ts';
import type { Distribution, RoleKey, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { countCell, numberCell, rateCell } from './cells.ts';
import { planSuppression, type AdditiveGroup } from './plan.ts';
import { formatInt, formatOneDecimal, policyFromSettings, type DisclosurePolicy } from './policy.ts';
import { hoursOfWindow } from './windows.ts';

export interface DisclosedDistribution {
  mean: NumberCell;
  median: NumberCell;
  p90: NumberCell;
}

export interface DisclosedStudyYear {
  year: number;
  patientSide: CountCell;
  clinicianSide: CountCell;
  byCategory: Record<string, CountCell>;
  activePatients: CountCell;
  activeClinicians: CountCell;
  activeCliniciansByCategory: Record<string, CountCell>;
  perPatient: DisclosedDistribution;
  perClinician: Record<string, DisclosedDistribution>;
}

export interface DisclosedRoleTimeOfDay {
  total: CountCell;
  hours: CountCell[];
  working: RateCell;
  evening: RateCell;
  night: RateCell;
  weekend: RateCell;
}

export interface DisclosedGrowth {
  fromYear: number;
  toYear: number;
  /** Change in clinician messages over all categories ("—" when it would reveal a hidden category's change). */
  total: NumberCell;
  byCategory: Record<string, { from: CountCell; to: CountCell; change: NumberCell; share: NumberCell }>;
}

export interface DisclosedStudy {
  policy: DisclosurePolicy;
  years: DisclosedStudyYear[];
  timeOfDay: Partial<Record<RoleKey, DisclosedRoleTimeOfDay>>;
  response: {
    within1d: RateCell;
    within3d: RateCell;
    unanswered: CountCell;
    pending: CountCell;
    medianHours: NumberCell;
    p90Hours: NumberCell;
    byCategory: Record<string, { within1d: RateCell; within3d: RateCell }>;
    delays: Array<{ label: string; count: CountCell }> | null;
    businessHours: { within1d: RateCell; within3d: RateCell; medianHours: NumberCell } | null;
  };
  threads: {
    within: RateCell;
    rounds: Array<{ label: string; count: CountCell }>;
    byStarter: { patient: RateCell; clinician: RateCell };
  };
  growth: DisclosedGrowth | null;
  load: { rowsRead: CountCell; accepted: CountCell; duplicates: CountCell; quarantined: CountCell };
}

const ROUNDS = ['1', '2', '3', '4', '5+'] as const;

/** A shown change with its sign: "+1,234", "\u22125". */
function signedCell(cell: NumberCell): NumberCell {
  if (cell.value === null) return cell;
  const t = formatInt(Math.abs(cell.value));
  return { ...cell, text: cell.value > 0 ? `+${t}` : cell.value < 0 ? `\u2212${t}` : '0' };
}

export function discloseStudy(study: StudyResult, settings: Settings): DisclosedStudy {
  const policy = policyFromSettings(settings);
  const v = new Map<string, number>();
  const groups: AdditiveGroup[] = [];
  const same = (a: string, b: string): void => void groups.push({ total: a, parts: [b] });

  for (const y of study.years) {
    const p = `y${y.year}`;
    v.set(`${p}:patient`, y.messages.patient_side);
    v.set(`${p}:clinician`, y.messages.clinician_side);
    v.set(`${p}:patients`, y.active_patients);
    v.set(`${p}:clin`, y.active_clinicians.total);
    for (const [k, c] of Object.entries(y.messages.by_category)) v.set(`${p}:cat:${k}`, c);
    for (const [k, c] of Object.entries(y.active_clinicians.by_category)) v.set(`${p}:clin:${k}`, c);
    groups.push({ total: `${p}:clinician`, parts: Object.keys(y.messages.by_category).map((k) => `${p}:cat:${k}`) });
    groups.push({ total: `${p}:clin`, parts: Object.keys(y.active_clinicians.by_category).map((k) => `${p}:clin:${k}`) });
  }
  // Patient messages of the whole range: not printed, but anyone can add up the years.
  v.set('range:patient', study.years.reduce((a, y) => a + y.messages.patient_side, 0));
  groups.push({ total: 'range:patient', parts: study.years.map((y) => `y${y.year}:patient`) });

  const r = study.response;
  v.set('resp:N', r.within_1d.N);
  v.set('resp:N3', r.within_3d.N);
  same('resp:N', 'resp:N3');
  v.set('resp:w1', r.within_1d.n);
  v.set('resp:w3', r.within_3d.n);
  v.set('resp:unanswered', r.unanswered);
  v.set('resp:pending', r.pending);
  groups.push({ total: 'range:patient', parts: ['resp:N', 'resp:unanswered', 'resp:pending'] });
  const rc = Object.keys(r.by_category);
  for (const k of rc) {
    v.set(`rc:${k}:N`, r.by_category[k]!.within_1d.N);
    v.set(`rc:${k}:N3`, r.by_category[k]!.within_3d.N);
    v.set(`rc:${k}:w1`, r.by_category[k]!.within_1d.n);
    v.set(`rc:${k}:w3`, r.by_category[k]!.within_3d.n);
    same(`rc:${k}:N`, `rc:${k}:N3`);
  }
  if (rc.length) {
    groups.push({ total: 'resp:N', parts: rc.map((k) => `rc:${k}:N`) });
    groups.push({ total: 'resp:w1', parts: rc.map((k) => `rc:${k}:w1`) });
    groups.push({ total: 'resp:w3', parts: rc.map((k) => `rc:${k}:w3`) });
  }
  const hist = r.delay_histogram ?? null;
  if (hist) {
    hist.forEach((b, i) => v.set(`delay:${i}`, b.count));
    groups.push({ total: 'resp:N', parts: hist.map((_, i) => `delay:${i}`) });
  }
  if (r.business_hours) {
    v.set('bh:N', r.business_hours.within_1d.N);
    v.set('bh:N3', r.business_hours.within_3d.N);
    v.set('bh:w1', r.business_hours.within_1d.n);
    v.set('bh:w3', r.business_hours.within_3d.n);
    same('resp:N', 'bh:N');
    same('resp:N', 'bh:N3');
  }

  const t = study.threads;
  v.set('th:N', t.le4_rounds.N);
  v.set('th:le4', t.le4_rounds.n);
  for (const k of ROUNDS) v.set(`th:r${k}`, t.rounds[k] ?? 0);
  groups.push({ total: 'th:N', parts: ROUNDS.map((k) => `th:r${k}`) });
  groups.push({ total: 'th:le4', parts: ['1', '2', '3', '4'].map((k) => `th:r${k}`) });
  groups.push({ total: 'th:N', parts: ['th:le4', 'th:r5+'] });
  v.set('th:p:N', t.by_starter.patient.le4_rounds.N);
  v.set('th:p:n', t.by_starter.patient.le4_rounds.n);
  v.set('th:c:N', t.by_starter.clinician.le4_rounds.N);
  v.set('th:c:n', t.by_starter.clinician.le4_rounds.n);
  groups.push({ total: 'th:N', parts: ['th:p:N', 'th:c:N'] });
  groups.push({ total: 'th:le4', parts: ['th:p:n', 'th:c:n'] });

  const roles = Object.keys(study.time_of_day.by_role) as RoleKey[];
  for (const role of roles) {
    const d = study.time_of_day.by_role[role]!;
    const p = `tod:${role}`;
    v.set(`${p}:N`, d.working.N);
    for (const w of ['working', 'evening', 'night', 'weekend'] as const) {
      v.set(`${p}:${w}`, d[w].n);
      v.set(`${p}:${w}:N`, d[w].N);
      same(`${p}:N`, `${p}:${w}:N`);
    }
    d.hours.forEach((c, h) => v.set(`${p}:h${h}`, c));
    groups.push({ total: `${p}:N`, parts: d.hours.map((_, h) => `${p}:h${h}`) });
    groups.push({ total: `${p}:N`, parts: [`${p}:working`, `${p}:evening`, `${p}:night`] });
    for (const w of ['working', 'evening', 'night'] as const) {
      const hs = hoursOfWindow(settings.windows[w]);
      if (hs) groups.push({ total: `${p}:${w}`, parts: hs.map((h) => `${p}:h${h}`) });
    }
  }

  const l = study.load;
  v.set('load:read', l.rows_read);
  v.set('load:accepted', l.accepted);
  v.set('load:duplicates', l.duplicates);
  v.set('load:quarantined', l.quarantined);
  groups.push({ total: 'load:read', parts: ['load:accepted', 'load:duplicates', 'load:quarantined'] });

  const plan = planSuppression({ values: v, groups, policy });
  const c = (id: string): CountCell => countCell(v.get(id) ?? 0, policy, plan.get(id) ?? null);
  const dist = (d: Distribution | undefined, restsOn: CountCell[]): DisclosedDistribution => ({
    mean: numberCell(d?.mean ?? null, 'messages', restsOn),
    median: numberCell(d?.median ?? null, 'messages', restsOn),
    p90: numberCell(d?.p90 ?? null, 'messages', restsOn),
  });

  const years: DisclosedStudyYear[] = study.years.map((y) => {
    const p = `y${y.year}`;
    const byCategory: Record<string, CountCell> = {};
    for (const k of Object.keys(y.messages.by_category)) byCategory[k] = c(`${p}:cat:${k}`);
    const clinBy: Record<string, CountCell> = {};
    for (const k of Object.keys(y.active_clinicians.by_category)) clinBy[k] = c(`${p}:clin:${k}`);
    const perClinician: Record<string, DisclosedDistribution> = {};
    for (const [k, d] of Object.entries(y.per_clinician)) perClinician[k] = dist(d, [byCategory[k] ?? c('missing'), clinBy[k] ?? c('missing')]);
    const patients = c(`${p}:patients`);
    return {
      year: y.year,
      patientSide: c(`${p}:patient`),
      clinicianSide: c(`${p}:clinician`),
      byCategory,
      activePatients: patients,
      activeClinicians: c(`${p}:clin`),
      activeCliniciansByCategory: clinBy,
      perPatient: dist(y.per_patient, [patients, c(`${p}:patient`)]),
      perClinician,
    };
  });

  const timeOfDay: Partial<Record<RoleKey, DisclosedRoleTimeOfDay>> = {};
  for (const role of roles) {
    const p = `tod:${role}`;
    const d = study.time_of_day.by_role[role]!;
    timeOfDay[role] = {
      total: c(`${p}:N`),
      hours: d.hours.map((_, h) => c(`${p}:h${h}`)),
      working: rateCell(c(`${p}:working`), c(`${p}:working:N`)),
      evening: rateCell(c(`${p}:evening`), c(`${p}:evening:N`)),
      night: rateCell(c(`${p}:night`), c(`${p}:night:N`)),
      weekend: rateCell(c(`${p}:weekend`), c(`${p}:weekend:N`)),
    };
  }

  const answered = c('resp:N');
  const byCategory: DisclosedStudy['response']['byCategory'] = {};
  for (const k of rc) byCategory[k] = { within1d: rateCell(c(`rc:${k}:w1`), c(`rc:${k}:N`)), within3d: rateCell(c(`rc:${k}:w3`), c(`rc:${k}:N3`)) };

  let growth: DisclosedGrowth | null = null;
  if (study.growth) {
    const g = study.growth;
    const fromY = years.find((y) => y.year === g.from_year);
    const toY = years.find((y) => y.year === g.to_year);
    const entries = Object.entries(g.by_category).map(([k, e]) => {
      // The endpoints are the yearly cells (same plan); a change is shown only when both are.
      const from = fromY?.byCategory[k] ?? countCell(e.from, policy);
      const to = toY?.byCategory[k] ?? countCell(e.to, policy);
      return { k, from, to, change: numberCell(e.change, 'messages', [from, to]) };
    });
    // One hidden change beside a shown total would be the total minus the others: hide the total too.
    const hiddenChanges = entries.filter((e) => e.change.suppressed).length;
    const totalValue = entries.reduce((a, e) => a + (g.by_category[e.k]?.change ?? 0), 0);
    const total = numberCell(totalValue, 'messages', hiddenChanges === 1 ? [{ suppressed: true }] : []);
    const byCat: DisclosedGrowth['byCategory'] = {};
    for (const e of entries) {
      const shareValue = totalValue !== 0 ? (100 * (g.by_category[e.k]?.change ?? 0)) / totalValue : null;
      // Shown as a rate, x% (n/N): the category's change over the change in all categories.
      const share = numberCell(shareValue, 'none', [e.change, total]);
      if (share.value !== null) share.text = `${formatOneDecimal(share.value)}% (${signedCell(e.change).text}/${signedCell(total).text})`;
      byCat[e.k] = { from: e.from, to: e.to, change: signedCell(e.change), share };
    }
    growth = { fromYear: g.from_year, toYear: g.to_year, total: signedCell(total), byCategory: byCat };
  }

  return {
    policy,
    years,
    timeOfDay,
    response: {
      within1d: rateCell(c('resp:w1'), answered),
      within3d: rateCell(c('resp:w3'), c('resp:N3')),
      unanswered: c('resp:unanswered'),
      pending: c('resp:pending'),
      medianHours: numberCell(r.median_hours, 'hours', [answered]),
      p90Hours: numberCell(r.p90_hours, 'hours', [answered]),
      byCategory,
      delays: hist ? hist.map((b, i) => ({ label: b.label, count: c(`delay:${i}`) })) : null,
      businessHours: r.business_hours
        ? { within1d: rateCell(c('bh:w1'), c('bh:N')), within3d: rateCell(c('bh:w3'), c('bh:N3')), medianHours: numberCell(r.business_hours.median_hours, 'hours', [c('bh:N')]) }
        : null,
    },
    threads: {
      within: rateCell(c('th:le4'), c('th:N')),
      rounds: ROUNDS.map((k) => ({ label: k, count: c(`th:r${k}`) })),
      byStarter: { patient: rateCell(c('th:p:n'), c('th:p:N')), clinician: rateCell(c('th:c:n'), c('th:c:N')) },
    },
    growth,
    load: { rowsRead: c('load:read'), accepted: c('load:accepted'), duplicates: c('load:duplicates'), quarantined: c('load:quarantined') },
  };
}
