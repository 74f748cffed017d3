// `portal-pulse ingest`: validate an export and load it into the Parquet lake.
import { type Command, requireString, UsageError } from '../command.ts';
import { describeRepair, formatSummary, ingest, recoverLake } from '../../ingest/index.ts';
import { loadSettings } from '../../settings/index.ts';

export const command: Command = {
  name: 'ingest',
  summary: 'Validate an export and load it into the Parquet lake.',
  description: `
Reads an export folder holding messages.csv (or messages.ndjson), clinicians.csv and departments.csv,
checks every row against the input rules (docs/metrics.md "Input data"), and loads the valid rows
into the lake: messages partitioned by local year and month, clinicians, departments, one summary record per
load and a quarantine file listing every rejected row with its file, line and reason.

Column names and enum values are case-insensitive. sent_at may carry Z, an offset, or nothing (wall-clock time
in the site time zone; a repeated time takes the earlier offset, a skipped one moves forward by the gap).
Exact duplicate rows are dropped once and counted; two different rows with one id are both quarantined.

Loading is idempotent (a message already in the lake is replaced by the latest load's row) and atomic: a load
that fails or is killed at any point leaves the lake exactly as it was, or (once committed) exactly as loaded.
A load that was interrupted is finished or rolled back by the next load, or by --recover; until then study
and monthly refuse the lake. sent_at before ingest.earliest (setting, default 2000-01-01) or more than a day
after the load runs is quarantined as an implausible date.

Exit codes:
  0  loaded (rows may have been quarantined: see the summary)
  2  bad flags or settings, or a lake that cannot be used (a file, not writable, another time zone)
  3  an export file was refused (missing, unreadable, broken CSV/JSON structure): nothing was loaded
  4  nothing accepted: every message row was quarantined, or the files hold no rows; nothing was loaded
  5  another load holds the lake's lock (.lock)
  6  an interrupted load was found and could not be repaired
  1  an unexpected error (a bug: please report it with the output)`,
  options: {
    input: { type: 'string', valueName: 'DIR', description: 'Folder holding messages.csv|ndjson, clinicians.csv, departments.csv.' },
    lake: { type: 'string', valueName: 'DIR', description: 'The lake folder (created if absent).', default: 'data/lake' },
    settings: { type: 'string', valueName: 'FILE', description: 'Settings file (default: ./portal-pulse.settings.json if present).' },
    timezone: {
      type: 'string',
      valueName: 'TZ',
      description: "Site IANA time zone, overriding the settings' timezone (default America/Chicago).",
    },
    recover: { type: 'boolean', description: 'Only finish or roll back an interrupted load in --lake (no --input), then exit.' },
    quiet: { type: 'boolean', description: 'Print only the summary, no progress.' },
    json: { type: 'boolean', description: 'Print the summary as JSON instead of a table.' },
  },
  examples: [
    'portal-pulse ingest --input data/sample --lake data/lake',
    'portal-pulse ingest --input exports/2017-06 --lake data/lake --timezone America/New_York',
    'portal-pulse ingest --input exports/2017-06 --lake data/lake --json > load.json',
    'portal-pulse ingest --recover --lake data/lake     # after a crash: finish or roll back the interrupted load',
  ],
  async run(values) {
    const lake = requireString(values, 'lake', 'ingest');
    if (values.recover) {
      if (values.input !== undefined)
        throw new UsageError(`--recover repairs the lake only; leave out --input (a normal load repairs the lake first anyway).`);
      const done = recoverLake(lake);
      console.log(done.length ? done.map(describeRepair).join('\n') : `${lake}: no interrupted load; nothing to do`);
      return 0;
    }
    const input = requireString(values, 'input', 'ingest');
    const overrides: Record<string, unknown> = {};
    if (typeof values.timezone === 'string') overrides.timezone = values.timezone;
    const settings = loadSettings(typeof values.settings === 'string' ? values.settings : undefined, overrides);
    const t0 = Date.now();
    const summary = await ingest({
      inputDir: input,
      lakeDir: lake,
      settings,
      onProgress: values.quiet
        ? undefined
        : (p) =>
            process.stderr.write(
              `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${p.stage}` +
                `${p.rows !== undefined ? ` (${p.rows.toLocaleString('en-US')} rows)` : ''}\n`,
            ),
    });
    console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return 0;
  },
};
