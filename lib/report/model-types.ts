// The report models: what an email or a page shows, already through disclosure control. Every value a
// template can print is a display cell whose `text` is final (formatted, suppressed where it must be);
// templates never decide what may be shown, and never compute a number. Models carry no identifier
// other than department ids (asserted by the tests).
import type { ChartSpec } from '../charts/spec.ts';
import type { DisplayCell, TextCell } from '../disclosure/cell-types.ts';

// The cells are disclosure's (lib/disclosure/cell-types.ts); re-exported so a model and its cells come from one place.
export type { CountCell, DisplayCell, NumberCell, RateCell, SuppressionReason, TextCell } from '../disclosure/cell-types.ts';

/**
 * A change against a reference. Meaning is carried by `word`/`sentence` (and `direction` for an arrow),
 * never by colour alone. A change is called higher or lower only when a test at 95% says it is beyond
 * chance (`direction` 'same' and word "about the same" otherwise). There is no change model where there is
 * nothing to compare (a side hidden or without data): the comparison is left out.
 */
export interface ChangeModel {
  /** "+12 (+8.1%)", "+3.4 pts", "no change"; for a measure without a test, the reference's text. */
  text: string;
  /** 'same' when within chance; null when no test applies (a median). */
  direction: 'up' | 'down' | 'same' | null;
  /** "higher", "lower", "about the same", or "not tested" (a median), or a rank for peers. */
  word: string;
  /** Whether the change is good news for this figure (reply rates up: better; median delay up: worse). */
  assessment: 'better' | 'worse' | 'neutral' | null;
  /** One short sentence for the email, plain text and screen readers, e.g. "3.4 points higher than May 2017 (68.8%)." */
  sentence: string;
}

/** `peers`: departments of the same care setting; `organisation`: the department's share of the organisation's volume. */
export type ComparisonKind = 'previous_month' | 'same_month_last_year' | 'peers' | 'organisation';

export interface ComparisonModel {
  against: ComparisonKind;
  /** "May 2017", "June 2016", "Organisation". */
  label: string;
  /** The reference value, disclosed like any other. */
  value: DisplayCell;
  change: ChangeModel;
}

export type DepartmentHeadlineKey =
  | 'replied_within_1bd_of_all'
  | 'replied_within_1d_of_all'
  | 'reply_rate'
  | 'replied_within_3d_of_all'
  | 'messages_received'
  | 'messages_sent'
  | 'replied_within_1d'
  | 'replied_within_3d'
  | 'median_reply_hours'
  | 'unanswered'
  | 'pending'
  | 'after_hours_evening'
  | 'after_hours_night'
  | 'after_hours_weekend'
  | 'threads_within_rounds';

export interface HeadlineFigure {
  key: DepartmentHeadlineKey;
  /** Short label: "Patient messages received". */
  label: string;
  /** One line saying what the figure means (from metrics.md), for a tooltip, footnote or plain text. */
  description: string;
  value: DisplayCell;
  /** A rate's 95% Wilson interval, e.g. "95% interval 54.6-75.5%"; null for a count or a hidden rate. */
  interval: string | null;
  /**
   * Set when a rate rests on fewer messages than settings.reports.few_messages, e.g. "Rests on few messages (12): read it with
   * its interval."
   */
  few: string | null;
  /** Set when the month is outside the 3-sigma limits of its trailing 12 months (p-chart), in words. */
  unusual: string | null;
  /** In order: previous month, same month last year, peers or share of the organisation; none where nothing compares. */
  comparisons: ComparisonModel[];
}

export interface TableColumn {
  key: string;
  label: string;
  align: 'left' | 'right';
}

export interface TableRow {
  key: string;
  /** The row header (a `<th scope="row">`). */
  header: string;
  /** One cell per column, in column order. */
  cells: DisplayCell[];
  /** The total / organisation row. */
  isTotal: boolean;
}

/** A data table with real semantics: caption, column headers, a row-header column. */
export interface TableModel {
  id: string;
  caption: string;
  /** Label of the row-header column. */
  rowHeaderLabel: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Footnotes (e.g. what "<11" and "—" mean), already plain text. */
  notes: string[];
}

/** A chart: a chart spec (lib/charts/spec.ts) of disclosed values (suppressed points are not drawn) and its alt text. */
export interface ChartModel {
  /** Stable, cid-safe name: "trend-rates", "trend-volume", "hours", "yearly-volume", "delays", "rounds". */
  id: string;
  title: string;
  spec: ChartSpec;
  /** States the numbers (disclosed), for alt= and the plain-text part. */
  alt: string;
  /** Set when something is not drawn, e.g. "Hours with 1 to 10 messages are not drawn." */
  note: string | null;
  /**
   * The figure's size in CSS pixels (the rendered SVG's width and height; PNGs are rendered at 2x). The SVG is
   * taller only when a title too long for this height would leave the plot too little room (svg-writer.ts).
   */
  width: number;
  height: number;
}

export interface DisclosureSummary {
  /** settings.disclosure.max_small_count. */
  maxSmallCount: number;
  /** "<11". */
  smallText: string;
  /** Whether any cell in this model is suppressed. */
  anySuppressed: boolean;
  /** The legend to print under the figures, e.g. "<11: from 1 to 10 (not shown for privacy). —: not shown...". */
  notes: string[];
  /** The audience's rule in one sentence, lower-case first ("counts of distinct patients from 1 to 10 are shown
   * as <11; ..."): what a page's footer states, so it never claims more or less than the figures follow. */
  rule: string;
}

export interface LinkModel {
  href: string;
  text: string;
}

