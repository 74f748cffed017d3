// The study's figure set as tables a reader can copy (and download as CSV): each table holds one kind of
// cell per column, so its CSV has one meaning per column. Every cell comes from the audience's disclosure
// (lib/disclosure/study-audience.ts), each rate with its 95% interval; this file only arranges them.
import {
  M,
  ROUND_KEYS,
  timeOfDayByCategory,
  yearResponse,
  yearThreads,
  type DisclosedStudyCells,
  type StudyScope,
} from '../disclosure/study-audience.ts';
import { formatInt, formatOneDecimal, numberCell } from '../disclosure/index.ts';
import type { RoleKey, StudyResult } from '../results/types.ts';
import type { Settings } from '../settings/index.ts';
import { careSettingLabel, categoryLabel, roleLabel, sortCategories, sortRoles } from './labels.ts';
import type { DisplayCell, NumberCell, RateCell, TableColumn, TableModel, TableRow } from './model-types.ts';

const right = (key: string, label: string): TableColumn => ({ key, label, align: 'right' });
const row = (key: string, header: string, cells: DisplayCell[], isTotal = false): TableRow => ({ key, header, cells, isTotal });

export interface StudyTables {
  yearlyVolume: TableModel;
  growth: TableModel | null;
  activeSenders: TableModel;
  perPatient: TableModel;
  perClinician: { mean: TableModel; median: TableModel; p90: TableModel };
  hoursByRole: TableModel;
  /** One table per care setting. */
  hoursByCategory: TableModel[];
  windowsByRole: TableModel;
  windowsByCategory: TableModel | null;
  responseByYear: TableModel;
  outcomeByYear: TableModel;
  responseByCategory: TableModel;
  delays: TableModel | null;
  businessHours: TableModel | null;
  roundsByYear: TableModel;
  roundsByStarter: TableModel;
  dataQuality: TableModel;
}

export function buildStudyTables(study: StudyResult, s: Settings, c: DisclosedStudyCells): StudyTables {
  const x = tableContext(study, s, c);
  return {
    ...volumeTables(x),
    ...senderTables(x),
    ...timeTables(x),
    ...replyTables(x),
    ...replyDetailTables(x),
    ...roundsTables(x),
    dataQuality: dataQualityTable(x),
  };
}

/** What every study table is built from: the result, the settings, the disclosed cells and shared columns. */
function tableContext(study: StudyResult, s: Settings, c: DisclosedStudyCells) {
  // Every rate cell carries its 95% Wilson interval (lib/disclosure/cells.ts).
  const rate = (n: string, N: string): RateCell => c.rate(n, N);
  const years = study.years.map((y) => y.year);
  const yearCols = years.map((y) => right(String(y), String(y)));
  const cats = sortCategories(study.years.flatMap((y) => Object.keys(y.messages.by_category)));
  const clinCats = sortCategories(study.years.flatMap((y) => Object.keys(y.active_clinicians.by_category)));
  const countOrZero = (id: string): DisplayCell =>
    c.has(id) ? c.count(id) : { kind: 'count', text: '0', suppressed: false, reason: null, value: 0 };
  const percentiles =
    study.engine?.percentiles === 'approximate'
      ? 'Percentiles are approximate (computed on Athena).'
      : 'Percentiles are exact, interpolated between ranks.';

  return { study, s, c, rate, years, yearCols, cats, clinCats, countOrZero, percentiles };
}
type TableContext = ReturnType<typeof tableContext>;

