// The settings file, described once: this JSON Schema is the source of the Settings type (FromSchema), the
// defaults (each property's `default`), the messages (each `errorMessage`) and the published
// schemas/portal-pulse.settings.schema.json that editors complete a file with (`npx tsx scripts/write-schemas.ts`
// writes it; a test fails when it is stale). What a schema cannot say (the windows split the day, the short reply
// threshold is not above the long one) is checked in validate.ts.
import type { JsonSchema } from '../json-schema/index.ts';

/** What a count counts: distinct patients (patient-side senders), messages (replies too), clinicians, threads, load rows. */
export const COUNT_KINDS = ['patients', 'messages', 'clinicians', 'threads', 'rows'] as const;

/** "HH:MM", 00:00 to 23:59. */
export const TIME_OF_DAY = '^([01]\\d|2[0-3]):[0-5]\\d$';

const timeOfDay = <D extends string>(dflt: D) =>
  ({ type: 'string', pattern: TIME_OF_DAY, default: dflt, errorMessage: 'must be a time of day "HH:MM" (00:00-23:59)' }) as const;

const timeWindow = <S extends string, E extends string>(description: string, start: S, end: E) =>
  ({
    description:
      `${description} A half-open window [start, end) of local wall-clock time; an end ` + `at or before the start wraps past midnight.`,
    type: 'object',
    additionalProperties: false,
    default: {},
    errorMessage: 'must be {"start": "HH:MM", "end": "HH:MM"}',
    properties: { start: timeOfDay(start), end: timeOfDay(end) },
  }) as const;

const positiveHours = <D extends number>(description: string, dflt: D) =>
  ({ description, type: 'number', exclusiveMinimum: 0, default: dflt, errorMessage: 'must be a positive number' }) as const;

const positiveWhole = <D extends number>(description: string, dflt: D) =>
  ({ description, type: 'integer', minimum: 1, default: dflt, errorMessage: 'must be a positive whole number' }) as const;

const yesNo = <D extends boolean>(description: string, dflt: D) =>
  ({ description, type: 'boolean', default: dflt, errorMessage: 'must be true or false' }) as const;

const audienceRule = <const H extends readonly (typeof COUNT_KINDS)[number][], C extends boolean>(
  description: string,
  hide: H,
  complementary: C,
) =>
  ({
    description,
    type: 'object',
    additionalProperties: false,
    default: {},
    errorMessage: 'must be {"hide": [...], "complementary": true|false}',
    properties: {
      hide: {
        description: `The kinds of count shown as "<N+1" when from 1 to max_small_count: ${COUNT_KINDS.join(', ')}.`,
        type: 'array',
        items: { enum: COUNT_KINDS },
        default: hide,
        errorMessage: `must list kinds of count among ${COUNT_KINDS.join(', ')}`,
      },
      complementary: yesNo(
        "Also hide enough other cells that no hidden one can be worked out from totals (and a reader's own figures).",
        complementary,
      ),
    },
  }) as const;

/** A section of the file: every key optional (`{}` takes all its defaults), unknown keys refused. */
const section = <const P extends Record<string, JsonSchema>>(description: string, properties: P) =>
  ({ description, type: 'object', additionalProperties: false, default: {}, errorMessage: 'must be an object {...}', properties }) as const;