export interface DepartmentReportModel {
  kind: 'department';
  month: string; // YYYY-MM
  /** "June 2017". */
  monthLabel: string;
  department: { id: string; name: string; careSetting: string | null; careSettingLabel: string | null };
  /** Email subject line, plain text (not escaped). */
  subject: string;
  /** One-sentence summary (preheader / first line of the plain-text part). */
  summary: string;
  /** Set for a preliminary month: "Preliminary: data up to ...; the month is complete at ...". Shown first. */
  preliminary: string | null;
  /** The largest change beyond chance against last month and what carried it, in one sentence; null when none. */
  whatChanged: string | null;
  timezone: string;
  dataCutoff: string;
  /** "30 June 2017 23:58 (America/Chicago)". */
  dataCutoffLabel: string;
  /** The lead's figures first (replied within 1 business day and within 1 day, of all patient messages), then the rest. */
  headlines: HeadlineFigure[];
  /** Messages per clinician by category: messages, active clinicians, messages per clinician, peers' median. */
  perClinician: TableModel;
  /** Trend (trailing 12 months) of reply rates and of volume; clinician messages by hour. Null when no data. */
  charts: { trendRates: ChartModel | null; trendVolume: ChartModel | null; hours: ChartModel | null };
  /** The hosted organisation page for this month; null when settings.reports.link_base is null. */
  organisationLink: LinkModel | null;
  disclosure: DisclosureSummary;
  /** Settings worth printing in a footer ("replied within 1 day = within 24 h", windows, threshold). */
  settingsNotes: string[];
}

export interface OrganisationReportModel {
  kind: 'organisation';
  month: string;
  monthLabel: string;
  title: string;
  summary: string;
  /** Set for a preliminary month, shown in the page header. */
  preliminary: string | null;
  whatChanged: string | null;
  timezone: string;
  dataCutoff: string;
  dataCutoffLabel: string;
  /** Same keys as a department's; comparisons are previous month and same month last year. */
  headlines: HeadlineFigure[];
  perClinician: TableModel;
  /** One row per department (with its change on last month) plus the organisation row, disclosed together. */
  departments: TableModel;
  charts: { trendRates: ChartModel | null; trendVolume: ChartModel | null; hours: ChartModel | null };
  disclosure: DisclosureSummary;
  settingsNotes: string[];
}

export type StudyHeadlineKey =
  | 'replied_within_1d'
  | 'replied_within_3d'
  | 'threads_within_rounds'
  | 'physician_evening'
  | 'np_pa_evening'
  | 'growth_categories'
  | 'heaviest_workload'
  | 'busiest_hours';

/** One of the study's headline figures, ours beside the published one (reference-figures.md). */
export interface StudyHeadline {
  key: StudyHeadlineKey;
  label: string;
  ours: DisplayCell;
  published: TextCell;
  /** E.g. "Pairing rules differ: see metrics.md". */
  note: string | null;
}

/** A part of the study page: its heading, a sentence on what it shows, its charts and tables. */
export interface StudySection {
  id: string;
  title: string;
  intro: string | null;
  charts: ChartModel[];
  tables: TableModel[];
}

/** The methods box: how the numbers were made, so a reader can cite and reproduce them. */
export interface StudyMethods {
  /** Each definition in words: a term and what it means with this run's settings. */
  definitions: Array<{ term: string; meaning: string }>;
  /** Only the settings that change a number (no delivery settings), "key: value". */
  settings: Array<{ key: string; value: string }>;
  /** "DuckDB (exact percentiles)", or null when the result does not say. */
  engine: string | null;
  /** The data cut-off: "2 January 2018, 03:12 (America/Chicago)" and the ISO instant. */
  cutoffLabel: string;
  cutoff: string;
  /** Rows read, accepted, duplicates, quarantined by reason, disclosed for the page's audience. */
  dataQuality: TableModel;
  /** The portal-pulse version and the fingerprint of the lake's loads; null when the result predates them. */
  provenance: { version: string; fingerprint: string; loads: number } | null;
  /** Who may read the page, and the rule its figures follow. */
  audience: string;
}

export interface StudyReportModel {
  kind: 'study';
  /** `organisation`: the hosted page; `public`: `study --release`. */
  audience: 'organisation' | 'public';
  from: string; // YYYY-MM
  to: string; // YYYY-MM
  /** "January 2016 to December 2017". */
  periodLabel: string;
  title: string;
  summary: string;
  timezone: string;
  dataCutoff: string;
  dataCutoffLabel: string;
  /** Engine and percentile kind, e.g. "DuckDB (exact percentiles)"; null when the result does not say. */
  engineNote: string | null;
  headlines: StudyHeadline[];
  /** The study's figure set, in reading order: volume, senders, time of day, reply times, rounds. */
  sections: StudySection[];
  charts: {
    yearlyVolume: ChartModel | null;
    hours: ChartModel | null;
    delays: ChartModel | null;
    rounds: ChartModel | null;
  };
  methods: StudyMethods;
  disclosure: DisclosureSummary;
}

/** One row of the index page, newest first (sort by `sortKey` descending). */
export interface IndexEntry {
  kind: 'organisation' | 'study' | 'department';
  /** "Organisation report, June 2017" / "Study report, January 2016 to December 2017". */
  title: string;
  /** Relative link from the index page, e.g. "pages/organisation-2017-06.html". */
  href: string;
  /** "2017-06" or "2016-01_2017-12". */
  period: string;
  /** ISO timestamp the report was produced (ordering key, newest first). */
  generatedAt: string;
}