/** Message volume: by year, side and category, and which categories carried the change. */
function volumeTables(x: TableContext): Pick<StudyTables, 'yearlyVolume' | 'growth'> {
  const { study, c, years, yearCols, cats, countOrZero } = x;
  const yearlyVolume: TableModel = {
    id: 'yearly-volume',
    caption: 'Messages by year, by side and by clinician category',
    rowHeaderLabel: 'Messages',
    columns: yearCols,
    rows: [
      row(
        'patient_side',
        'Patient side (patients and proxies)',
        years.map((y) => c.count(M.patient(y))),
      ),
      ...cats.map((k) =>
        row(
          k,
          `Clinician: ${categoryLabel(k)}`,
          years.map((y) => countOrZero(M.category(y, k))),
        ),
      ),
      row(
        'clinician_side',
        'Clinician side, all categories',
        years.map((y) => c.count(M.clinician(y))),
        true,
      ),
    ],
    notes: ['Category: the clinician\u2019s role and the care setting of their home department. System messages are in no figure.'],
  };

  let growth: TableModel | null = null;
  if (study.growth) {
    const g = study.growth;
    const signed = (cell: NumberCell): NumberCell => {
      if (cell.value === null) return cell;
      const t = formatInt(Math.abs(cell.value));
      return { ...cell, text: cell.value > 0 ? `+${t}` : cell.value < 0 ? `\u2212${t}` : '0' };
    };
    const change = (fromId: string, toId: string, value: number): NumberCell =>
      signed(
        c.number(
          value,
          'messages',
          [fromId, toId].filter((id) => c.has(id)),
        ),
      );
    const total = change(M.clinician(g.from_year), M.clinician(g.to_year), g.total_change);
    const share = (ch: NumberCell): NumberCell => {
      if (ch.value === null || total.value === null || total.value === 0)
        return numberCell(null, 'none', ch.suppressed || total.suppressed ? [{ suppressed: true }] : []);
      const v = (100 * ch.value) / total.value;
      return { ...numberCell(v, 'none', []), text: `${formatOneDecimal(v)}%` };
    };
    const rows = sortCategories(Object.keys(g.by_category)).map((k) => {
      const ch = change(M.category(g.from_year, k), M.category(g.to_year, k), g.by_category[k]!.change);
      return row(k, categoryLabel(k), [countOrZero(M.category(g.from_year, k)), countOrZero(M.category(g.to_year, k)), ch, share(ch)]);
    });
    rows.push(
      row('all', 'All categories', [c.count(M.clinician(g.from_year)), c.count(M.clinician(g.to_year)), total, share(total)], true),
    );
    growth = {
      id: 'growth',
      caption: `Which categories carried the change in clinician messages, ${g.from_year} to ${g.to_year}`,
      rowHeaderLabel: 'Clinician category',
      columns: [
        right('from', String(g.from_year)),
        right('to', String(g.to_year)),
        right('change', 'Change'),
        right('share_percent', 'Share of the change (%)'),
      ],
      rows,
      notes: [
        'Share of the change: the category\u2019s change over the change in all categories; a category that shrank while the total grew ' +
          'has a negative share. It is a share of a difference, not a proportion of messages, so it has no interval.',
      ],
    };
  }

  return { yearlyVolume, growth };
}

