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
    /** Counts from 1 to this value are shown as `<(max+1)`. */
    max_small_count: number;
  };
  /** The first round count above the headline ("threads with at most N rounds"). */
  threads: { max_rounds: number };
  reports: {
    /** Base URL of the hosted pages, linked from emails; null hides the link. */
    link_base: string | null;
    /** The From: address of department emails. */
    from_address: string;
  };
  /** Loading exports: a sent_at before `earliest` (local date, YYYY-MM-DD) is quarantined as an implausible date. */
  ingest: { earliest: string };
  /** SMTP for `portal-pulse send`; credentials come from PORTAL_PULSE_SMTP_USER / PORTAL_PULSE_SMTP_PASSWORD. */
  smtp: { host: string; port: number; secure: boolean } | null;
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
  disclosure: { max_small_count: 10 },
  threads: { max_rounds: 4 },
  reports: { link_base: null, from_address: 'portal-pulse@localhost' },
  ingest: { earliest: '2000-01-01' },
  smtp: null,
};
