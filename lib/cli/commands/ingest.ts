// `portal-pulse ingest`: validate an export and load it into the Parquet lake.
import { type Command, requireString } from '../command.ts';
import { formatSummary, ingest } from '../../ingest/index.ts';
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

Loading is idempotent (a message already in the lake is replaced by the latest load's row) and atomic (a load
that fails leaves the lake as it was). The exit code is 0 when the load succeeded, even if rows were
quarantined, and non-zero when nothing was loaded.`,
  options: {
    input: { type: 'string', valueName: 'DIR', description: 'Folder holding messages.csv|ndjson, clinicians.csv, departments.csv.' },
    lake: { type: 'string', valueName: 'DIR', description: 'The lake folder (created if absent).', default: 'data/lake' },
    settings: { type: 'string', valueName: 'FILE', description: 'Settings file (default: ./portal-pulse.settings.json if present).' },
    timezone: { type: 'string', valueName: 'TZ', description: "Site IANA time zone, overriding the settings' timezone (default America/Chicago)." },
    quiet: { type: 'boolean', description: 'Print only the summary, no progress.' },
    json: { type: 'boolean', description: 'Print the summary as JSON instead of a table.' },
  },
  examples: [
    'portal-pulse ingest --input data/sample --lake data/lake',
    'portal-pulse ingest --input exports/2017-06 --lake data/lake --timezone America/New_York',
    'portal-pulse ingest --input exports/2017-06 --lake data/lake --json > load.json',
  ],
  async run(values) {
    const input = requireString(values, 'input', 'ingest');
    const lake = requireString(values, 'lake', 'ingest');
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
        : (p) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${p.stage}${p.rows !== undefined ? ` (${p.rows.toLocaleString('en-US')} rows)` : ''}\n`),
    });
    console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return 0;
  },
};