/** Active senders, and messages per active patient and per active clinician. */
function senderTables(x: TableContext): Pick<StudyTables, 'activeSenders' | 'perPatient' | 'perClinician'> {
  const { study, c, years, yearCols, clinCats, countOrZero, percentiles } = x;
  const activeSenders: TableModel = {
    id: 'active-senders',
    caption: 'Active senders by year (at least one message in the year)',
    rowHeaderLabel: 'Senders',
    columns: yearCols,
    rows: [
      row(
        'patients',
        'Patients and proxies (each their own sender)',
        years.map((y) => c.count(M.activePatients(y))),
      ),
      ...clinCats.map((k) =>
        row(
          k,
          `Clinicians: ${categoryLabel(k)}`,
          years.map((y) => countOrZero(M.activeByCategory(y, k))),
        ),
      ),
      row(
        'clinicians',
        'Clinicians, all categories',
        years.map((y) => c.count(M.activeClinicians(y))),
        true,
      ),
    ],
    notes: [],
  };

  const perPatient: TableModel = {
    id: 'per-patient',
    caption: 'Messages per active patient or proxy, by year',
    rowHeaderLabel: 'Statistic',
    columns: yearCols,
    rows: (['mean', 'median', 'p90'] as const).map((f) =>
      row(
        f,
        STAT_LABEL[f],
        study.years.map((y) => c.number(y.per_patient[f], 'messages', [M.activePatients(y.year), M.patient(y.year)])),
      ),
    ),
    notes: [percentiles],
  };

  const perClinicianTable = (f: 'mean' | 'median' | 'p90'): TableModel => ({
    id: `per-clinician-${f}`,
    caption: `Messages per active clinician by category and year: ${STAT_LABEL[f].toLowerCase()}`,
    rowHeaderLabel: 'Clinician category',
    columns: yearCols,
    rows: clinCats.map((k) =>
      row(
        k,
        categoryLabel(k),
        study.years.map((y) => {
          const d = y.per_clinician[k];
          return d
            ? c.number(
                d[f],
                'messages',
                [M.category(y.year, k), M.activeByCategory(y.year, k)].filter((id) => c.has(id)),
              )
            : numberCell(null, 'messages', []);
        }),
      ),
    ),
    notes:
      f === 'mean'
        ? [
            'Messages a category\u2019s clinicians sent in the year, over its clinicians who sent at least one. A clinician who works in ' +
              'several departments counts once, in the category of their home department.',
          ]
        : [percentiles],
  });

  return {
    activeSenders,
    perPatient,
    perClinician: { mean: perClinicianTable('mean'), median: perClinicianTable('median'), p90: perClinicianTable('p90') },
  };
}

