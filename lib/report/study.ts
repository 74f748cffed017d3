// The study page's model: the study's figure set for a range, disclosed for one audience, as charts and
// tables a reader can copy, its headline figures beside the published ones (reference-figures.ts), and a
// methods box that says how every number was made.
import { delayHistogramChart, hoursByRoleChart, roundsChart, yearlyVolumeChart, type ChartBuild } from '../charts/index.ts';
import { discloseStudyFor, M, type DisclosedStudyCells, type StudyAudience } from '../disclosure/study-audience.ts';
import { disclosureNotes, NO_DATA_TEXT, ruleText, smallText, textCell, type DisclosurePolicy } from '../disclosure/index.ts';
import type { RoleKey, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { anySuppressed, effectiveSettings } from './common.ts';
import { phrase } from './department.ts';
import { categoryLabel, dateTimeLabel, monthLabel, roleLabel, sortCategories, sortRoles } from './labels.ts';
import type {
  ChartModel,
  DisclosureSummary,
  StudyHeadline,
  StudyMethods,
  StudyReportModel,
  StudySection,
  TableModel,
} from './model-types.ts';
import { PUBLISHED_FIGURES } from './reference-figures.ts';
import { buildStudyTables, type StudyTables } from './study-tables.ts';

function chart(id: string, b: ChartBuild): ChartModel {
  return { id, title: b.spec.title || id, spec: b.spec, alt: b.alt, note: b.note, width: b.width, height: b.height };
}

export interface StudyReportOptions {
  /** `organisation` (default): the hosted page; `public`: what `study --release` writes. */
  audience?: StudyAudience;
}

function headlines(study: StudyResult, s: Settings, c: DisclosedStudyCells, t: StudyTables): StudyHeadline[] {
  const P = PUBLISHED_FIGURES;
  const rate = (n: string, N: string) => c.rate(n, N);
  const differ =
    'The study\u2019s rules for pairing replies and counting rounds are not public; these use this project\u2019s definitions (methods).';
  const ev = s.windows.evening;
  const out: StudyHeadline[] = [
    {
      key: 'replied_within_1d',
      label: 'Patient messages replied within 1 day',
      ours: rate(M.resp('all', 'w1'), M.resp('all', 'answered')),
      published: textCell(P.replied_within_1d.text),
      note: differ,
    },
    {
      key: 'replied_within_3d',
      label: 'Patient messages replied within 3 days',
      ours: rate(M.resp('all', 'w3'), M.resp('all', 'answered')),
      published: textCell(P.replied_within_3d.text),
      note: 'The study gives the numerator only approximately.',
    },
    {
      key: 'threads_within_rounds',
      label: `Threads with at most ${s.threads.max_rounds} back-and-forth rounds`,
      ours: rate(M.threads('all', 'le4'), M.threads('all', 'N')),
      published: textCell(P.threads_within_4_rounds.text),
      note: s.threads.max_rounds === 4 ? differ : `This data counts at most ${s.threads.max_rounds} rounds (setting); the study counts 4.`,
    },
    {
      key: 'physician_evening',
      label: `Physician messages sent ${ev.start}\u2013${ev.end}`,
      ours: study.time_of_day.by_role.physician
        ? rate(M.tod('role', 'physician', 'evening'), M.tod('role', 'physician', 'N'))
        : textCell(NO_DATA_TEXT),
      published: textCell(P.physician_evening.text),
      note: null,
    },
    {
      key: 'np_pa_evening',
      label: `Nurse practitioner or physician assistant messages sent ${ev.start}\u2013${ev.end}`,
      ours: study.time_of_day.by_role.np_pa ? rate(M.tod('role', 'np_pa', 'evening'), M.tod('role', 'np_pa', 'N')) : textCell(NO_DATA_TEXT),
      published: textCell(P.np_pa_evening.text),
      note: null,
    },
  ];

  // Which categories carried the increase: the three largest shown changes (hidden ones are never ranked).
  if (t.growth && study.growth) {
    const shown = t.growth.rows.filter(
      (r) => !r.isTotal && r.cells[2]!.kind === 'number' && (r.cells[2] as { value: number | null }).value !== null,
    );
    const value = (r: (typeof shown)[number]) => (r.cells[2] as { value: number }).value;
    const top = [...shown].sort((a, b) => value(b) - value(a)).slice(0, 3);
    const text = top.length
      ? top
          .map((r) => {
            const share = r.cells[3]!.suppressed || r.cells[3]!.text === NO_DATA_TEXT ? '' : `, ${r.cells[3]!.text} of the change`;
            return `${categoryLabel(r.key, true)} (${r.cells[2]!.text}${share})`;
          })
          .join('; ')
      : NO_DATA_TEXT;
    out.push({
      key: 'growth_categories',
      label: `Categories that bore most of the increase, ${study.growth.from_year} to ${study.growth.to_year}`,
      ours: textCell(text),
      published: textCell(P.growth_categories.text),
      note: null,
    });
  }
  // Heaviest per-clinician workload each year: the category with the highest shown mean.
  const means = t.perClinician.mean;
  const heavy = means.columns
    .map((col, i) => {
      const best = means.rows
        .map((r) => ({ k: r.key, cell: r.cells[i]! }))
        .filter((x) => x.cell.kind === 'number' && x.cell.value !== null)
        .sort((a, b) => (b.cell as { value: number }).value - (a.cell as { value: number }).value)[0];
      return best ? `${col.label}: ${categoryLabel(best.k, true)} (${best.cell.text} a clinician)` : `${col.label}: ${NO_DATA_TEXT}`;
    })
    .join('; ');
  out.push({
    key: 'heaviest_workload',
    label: 'Heaviest per-clinician workload each year (mean messages)',
    ours: textCell(heavy || NO_DATA_TEXT),
    published: textCell(P.heaviest_workload.text),
    note: null,
  });
  // Most clinician messages: the share in the working window over every role.
  const w = s.windows.working;
  out.push({
    key: 'busiest_hours',
    label: `Clinician messages sent between ${w.start} and ${w.end} (working window)`,
    ours: c.has(M.tod('role', 'all', 'N')) ? rate(M.tod('role', 'all', 'working'), M.tod('role', 'all', 'N')) : textCell(NO_DATA_TEXT),
    published: textCell(`Most clinician messages: ${P.busiest_hours.text}`),
    note: null,
  });
  return out;
}

/**
 * The settings that change a number on this page: the analysis settings, the threshold and this
 * audience's rule; holidays only when the study counts business hours. Never delivery (smtp, reports.*).
 */
const NUMBER_SETTINGS = [/^timezone$/, /^windows\./, /^reply\./, /^threads\./, /^business_hours\.study$/, /^disclosure\.max_small_count$/];

function flattenSettings(obj: unknown, prefix = ''): Array<{ key: string; value: string }> {
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flattenSettings(v, prefix ? `${prefix}.${k}` : k));
  }
  return [{ key: prefix, value: obj === null ? 'null' : typeof obj === 'string' ? obj : JSON.stringify(obj) }];
}

