// Site settings: one JSON file (default ./portal-pulse.settings.json) merged over these defaults, then
// validated. Every result file records the resolved settings it was computed with.

/** A half-open window of local wall-clock time, "HH:MM"; end <= start wraps past midnight (night). */
export interface TimeWindow {
  start: string;
  end: string;
}

export interface Settings {
  /** IANA time zone of the site: all local times, periods and windows use it. */
  timezone: string;
  windows: { working: TimeWindow; evening: TimeWindow; night: TimeWindow };
  reply: {
    /** "Replied within 1 day": delay <= this many hours. */
    within_short_hours: number;
    /** "Replied within 3 days": delay <= this many hours. */
    within_long_hours: number;
    /** A patient message with no reply is unanswered once this many hours passed before the cut-off, else pending. */
    follow_up_hours: number;
  };
  business_hours: {
    /** Also compute delays in working hours of working days (the working window, Monday-Friday). */
    study: boolean;
    monthly: boolean;
    /**
     * The site's holidays, local dates "YYYY-MM-DD": not working days for the business clock (a holiday
     * that falls on a weekend changes nothing). Default none.
     */
    holidays: string[];
  };
  disclosure: {
    /** Counts from 1 to this value are shown as `<(max+1)` where an audience's rule hides them. */
    max_small_count: number;
    /** Each audience's rule (metrics.md, "Disclosure control"): which kinds of count from 1 to max are hidden. */
    audiences: Record<Audience, AudienceRule>;
  };
  /** The first round count above the headline ("threads with at most N rounds"). */
  threads: { max_rounds: number };
  reports: {
    /** Base URL of the hosted pages, linked from emails; null hides the link. */
    link_base: string | null;
    /** The From: address of department emails. */
    from_address: string;
    /** A rate over fewer messages than this is marked as resting on few messages. */
    few_messages: number;
    /** Peers (same care setting) are ranked only among departments with at least this many answered messages. */
    peers_min_answered: number;
  };
  /** Loading exports: a sent_at before `earliest` (local date, YYYY-MM-DD) is quarantined as an implausible date. */
  ingest: { earliest: string };
  /** The engine: how many independent queries of one run are sent at once (Athena and Trino run them in parallel). */
  engine: { concurrency: number };
  /** SMTP for `portal-pulse send`; credentials come from PORTAL_PULSE_SMTP_USER / PORTAL_PULSE_SMTP_PASSWORD. */
  smtp: { host: string; port: number; secure: boolean } | null;
}

/** Who reads a report: a department's own email, the organisation's hosted pages, a public release. */
export type Audience = 'department' | 'organisation' | 'public';
export const AUDIENCES: readonly Audience[] = ['department', 'organisation', 'public'];

/** What a count counts: distinct patients (patient-side senders), messages (replies too), clinicians, threads, load rows. */
export type CountKind = 'patients' | 'messages' | 'clinicians' | 'threads' | 'rows';
export const COUNT_KINDS: readonly CountKind[] = ['patients', 'messages', 'clinicians', 'threads', 'rows'];

export interface AudienceRule {
  /** Counts of these kinds from 1 to max_small_count are shown as `<(max+1)`. */
  hide: CountKind[];
  /** Also hide enough other cells that no hidden one can be worked out from totals (and a reader's own figures). */
  complementary: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  timezone: 'America/Chicago',
  windows: {
    working: { start: '07:00', end: '17:00' },
    evening: { start: '17:00', end: '19:00' },
    night: { start: '19:00', end: '07:00' },
  },
  reply: { within_short_hours: 24, within_long_hours: 72, follow_up_hours: 72 },
  business_hours: { study: false, monthly: true, holidays: [] },
  disclosure: {
    max_small_count: 10,
    audiences: {
      department: { hide: [], complementary: false },
      organisation: { hide: ['patients'], complementary: true },
      public: { hide: ['patients', 'messages', 'clinicians', 'threads', 'rows'], complementary: true },
    },
  },
  threads: { max_rounds: 4 },
  reports: { link_base: null, from_address: 'portal-pulse@localhost', few_messages: 20, peers_min_answered: 20 },
  ingest: { earliest: '2000-01-01' },
  engine: { concurrency: 4 },
  smtp: null,
};