/** Time of day: the hour histogram and the windows, by role and by category. */
function timeTables(x: TableContext): Pick<StudyTables, 'hoursByRole' | 'hoursByCategory' | 'windowsByRole' | 'windowsByCategory'> {
  const { study, s, c, rate } = x;
  // Time of day: the hour histogram and the windows, by role and by category.
  const roles = sortRoles(Object.keys(study.time_of_day.by_role)) as RoleKey[];
  const todCats = sortCategories(Object.keys(timeOfDayByCategory(study)));
  const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00\u2013${String((h + 1) % 24).padStart(2, '0')}:00`;
  const hours = (by: 'role' | 'cat', keys: string[], label: (k: string) => string, id: string, caption: string): TableModel => ({
    id,
    caption,
    rowHeaderLabel: 'Local hour',
    columns: keys.map((k) => right(k, label(k))),
    rows: [
      ...Array.from({ length: 24 }, (_, h) =>
        row(
          String(h),
          hourLabel(h),
          keys.map((k) => c.count(M.tod(by, k, `h${h}`))),
        ),
      ),
      row(
        'all',
        'All hours',
        keys.map((k) => c.count(M.tod(by, k, 'N'))),
        true,
      ),
    ],
    notes: [`Clinician messages of the range by local hour (${study.timezone}, daylight saving included).`],
  });
  const w = s.windows;
  const windowCols = [
    right('working', `Working ${w.working.start}\u2013${w.working.end}`),
    right('evening', `Evening ${w.evening.start}\u2013${w.evening.end}`),
    right('night', `Night ${w.night.start}\u2013${w.night.end}`),
    right('weekend', 'Weekend (Sat, Sun)'),
  ];
  const windows = (by: 'role' | 'cat', keys: string[], label: (k: string) => string, id: string, caption: string): TableModel => ({
    id,
    caption,
    rowHeaderLabel: by === 'role' ? 'Role' : 'Clinician category',
    columns: windowCols,
    rows: keys.map((k) =>
      row(
        k,
        label(k),
        (['working', 'evening', 'night', 'weekend'] as const).map((x) => rate(M.tod(by, k, x), M.tod(by, k, 'N'))),
      ),
    ),
    notes: [
      'Each window\u2019s share of the clinician messages of that row; working, evening and night add up to all of them, the weekend ' +
        'overlaps them.',
    ],
  });
  const roleName = (r: string) => roleLabel(r, true);
  const catName = (k: string) => categoryLabel(k, true);

  return {
    hoursByRole: hours('role', roles, roleName, 'hours-by-role', 'Clinician messages by local hour and role (all years)'),
    // One table per care setting: ten category columns do not fit a page, five do.
    hoursByCategory: [...new Set(todCats.map(settingOf))].map((st) =>
      hours(
        'cat',
        todCats.filter((k) => settingOf(k) === st),
        (k) => roleLabel(k.split('/')[0]!, true),
        `hours-by-category-${st}`,
        `Clinician messages by local hour and role, ${careSettingLabel(st)} (all years)`,
      ),
    ),
    windowsByRole: windows('role', roles, roleName, 'windows-by-role', 'Clinician messages by time window and role (all years)'),
    windowsByCategory: todCats.length
      ? windows('cat', todCats, catName, 'windows-by-category', 'Clinician messages by time window and clinician category (all years)')
      : null,
  };
}

/** Reply times and outcomes by year and for the range. */
function replyTables(x: TableContext): Pick<StudyTables, 'responseByYear' | 'outcomeByYear'> {
  const { study, s, c, rate, years, percentiles } = x;
  // Reply times: each year and the range.
  const scopes: Array<{ s: StudyScope; label: string }> = [
    ...years.filter((y) => yearResponse(study, y)).map((y) => ({ s: y as StudyScope, label: String(y) })),
    { s: 'all', label: `All years, ${study.from} to ${study.to}` },
  ];
  const resp = (sc: StudyScope) => (sc === 'all' ? study.response : yearResponse(study, sc)!);
  const responseByYear: TableModel = {
    id: 'response-by-year',
    caption: 'Answered patient messages: replied within 1 and 3 days, and the time to reply, by year',
    rowHeaderLabel: 'Year',
    columns: [
      right('within_1d', 'Within 1 day'),
      right('within_3d', 'Within 3 days'),
      right('median_hours', 'Median (hours)'),
      right('p90_hours', '90th percentile (hours)'),
    ],
    rows: scopes.map(({ s: sc, label }) =>
      row(
        String(sc),
        label,
        [
          rate(M.resp(sc, 'w1'), M.resp(sc, 'answered')),
          rate(M.resp(sc, 'w3'), M.resp(sc, 'answered')),
          hoursCell(c.number(resp(sc).median_hours, 'hours', [M.resp(sc, 'answered')])),
          hoursCell(c.number(resp(sc).p90_hours, 'hours', [M.resp(sc, 'answered')])),
        ],
        sc === 'all',
      ),
    ),
    notes: [
      `N counts answered patient messages (the study\u2019s reading). Within 1 day: a reply within ${s.reply.within_short_hours} h; ` +
        `within 3 days: within ${s.reply.within_long_hours} h, in calendar time.`,
      percentiles,
    ],
  };
  const outcomeByYear: TableModel = {
    id: 'outcome-by-year',
    caption: 'All patient messages whose follow-up is complete: reply rate, replied within 1 and 3 days; unanswered and pending, by year',
    rowHeaderLabel: 'Year',
    columns: [
      right('reply_rate', 'Reply rate'),
      right('within_1d_of_all', 'Within 1 day, of all'),
      right('within_3d_of_all', 'Within 3 days, of all'),
      right('unanswered', 'Unanswered'),
      right('pending', 'Pending'),
    ],
    rows: scopes.map(({ s: sc, label }) =>
      row(
        String(sc),
        label,
        [
          rate(M.resp(sc, 'answered'), M.resp(sc, 'followed')),
          rate(M.resp(sc, 'w1'), M.resp(sc, 'followed')),
          rate(M.resp(sc, 'w3'), M.resp(sc, 'followed')),
          c.count(M.resp(sc, 'unanswered')),
          c.count(M.resp(sc, 'pending')),
        ],
        sc === 'all',
      ),
    ),
    notes: [
      `N = answered + unanswered. Unanswered: no reply after ${s.reply.follow_up_hours} h of follow-up before the data cut-off; pending: ` +
        `no reply yet and less than ${s.reply.follow_up_hours} h had passed. Pending messages are in no N.`,
    ],
  };

  return { responseByYear, outcomeByYear };
}

/** Reply times by replying category, the delay histogram and business-hours replies. */
function replyDetailTables(x: TableContext): Pick<StudyTables, 'responseByCategory' | 'delays' | 'businessHours'> {
  const { study, c, rate } = x;
  const rc = sortCategories(Object.keys(study.response.by_category));
  const responseByCategory: TableModel = {
    id: 'response-by-category',
    caption: 'Answered patient messages replied within 1 and 3 days, by category of the replying clinician (all years)',
    rowHeaderLabel: 'Replying clinician',
    columns: [right('within_1d', 'Within 1 day'), right('within_3d', 'Within 3 days')],
    rows: [
      ...rc.map((k) =>
        row(k, categoryLabel(k), [
          rate(M.replyCategory(k, 'w1'), M.replyCategory(k, 'answered')),
          rate(M.replyCategory(k, 'w3'), M.replyCategory(k, 'answered')),
        ]),
      ),
      row(
        'all',
        'All answered patient messages',
        [rate(M.resp('all', 'w1'), M.resp('all', 'answered')), rate(M.resp('all', 'w3'), M.resp('all', 'answered'))],
        true,
      ),
    ],
    notes: ['A patient message counts under the category of the clinician whose message was its reply.'],
  };
  const hist = study.response.delay_histogram;
  const delays: TableModel | null = hist
    ? {
        id: 'delays',
        caption: 'Answered patient messages by time to reply (all years)',
        rowHeaderLabel: 'Time to reply',
        columns: [right('share', 'Share of answered messages')],
        rows: hist.map((b, i) =>
          row(b.to_hours === null ? `${b.from_hours}+` : `${b.from_hours}-${b.to_hours}`, b.label, [
            rate(M.delay(i), M.resp('all', 'answered')),
          ]),
        ),
        notes: ['Each bucket includes its lower bound and excludes its upper bound, in hours.'],
      }
    : null;
  const bh = study.response.business_hours;
  const businessHours: TableModel | null = bh
    ? {
        id: 'business-hours',
        caption: 'The same reply times counted in business hours (working hours of working days)',
        rowHeaderLabel: 'Figure',
        columns: [
          right('within_1d', 'Within 1 day'),
          right('within_3d', 'Within 3 days'),
          right('within_1d_of_all', 'Within 1 day, of all'),
          right('within_3d_of_all', 'Within 3 days, of all'),
          right('median_hours', 'Median (business hours)'),
        ],
        rows: [
          row(
            'all',
            `All years, ${study.from} to ${study.to}`,
            [
              rate(M.business('w1'), M.business('answered')),
              rate(M.business('w3'), M.business('answered')),
              rate(M.business('w1'), M.resp('all', 'followed')),
              rate(M.business('w3'), M.resp('all', 'followed')),
              hoursCell(c.number(bh.median_hours, 'hours', [M.business('answered')])),
            ],
            true,
          ),
        ],
        notes: [
          'Delays counted in the working window of working days (Monday to Friday, the holidays of the settings aside). \u201cOf ' +
            'all\u201d: N = answered + unanswered.',
        ],
      }
    : null;

  return { responseByCategory, delays, businessHours };
}

/** Back-and-forth rounds per thread, by year and by who started the thread. */
function roundsTables(x: TableContext): Pick<StudyTables, 'roundsByYear' | 'roundsByStarter'> {
  const { study, s, c, rate, years } = x;
  // Rounds: each year and the range.
  const tScopes: Array<{ s: StudyScope; label: string }> = [
    ...years.filter((y) => yearThreads(study, y)).map((y) => ({ s: y as StudyScope, label: String(y) })),
    { s: 'all', label: `All years, ${study.from} to ${study.to}` },
  ];
  const max = s.threads.max_rounds;
  const roundsByYear: TableModel = {
    id: 'rounds-by-year',
    caption: 'Threads by back-and-forth rounds, by the year the thread started',
    rowHeaderLabel: 'Year',
    columns: [
      ...ROUND_KEYS.map((k) => right(`rounds_${k === '5+' ? '5plus' : k}`, k === '5+' ? '5 or more' : `${k}`)),
      right('threads', 'Threads'),
      right('le_max', `At most ${max} rounds`),
    ],
    rows: tScopes.map(({ s: sc, label }) =>
      row(
        String(sc),
        label,
        [
          ...ROUND_KEYS.map((k) => c.count(M.threads(sc, `r${k}`))),
          c.count(M.threads(sc, 'N')),
          rate(M.threads(sc, 'le4'), M.threads(sc, 'N')),
        ],
        sc === 'all',
      ),
    ),
    notes: ['A turn is a run of messages from one side; rounds = turns / 2, rounded up (P \u2192 1, P C \u2192 1, P C P \u2192 2).'],
  };
  const roundsByStarter: TableModel = {
    id: 'rounds-by-starter',
    caption: `Threads with at most ${max} rounds, by who started the thread and the year it started`,
    rowHeaderLabel: 'Year',
    columns: [right('patient', 'Started by the patient side'), right('clinician', 'Started by a clinician')],
    rows: tScopes.map(({ s: sc, label }) =>
      row(
        String(sc),
        label,
        [rate(M.threads(sc, 'patient:n'), M.threads(sc, 'patient:N')), rate(M.threads(sc, 'clinician:n'), M.threads(sc, 'clinician:N'))],
        sc === 'all',
      ),
    ),
    notes: [],
  };

  return { roundsByYear, roundsByStarter };
}

/** The load: rows read, accepted, duplicates and quarantined by reason. */
function dataQualityTable(x: TableContext): TableModel {
  const { study, c } = x;
  const reasons = Object.keys(study.load.quarantined_by_reason ?? {});
  const dataQuality: TableModel = {
    id: 'data-quality',
    caption: 'Message rows loaded into the lake, over every load',
    rowHeaderLabel: 'Rows',
    columns: [right('rows', 'Rows')],
    rows: [
      row('rows_read', 'Rows read', [c.count(M.load('read'))], true),
      row('accepted', 'Accepted', [c.count(M.load('accepted'))]),
      row('duplicates', 'Exact duplicates dropped', [c.count(M.load('duplicates'))]),
      row('quarantined', 'Quarantined', [c.count(M.load('quarantined'))]),
      ...reasons.map((r) => row(`quarantined:${r}`, `Quarantined: ${r}`, [c.count(M.reason(r))])),
      ...(c.has('lake:messages')
        ? [row('lake_messages', 'Distinct messages in the lake when the study ran (system messages included)', [c.count('lake:messages')])]
        : []),
    ],
    notes: [
      reasons.length || study.load.quarantined === 0
        ? 'Rows read = accepted + duplicates + quarantined. Each quarantined row is kept with its file, line and reason (quarantine/ in ' +
          'the lake).'
        : 'Rows read = accepted + duplicates + quarantined. The loads did not record their reasons (loaded by an earlier portal-pulse).',
    ],
  };

  return dataQuality;
}

const settingOf = (category: string): string => category.split('/')[1] ?? '';

const STAT_LABEL = { mean: 'Mean', median: 'Median', p90: '90th percentile' } as const;

/** Hours as a plain number of hours with one decimal (the column says "hours"); hidden and n/a unchanged. */
function hoursCell(cell: NumberCell): NumberCell {
  return cell.value === null ? cell : { ...cell, text: formatOneDecimal(cell.value) };
}