export function numberSettings(settings: Record<string, unknown>, audience: StudyAudience): Array<{ key: string; value: string }> {
  const business = (settings['business_hours'] as { study?: unknown } | undefined)?.study === true;
  const extra = [new RegExp(`^disclosure\\.audiences\\.${audience}\\.`), ...(business ? [/^business_hours\.holidays/] : [])];
  return flattenSettings(settings).filter((x) => [...NUMBER_SETTINGS, ...extra].some((re) => re.test(x.key)));
}

function definitions(study: StudyResult, s: Settings): StudyMethods['definitions'] {
  const w = s.windows;
  const r = s.reply;
  const pct =
    study.engine?.percentiles === 'approximate'
      ? 'approximate (Athena\u2019s approx_percentile)'
      : 'exact, interpolated between ranks (as quantile_cont)';
  return [
    {
      term: 'Side',
      meaning:
        'Patients and proxies are the patient side, clinicians the clinician side; system messages are counted in the load but in no ' +
        'figure.',
    },
    {
      term: 'Clinician category',
      meaning:
        'The clinician\u2019s role and the care setting of their home department; a clinician missing from the roster has role ' +
        '\u201cunknown\u201d and the care setting of the message\u2019s department.',
    },
    {
      term: 'Year',
      meaning:
        `A message belongs to the year of its local time (${study.timezone}, daylight saving included); a thread to the year of ` +
        `its first message. Replies and later turns are followed past the range\u2019s end, up to the data cut-off.`,
    },
    {
      term: 'Active sender',
      meaning:
        'A distinct sender with at least one message in the year; a proxy counts as their own sender. Messages per sender: mean, median ' +
        'and 90th percentile over the active senders.',
    },
    {
      term: 'Time windows',
      meaning:
        `Local time, half-open: working ${w.working.start}\u2013${w.working.end}, evening ` +
        `${w.evening.start}\u2013${w.evening.end}, night ${w.night.start}\u2013${w.night.end}; the weekend (Saturday, Sunday) is a share ` +
        `of its own.`,
    },
    {
      term: 'Reply',
      meaning:
        'For each patient message, the first clinician message of the same thread strictly later than it; several patient messages ' +
        'before one reply each get that reply. Delay: the calendar time between the two.',
    },
    {
      term: 'Within 1 day, within 3 days',
      meaning:
        `A reply within ${r.within_short_hours} h and within ${r.within_long_hours} h. N counts answered patient messages (the ` +
        `study\u2019s reading); \u201cof all\u201d uses N = answered + unanswered, and the reply rate is answered / (answered + ` +
        `unanswered).`,
    },
    {
      term: 'Unanswered, pending',
      meaning:
        `No reply, and at least ${r.follow_up_hours} h of follow-up before the data cut-off (unanswered) or less (pending). ` +
        `Pending messages are in no N.`,
    },
    {
      term: 'Rounds',
      meaning:
        'A turn is a maximal run of messages from one side of a thread; rounds = turns / 2, rounded up. Threads are split by the side ' +
        'whose message started them.',
    },
    { term: 'Percentiles', meaning: `Continuous, ${pct}.` },
    { term: '95% CI', meaning: 'The Wilson score interval of the rate, for the uncertainty a rate over few messages carries.' },
  ];
}

