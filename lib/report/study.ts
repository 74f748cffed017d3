// The study page's model: the study's figure set for a range, disclosed, with its headline figures beside
// the published ones (reference-figures.ts).
import { delayHistogramChart, hoursByRoleChart, roundsChart, yearlyVolumeChart, type ChartBuild } from '../charts/index.ts';
import { countCell, discloseStudy, formatOneDecimal, numberCell, rateCell, textCell, type DisclosedStudy } from '../disclosure/index.ts';
import type { RoleKey, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { disclosureSummary, effectiveSettings } from './common.ts';
import { phrase } from './department.ts';
import { categoryLabel, dateTimeLabel, monthLabel, roleLabel, sortCategories, sortRoles } from './labels.ts';
import type { ChartModel, DisplayCell, StudyHeadline, StudyReportModel, TableModel, TableRow } from './model-types.ts';
import { PUBLISHED_FIGURES } from './reference-figures.ts';

function chart(id: string, b: ChartBuild): ChartModel {
  const spec = b.spec as { title?: { text?: string } };
  return { id, title: spec.title?.text ?? id, spec: b.spec, alt: b.alt, note: b.note, width: b.width, height: b.height };
}

const row = (key: string, header: string, cells: DisplayCell[], isTotal = false): TableRow => ({ key, header, cells, isTotal });
const right = (key: string, label: string) => ({ key, label, align: 'right' as const });

/** Flattens the result's settings into "key: value" lines. */
function flattenSettings(obj: unknown, prefix = ''): Array<{ key: string; value: string }> {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flattenSettings(v, prefix ? `${prefix}.${k}` : k));
  }
  return [{ key: prefix, value: obj === null ? 'null' : typeof obj === 'string' ? obj : JSON.stringify(obj) }];
}

function headlines(d: DisclosedStudy, s: Settings): StudyHeadline[] {
  const P = PUBLISHED_FIGURES;
  const tod = d.timeOfDay;
  const differ = 'The study\u2019s rules for pairing replies and counting rounds are not public; these use metrics.md.';
  const out: StudyHeadline[] = [
    { key: 'replied_within_1d', label: 'Patient messages replied within 1 day', ours: d.response.within1d, published: textCell(P.replied_within_1d.text), note: differ },
    { key: 'replied_within_3d', label: 'Patient messages replied within 3 days', ours: d.response.within3d, published: textCell(P.replied_within_3d.text), note: 'The study gives the numerator only approximately.' },
    {
      key: 'threads_within_rounds',
      label: `Threads with at most ${s.threads.max_rounds} back-and-forth rounds`,
      ours: d.threads.within,
      published: textCell(P.threads_within_4_rounds.text),
      note: s.threads.max_rounds === 4 ? differ : `This data counts at most ${s.threads.max_rounds} rounds (setting); the study counts 4.`,
    },
    { key: 'physician_evening', label: `Physician messages sent ${s.windows.evening.start}-${s.windows.evening.end}`, ours: tod.physician?.evening ?? textCell('n/a'), published: textCell(P.physician_evening.text), note: null },
    { key: 'np_pa_evening', label: `Nurse practitioner or physician assistant messages sent ${s.windows.evening.start}-${s.windows.evening.end}`, ours: tod.np_pa?.evening ?? textCell('n/a'), published: textCell(P.np_pa_evening.text), note: null },
  ];

  // Which categories carried the increase: the three largest shown changes (hidden ones are never ranked).
  if (d.growth) {
    const shown = Object.entries(d.growth.byCategory).filter(([, e]) => e.change.value !== null);
    const top = shown.sort((a, b) => b[1].change.value! - a[1].change.value!).slice(0, 3);
    const text = top.length ? top.map(([k, e]) => `${categoryLabel(k, true)} (${e.change.text}${e.share.value !== null ? `, ${formatOneDecimal(e.share.value)}% of the change` : ''})`).join('; ') : 'n/a';
    out.push({ key: 'growth_categories', label: `Categories that bore most of the increase, ${d.growth.fromYear} to ${d.growth.toYear}`, ours: textCell(text), published: textCell(P.growth_categories.text), note: null });
  }
  // Heaviest per-clinician workload each year: the category with the highest shown mean.
  const heavy = d.years
    .map((y) => {
      const best = Object.entries(y.perClinician).filter(([, x]) => x.mean.value !== null).sort((a, b) => b[1].mean.value! - a[1].mean.value!)[0];
      return best ? `${y.year}: ${categoryLabel(best[0], true)} (${best[1].mean.text} a clinician)` : `${y.year}: n/a`;
    })
    .join('; ');
  out.push({ key: 'heaviest_workload', label: 'Heaviest per-clinician workload each year (mean messages)', ours: textCell(heavy || 'n/a'), published: textCell(P.heaviest_workload.text), note: null });
  // Most clinician messages: the share in the working window over the roles shown.
  const roles = Object.values(tod).filter((r) => !r.working.suppressed && r.working.n.value !== null && r.working.N.value !== null);
  const n = roles.reduce((a, r) => a + r.working.n.value!, 0);
  const N = roles.reduce((a, r) => a + r.working.N.value!, 0);
  const working = rateCell(countCell(n, d.policy), countCell(N, d.policy));
  const w = s.windows.working;
  out.push({
    key: 'busiest_hours',
    label: `Clinician messages sent between ${w.start} and ${w.end} (working window)`,
    ours: working,
    published: textCell(`Most clinician messages: ${P.busiest_hours.text}`),
    note: roles.length < Object.keys(tod).length ? 'Roles whose figures are not shown are left out.' : null,
  });
  return out;
}