export const SETTINGS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'portal-pulse settings',
  description:
    "A site's settings (portal-pulse.settings.json, or --settings FILE). Every key is optional: " +
    'what is absent takes its default. See docs/settings.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { description: 'The schema this file follows, for editors; portal-pulse ignores it.', type: 'string' },
    $comment: { description: 'A note for people; portal-pulse ignores it.', type: 'string' },
    timezone: {
      description:
        'IANA time zone of the site: all local times, periods and windows use it. Written in any case or as ' +
        'a link (US/Central); the lake records it and refuses another.',
      type: 'string',
      format: 'iana-time-zone',
      default: 'America/Chicago',
      errorMessage: 'must be an IANA time zone name (e.g. America/Chicago)',
    },
    windows: section('The three windows of the day; together they must cover every minute exactly once.', {
      working: timeWindow("Working hours (also the business clock's hours).", '07:00', '17:00'),
      evening: timeWindow('The evening.', '17:00', '19:00'),
      night: timeWindow('The night.', '19:00', '07:00'),
    }),
    reply: section('Reply thresholds, in hours.', {
      within_short_hours: positiveHours('"Replied within 1 day": delay <= this many hours.', 24),
      within_long_hours: positiveHours('"Replied within 3 days": delay <= this many hours; not below within_short_hours.', 72),
      follow_up_hours: positiveHours(
        'A patient message with no reply is unanswered once this many hours passed before the cut-off, else pending.',
        72,
      ),
    }),
    business_hours: section('Delays counted in working hours (the working window) of working days, Monday to Friday.', {
      study: yesNo('Also report business-hours delays in the study.', false),
      monthly: yesNo('Also report business-hours delays in monthly reports.', true),
      holidays: {
        description:
          'The site\'s holidays, local dates "YYYY-MM-DD", as observed: not working days for the ' +
          'business clock (a weekend date changes nothing).',
        type: 'array',
        items: { type: 'string', format: 'date', errorMessage: 'must be a date "YYYY-MM-DD"' },
        default: [],
        errorMessage: 'must be a list of local dates, e.g. ["2024-01-01", "2024-12-25"]',
      },
    }),
    disclosure: section('Disclosure control (docs/disclosure.md): small counts hidden by audience.', {
      max_small_count: positiveWhole('Counts from 1 to this value are shown as "<N+1" where an audience\'s rule hides their kind.', 10),
      audiences: section("Each audience's rule: which kinds of count from 1 to max_small_count are hidden.", {
        department: audienceRule("A department's own email.", [], false),
        organisation: audienceRule("The organisation's hosted pages.", ['patients'], true),
        public: audienceRule('A study released outside the organisation.', COUNT_KINDS, true),
      }),
    }),
    threads: section('Threads.', {
      max_rounds: positiveWhole('The headline "threads within N rounds".', 4),
    }),
    reports: section('Department emails and the hosted pages.', {
      link_base: {
        description: 'Base URL of the hosted pages, linked from each email; null leaves the link out.',
        type: ['string', 'null'],
        pattern: '^https?://',
        default: null,
        errorMessage: 'must be null or a URL starting with https:// or http://',
      },
      from_address: {
        description: 'The From: address of department emails.',
        type: 'string',
        format: 'email',
        default: 'portal-pulse@localhost',
        errorMessage: 'must be an email address',
      },
      few_messages: positiveWhole('A rate over fewer messages than this is marked as resting on few messages.', 20),
      peers_min_answered: positiveWhole(
        'Peers (same care setting) are ranked only among departments with at least this many answered messages.',
        20,
      ),
    }),
    ingest: section('Loading exports.', {
      earliest: {
        description: 'A message whose local sent_at date is before this (YYYY-MM-DD) is quarantined as an implausible date.',
        type: 'string',
        format: 'date',
        default: '2000-01-01',
        errorMessage: 'must be a date "YYYY-MM-DD" (e.g. "2000-01-01")',
      },
    }),
    engine: section('The query engine.', {
      concurrency: positiveWhole(
        'How many independent queries of one run are sent at once (Athena and Trino run them in parallel; DuckDB one at a time).',
        4,
      ),
    }),
    smtp: {
      description:
        'SMTP for `portal-pulse send`, or null. The user name and password come from ' +
        'PORTAL_PULSE_SMTP_USER and PORTAL_PULSE_SMTP_PASSWORD.',
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['host', 'port', 'secure'],
      default: null,
      errorMessage: 'must be null or {"host": "...", "port": 587, "secure": false}',
      properties: {
        host: { description: 'The SMTP server.', type: 'string', minLength: 1, errorMessage: "must be the SMTP server's host name" },
        port: {
          description: 'Its port, e.g. 587.',
          type: 'integer',
          minimum: 1,
          maximum: 65535,
          errorMessage: 'must be a port number (1-65535)',
        },
        secure: {
          description: 'true: TLS from the start (port 465); false: STARTTLS.',
          type: 'boolean',
          errorMessage: 'must be true or false',
        },
      },
    },
  },
} as const satisfies JsonSchema;