/** Who may read the page and the rule its figures follow, from the audience's policy (a setting). */
function audienceText(policy: DisclosurePolicy): string {
  const rule = ruleText(policy);
  return policy.audience === 'public'
    ? `Public release (\u201cstudy --release\u201d): ${rule}`
    : `For readers in the organisation, not for release outside it (\u201cstudy --release\u201d writes that version): ${rule}`;
}

function disclosureFor(policy: DisclosurePolicy, model: unknown): DisclosureSummary {
  const notes = disclosureNotes(policy);
  return {
    maxSmallCount: policy.maxSmallCount,
    smallText: smallText(policy),
    anySuppressed: anySuppressed(model),
    notes,
    rule: ruleText(policy),
  };
}

/** The organisation's (or the public's) study report: charts, sections, methods and headlines, all disclosed. */
export function buildStudyReport(study: StudyResult, settings: Settings, opts: StudyReportOptions = {}): StudyReportModel {
  const audience = opts.audience ?? 'organisation';
  const s = effectiveSettings(study.settings, settings);
  const c = discloseStudyFor(study, s, audience);
  const t = buildStudyTables(study, s, c);
  const periodLabel = `${monthLabel(study.from)} to ${monthLabel(study.to)}`;
  const charts = studyCharts(study, s, c);
  const methods = studyMethods(study, s, c, t, audience);
  const h = headlines(study, s, c, t);
  const base: Omit<StudyReportModel, 'disclosure'> = {
    kind: 'study',
    audience,
    from: study.from,
    to: study.to,
    periodLabel,
    title: `Patient messaging study, ${periodLabel}${audience === 'public' ? ' (public release)' : ''}`,
    summary: studySummary(study, s, c, h, periodLabel),
    timezone: study.timezone,
    dataCutoff: study.data_cutoff,
    dataCutoffLabel: methods.cutoffLabel,
    engineNote: methods.engine,
    headlines: h,
    sections: studySections(charts, t),
    charts,
    methods,
  };
  return { ...base, disclosure: disclosureFor(c.policy, base) };
}

/** The four study charts (a chart with no data to draw is null). */
function studyCharts(study: StudyResult, s: Settings, c: DisclosedStudyCells): StudyReportModel['charts'] {
  const max = s.disclosure.max_small_count;
  const years = study.years.map((y) => y.year);
  const cats = sortCategories(study.years.flatMap((y) => Object.keys(y.messages.by_category)));
  const roles = sortRoles(Object.keys(study.time_of_day.by_role)) as RoleKey[];
  const zero = { kind: 'count' as const, text: '0', suppressed: false, reason: null, value: 0 };
  const countOr0 = (id: string) => (c.has(id) ? c.count(id) : zero);
  return {
    yearlyVolume: years.length
      ? chart(
          'yearly-volume',
          yearlyVolumeChart(
            years.map((y) => ({
              year: y,
              patientSide: c.count(M.patient(y)),
              byCategory: cats.map((k) => ({ label: categoryLabel(k, true), count: countOr0(M.category(y, k)) })),
            })),
            { maxSmallCount: max },
          ),
        )
      : null,
    hours: roles.length
      ? chart(
          'hours',
          hoursByRoleChart(
            roles.map((r) => ({
              role: roleLabel(r, true),
              hours: Array.from({ length: 24 }, (_, h) => c.count(M.tod('role', r, `h${h}`))),
              total: c.count(M.tod('role', r, 'N')),
            })),
            { maxSmallCount: max },
          ),
        )
      : null,
    delays: study.response.delay_histogram
      ? chart(
          'delays',
          delayHistogramChart(
            study.response.delay_histogram.map((b, i) => ({ label: b.label, count: c.count(M.delay(i)) })),
            { maxSmallCount: max },
          ),
        )
      : null,
    rounds: chart(
      'rounds',
      roundsChart(
        ['1', '2', '3', '4', '5+'].map((k) => ({ label: k, count: c.count(M.threads('all', `r${k}` as 'r1')) })),
        { maxSmallCount: max },
      ),
    ),
  };
}