export function buildStudyReport(study: StudyResult, settings: Settings): StudyReportModel {
  const s = effectiveSettings(study.settings, settings);
  const d = discloseStudy(study, s);
  const max = s.disclosure.max_small_count;
  const years = d.years;
  const yearCols = years.map((y) => right(String(y.year), String(y.year)));
  const cats = sortCategories(years.flatMap((y) => Object.keys(y.byCategory)));
  const clinCats = sortCategories(years.flatMap((y) => Object.keys(y.activeCliniciansByCategory)));
  const zero = countCell(0, d.policy);
  const periodLabel = `${monthLabel(study.from)} to ${monthLabel(study.to)}`;

  const yearlyVolume: TableModel = {
    id: 'yearly-volume',
    caption: 'Messages by year',
    rowHeaderLabel: 'Messages',
    columns: yearCols,
    rows: [
      row('patient_side', 'Patient messages (patients and proxies)', years.map((y) => y.patientSide)),
      ...cats.map((k) => row(k, `Clinician: ${categoryLabel(k)}`, years.map((y) => y.byCategory[k] ?? zero))),
      row('clinician_side', 'Clinician messages, all categories', years.map((y) => y.clinicianSide), true),
    ],
    notes: ['Category: the clinician\u2019s role and the care setting of their home department.'],
  };
  const activeSenders: TableModel = {
    id: 'active-senders',
    caption: 'Active senders by year (at least one message in the year)',
    rowHeaderLabel: 'Senders',
    columns: yearCols,
    rows: [
      row('patients', 'Active patients and proxies', years.map((y) => y.activePatients)),
      ...clinCats.map((k) => row(k, `Clinicians: ${categoryLabel(k)}`, years.map((y) => y.activeCliniciansByCategory[k] ?? zero))),
      row('clinicians', 'Active clinicians, all categories', years.map((y) => y.activeClinicians), true),
    ],
    notes: [],
  };
  const perSender: TableModel = {
    id: 'per-sender',
    caption: 'Messages per active sender by year',
    rowHeaderLabel: 'Sender, year',
    columns: [right('mean', 'Mean'), right('median', 'Median'), right('p90', '90th percentile')],
    rows: [
      ...years.map((y) => row(`patient-${y.year}`, `Patients, ${y.year}`, [y.perPatient.mean, y.perPatient.median, y.perPatient.p90])),
      ...cats.flatMap((k) =>
        years.filter((y) => y.perClinician[k]).map((y) => row(`${k}-${y.year}`, `${categoryLabel(k)}, ${y.year}`, [y.perClinician[k]!.mean, y.perClinician[k]!.median, y.perClinician[k]!.p90])),
      ),
    ],
    notes: [study.engine?.percentiles === 'approximate' ? 'Percentiles are approximate (computed on Athena).' : 'Percentiles are exact, interpolated between ranks.'],
  };

  const roles = sortRoles(Object.keys(d.timeOfDay)) as RoleKey[];
  const w = s.windows;
  const hour = (h: number) => `${String(h).padStart(2, '0')}:00-${String((h + 1) % 24).padStart(2, '0')}:00`;
  const timeOfDay: TableModel = {
    id: 'time-of-day',
    caption: 'Clinician messages by local hour and role, whole range',
    rowHeaderLabel: 'Local hour',
    columns: roles.map((r) => right(r, roleLabel(r, true))),
    rows: [
      ...Array.from({ length: 24 }, (_, h) => row(`h${h}`, hour(h), roles.map((r) => d.timeOfDay[r]!.hours[h] ?? zero))),
      row('all', 'All hours', roles.map((r) => d.timeOfDay[r]!.total), true),
      row('working', `Working (${w.working.start}-${w.working.end})`, roles.map((r) => d.timeOfDay[r]!.working)),
      row('evening', `Evening (${w.evening.start}-${w.evening.end})`, roles.map((r) => d.timeOfDay[r]!.evening)),
      row('night', `Night (${w.night.start}-${w.night.end})`, roles.map((r) => d.timeOfDay[r]!.night)),
      row('weekend', 'Weekend (Saturday, Sunday)', roles.map((r) => d.timeOfDay[r]!.weekend)),
    ],
    notes: [`Times are local (${study.timezone}).`],
  };

  const rc = sortCategories(Object.keys(d.response.byCategory));
  const response: TableModel = {
    id: 'response',
    caption: 'Patient messages replied within 1 and 3 days, by category of the replying clinician',
    rowHeaderLabel: 'Replying clinician',
    columns: [right('within_1d', 'Replied within 1 day'), right('within_3d', 'Replied within 3 days')],
    rows: [
      ...rc.map((k) => row(k, categoryLabel(k), [d.response.byCategory[k]!.within1d, d.response.byCategory[k]!.within3d])),
      row('all', 'All answered patient messages', [d.response.within1d, d.response.within3d], true),
    ],
    notes: [`Within 1 day: a reply within ${s.reply.within_short_hours} h; within 3 days: within ${s.reply.within_long_hours} h. N counts answered patient messages.`],
  };
  const bh = d.response.businessHours;
  const replySummary: TableModel = {
    id: 'reply-summary',
    caption: 'Time to reply and messages without a reply',
    rowHeaderLabel: 'Figure',
    columns: [right('value', 'Value')],
    rows: [
      row('median', 'Median time to reply', [d.response.medianHours]),
      row('p90', '90th percentile time to reply', [d.response.p90Hours]),
      row('unanswered', `Unanswered (no reply after ${s.reply.follow_up_hours} h)`, [d.response.unanswered]),
      row('pending', `Pending (less than ${s.reply.follow_up_hours} h before the data cut-off)`, [d.response.pending]),
      ...(bh
        ? [
            row('bh_within_1d', 'Replied within 1 day, business hours', [bh.within1d]),
            row('bh_within_3d', 'Replied within 3 days, business hours', [bh.within3d]),
            row('bh_median', 'Median time to reply, business hours', [bh.medianHours]),
          ]
        : []),
    ],
    notes: [],
  };
  const delayDistribution: TableModel | null = d.response.delays
    ? {
        id: 'delays',
        caption: 'Answered patient messages by time to reply',
        rowHeaderLabel: 'Time to reply',
        columns: [right('count', 'Answered messages'), right('share', 'Share')],
        rows: d.response.delays.map((b, i) => row(`b${i}`, b.label, [b.count, rateCell(b.count, d.response.within1d.N)])),
        notes: [],
      }
    : null;
  const rounds: TableModel = {
    id: 'rounds',
    caption: 'Threads by number of back-and-forth rounds',
    rowHeaderLabel: 'Rounds',
    columns: [right('threads', 'Threads'), right('share', 'Share')],
    rows: [
      ...d.threads.rounds.map((r) => row(`r${r.label}`, r.label, [r.count, rateCell(r.count, d.threads.within.N)])),
      row('within', `At most ${s.threads.max_rounds} rounds, all threads`, [d.threads.within.n, d.threads.within], true),
      row('patient', `At most ${s.threads.max_rounds} rounds, started by the patient side`, [d.threads.byStarter.patient.n, d.threads.byStarter.patient]),
      row('clinician', `At most ${s.threads.max_rounds} rounds, started by a clinician`, [d.threads.byStarter.clinician.n, d.threads.byStarter.clinician]),
    ],
    notes: ['A turn is a run of messages from one side; rounds = turns / 2, rounded up.'],
  };
  const growth: TableModel | null = d.growth
    ? {
        id: 'growth',
        caption: `Change in clinician messages by category, ${d.growth.fromYear} to ${d.growth.toYear}`,
        rowHeaderLabel: 'Category',
        columns: [right('from', String(d.growth.fromYear)), right('to', String(d.growth.toYear)), right('change', 'Change'), right('share', 'Share of the change')],
        rows: [
          ...sortCategories(Object.keys(d.growth.byCategory)).map((k) => {
            const e = d.growth!.byCategory[k]!;
            return row(k, categoryLabel(k), [e.from, e.to, e.change, e.share]);
          }),
          row('all', 'All categories', [years.find((y) => y.year === d.growth!.fromYear)?.clinicianSide ?? zero, years.find((y) => y.year === d.growth!.toYear)?.clinicianSide ?? zero, d.growth.total, numberCell(null, 'none', d.growth.total.suppressed ? [d.growth.total] : [])], true),
        ],
        notes: ['Share of the change: the category\u2019s change as a share of the change over all categories.'],
      }
    : null;
  const load: TableModel = {
    id: 'load',
    caption: 'Rows loaded, over every load',
    rowHeaderLabel: 'Rows',
    columns: [right('rows', 'Rows')],
    rows: [row('accepted', 'Accepted', [d.load.accepted]), row('duplicates', 'Exact duplicates dropped', [d.load.duplicates]), row('quarantined', 'Quarantined (see the load report)', [d.load.quarantined]), row('read', 'Rows read', [d.load.rowsRead], true)],
    notes: [],
  };
  if (growth) {
    // "All categories" share is 100% of the change by definition when the total is shown.
    const last = growth.rows[growth.rows.length - 1]!;
    if (!d.growth!.total.suppressed) last.cells[3] = textCell(`100.0% (${d.growth!.total.text}/${d.growth!.total.text})`);
  }

  const charts: StudyReportModel['charts'] = {
    yearlyVolume: years.length
      ? chart('yearly-volume', yearlyVolumeChart(years.map((y) => ({ year: y.year, patientSide: y.patientSide, byCategory: cats.map((k) => ({ label: categoryLabel(k, true), count: y.byCategory[k] ?? zero })) })), { maxSmallCount: max }))
      : null,
    hours: roles.length ? chart('hours', hoursByRoleChart(roles.map((r) => ({ role: roleLabel(r, true), hours: d.timeOfDay[r]!.hours, total: d.timeOfDay[r]!.total })), { maxSmallCount: max })) : null,
    delays: d.response.delays ? chart('delays', delayHistogramChart(d.response.delays.map((b) => ({ label: b.label, count: b.count })), { maxSmallCount: max })) : null,
    rounds: chart('rounds', roundsChart(d.threads.rounds.map((r) => ({ label: r.label, count: r.count })), { maxSmallCount: max })),
  };

  const totalPatient = years.reduce((a, y) => a + (y.patientSide.value ?? 0), 0);
  const allShown = years.every((y) => y.patientSide.value !== null);
  const base: Omit<StudyReportModel, 'disclosure'> = {
    kind: 'study',
    from: study.from,
    to: study.to,
    periodLabel,
    title: `Patient messaging study, ${periodLabel}`,
    summary: `${periodLabel}: ${allShown ? phrase(countCell(totalPatient, d.policy), 'patient messages') : 'patient messages'} over ${years.length} year${years.length === 1 ? '' : 's'}; replied within 1 day: ${d.response.within1d.text}; threads within ${s.threads.max_rounds} rounds: ${d.threads.within.text}.`,
    timezone: study.timezone,
    dataCutoff: study.data_cutoff,
    dataCutoffLabel: dateTimeLabel(study.data_cutoff, study.timezone),
    engineNote: study.engine ? `${study.engine.name === 'duckdb' ? 'DuckDB' : study.engine.name === 'athena' ? 'Athena' : study.engine.name} (${study.engine.percentiles} percentiles)` : null,
    headlines: headlines(d, s),
    yearlyVolume,
    activeSenders,
    perSender,
    timeOfDay,
    response,
    replySummary,
    delayDistribution,
    rounds,
    growth,
    charts,
    settings: flattenSettings(study.settings),
    load,
  };
  return { ...base, disclosure: disclosureSummary(d.policy, base) };
}