/** The report's sections, in reading order, each with its charts and tables. */
function studySections(charts: StudyReportModel['charts'], t: StudyTables): StudySection[] {
  const some = (...xs: Array<ChartModel | null>) => xs.filter((x): x is ChartModel => x !== null);
  const tables = (...xs: Array<TableModel | null>) => xs.filter((x): x is TableModel => x !== null);
  return [
    {
      id: 'volume',
      title: 'Message volume',
      intro: 'Messages by year and side, by clinician category, and which categories carried the change.',
      charts: some(charts.yearlyVolume),
      tables: tables(t.yearlyVolume, t.growth),
    },
    {
      id: 'senders',
      title: 'Who writes, and how much',
      intro: 'Active senders by year, and messages per active patient and per active clinician by category.',
      charts: [],
      tables: tables(t.activeSenders, t.perPatient, t.perClinician.mean, t.perClinician.median, t.perClinician.p90),
    },
    {
      id: 'time',
      title: 'When clinicians write',
      intro: 'Clinician messages by local hour and by time window, by role and by clinician category.',
      charts: some(charts.hours),
      tables: tables(t.hoursByRole, t.windowsByRole, ...t.hoursByCategory, t.windowsByCategory),
    },
    {
      id: 'response',
      title: 'How fast patients get a reply',
      intro: 'Reply times by year, with the messages left unanswered and those still pending at the cut-off.',
      charts: some(charts.delays),
      tables: tables(t.responseByYear, t.outcomeByYear, t.responseByCategory, t.delays, t.businessHours),
    },
    {
      id: 'rounds',
      title: 'Back-and-forth rounds per thread',
      intro: 'Threads by rounds, by the year they started and by who started them.',
      charts: some(charts.rounds),
      tables: tables(t.roundsByYear, t.roundsByStarter),
    },
  ];
}

/** The engine that computed the study, as the methods section names it (null when not recorded). */
function engineNoteOf(study: StudyResult): string | null {
  if (!study.engine) return null;
  const name = study.engine.name === 'duckdb' ? 'DuckDB' : study.engine.name === 'athena' ? 'Athena' : study.engine.name;
  return `${name} (${study.engine.percentiles} percentiles)`;
}

function studyMethods(study: StudyResult, s: Settings, c: DisclosedStudyCells, t: StudyTables, audience: StudyAudience): StudyMethods {
  return {
    definitions: definitions(study, s),
    settings: numberSettings({ ...study.settings, disclosure: s.disclosure }, audience),
    engine: engineNoteOf(study),
    cutoffLabel: dateTimeLabel(study.data_cutoff, study.timezone),
    cutoff: study.data_cutoff,
    dataQuality: t.dataQuality,
    provenance: study.lake?.fingerprint
      ? { version: study.portal_pulse_version ?? 'not recorded', fingerprint: study.lake.fingerprint, loads: study.lake.loads ?? 0 }
      : null,
    audience: audienceText(c.policy),
  };
}

/** One sentence: the period, patient messages, years, replied within 1 day and threads within the round limit. */
function studySummary(study: StudyResult, s: Settings, c: DisclosedStudyCells, h: StudyHeadline[], periodLabel: string): string {
  const patientTotal = c.count(M.patient('range'));
  const years = study.years.length;
  const messages = patientTotal.suppressed ? 'patient messages' : phrase(patientTotal, 'patient messages');
  const w1 = h[0]!.ours;
  const le = h[2]!.ours;
  return (
    `${periodLabel}: ${messages} over ${years} year${years === 1 ? '' : 's'}; replied within 1 day: ${w1.text}; ` +
    `threads within ${s.threads.max_rounds} rounds: ${le.text}.`
  );
}
