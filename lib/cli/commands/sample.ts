// `portal-pulse sample`: writes a realistic, deterministic sample export (see docs/sample-data.md).
import { existsSync, statSync } from 'node:fs';
import { UsageError, requireString, wholeNumber, type Command } from '../command.ts';
import { DEFAULT_FROM_YEAR, DEFAULT_MESSAGES, DEFAULT_SEED, DEFAULT_TO_YEAR, generateSample } from '../../sample/index.ts';

export const command: Command = {
  name: 'sample',
  summary: 'Generate a realistic, deterministic sample export.',
  description: `
Writes a sample export in the input format (messages.csv or messages.ndjson, clinicians.csv, departments.csv)
into --out, shaped on the study's published figures: volume growing every year, about 72% of answered patient
messages replied within a day and 91% within three, about 95% of threads within four rounds, about 7% of
physician messages sent 17:00-19:00 (America/Chicago).

It also holds the awkward cases a real export has: proxies, system messages, clinicians missing from the
roster, threads spanning months and years, bursts of patient messages, unanswered messages, every timestamp
spelling (Z, offset, wall clock, daylight-saving edges), enum values in other cases, and a tiny fixed number of
exact duplicate rows, conflicting message ids and broken rows. The summary printed at the end says exactly how
many of each, and what a correct ingestion should report.

The same --seed and options always give byte-identical files. Progress goes to stderr, the summary to stdout.`,
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'Folder to write the files into (created if missing; files are overwritten).' },
    messages: {
      type: 'string',
      valueName: 'N',
      description: 'Message rows to write, injected rows included (1000 or more; 1m = one million).',
      default: String(DEFAULT_MESSAGES),
    },
    seed: {
      type: 'string',
      valueName: 'N',
      description: 'Random seed (0-4294967295): same seed and options, same files.',
      default: String(DEFAULT_SEED),
    },
    format: { type: 'string', valueName: 'csv|ndjson', description: 'Format of the messages file.', default: 'csv' },
    'from-year': { type: 'string', valueName: 'Y', description: 'First year of messages.', default: String(DEFAULT_FROM_YEAR) },
    'to-year': {
      type: 'string',
      valueName: 'Y',
      description: 'Last year (replies may spill up to 7 days into the next January).',
      default: String(DEFAULT_TO_YEAR),
    },
    json: { type: 'boolean', description: 'Print the summary as JSON instead of text.' },
  },
  examples: [
    'portal-pulse sample --out data/sample',
    'portal-pulse sample --out /tmp/big --messages 5m --seed 7',
    'portal-pulse sample --out /tmp/s --format ndjson --from-year 2016 --to-year 2017 --messages 20000',
  ],
  async run(values, positionals) {
    if (positionals.length)
      throw new UsageError(`unexpected argument '${positionals[0]}'. Run 'portal-pulse sample --help' for the options.`);
    const outDir = requireString(values, 'out', 'sample');
    if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
      throw new UsageError(`--out ${outDir} is a file; give a folder (it is created if missing).`);
    }
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format must be csv or ndjson, got '${String(format)}'.`);
    const messages = wholeNumber(values, 'messages') ?? DEFAULT_MESSAGES;
    const tty = process.stderr.isTTY;
    let lastShown = 0;
    let summary: Awaited<ReturnType<typeof generateSample>>;
    try {
      summary = await generateSample({
        outDir,
        messages,
        seed: wholeNumber(values, 'seed'),
        format,
        fromYear: wholeNumber(values, 'from-year'),
        toYear: wholeNumber(values, 'to-year'),
        onProgress: (written) => {
          const now = Date.now();
          if (written < messages && now - lastShown < 500) return;
          lastShown = now;
          const pct = Math.floor((100 * written) / messages);
          const text = `sample: ${written.toLocaleString('en-US')} / ${messages.toLocaleString('en-US')} rows (${pct}%)`;
          process.stderr.write(tty ? `\r${text}` : `${text}\n`);
        },
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && ['ENOTDIR', 'EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(code)) {
        const why =
          code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file' : code === 'ENOSPC' ? 'no space left' : 'not writable';
        throw new UsageError(`--out ${outDir}: cannot write the sample there (${why}); give a folder you can write.`);
      }
      throw e;
    }
    if (tty) process.stderr.write('\n');
    if (values.json) {
      console.log(JSON.stringify(summary, null, 2));
      return 0;
    }
    const s = summary;
    const by = s.messagesBySenderType;
    const e = s.expectedLoad;
    console.log(
      [
        `Wrote ${s.rows.toLocaleString('en-US')} message rows (${s.format}), ${s.clinicians} clinicians, ${s.departments} departments ` +
          `to ${s.outDir} in ${s.seconds} s.`,
        `  messages: ${by.patient} patient, ${by.proxy} proxy, ${by.clinician} clinician ` +
          `(${s.unknownClinicianMessages} from ${s.unknownClinicianIds} ids not on the roster), ${by.system} system`,
        `  threads: ${s.threads} (${s.threadsStartedByClinician} started by a clinician, ${s.threadsSpanningMonths} spanning months, ` +
          `${s.threadsSpanningYears} spanning years); ${s.patientBursts} patient bursts; ` +
          `${s.unansweredPatientMessages} patient messages never answered`,
        `  timestamps: ${s.timestamps.z} with Z, ${s.timestamps.offset} with an offset, ${s.timestamps.local} wall clock ` +
          `(${s.dst.repeated} in the repeated hour, ${s.dst.skipped} in the skipped hour)`,
        `  injected: ${s.injected.exactDuplicates} exact duplicate rows, ${s.injected.conflictingIds} conflicting ids (2 rows each), ` +
          `broken rows: ${s.injected.broken.missing_field} missing field, ${s.injected.broken.bad_enum} bad enum, ` +
          `${s.injected.broken.bad_timestamp} bad timestamp`,
        `  a correct load reports: rows read ${e.rowsRead}, accepted ${e.accepted}, duplicates ${e.duplicates}, ` +
          `quarantined ${e.quarantined}; data cut-off ${s.lastSentAt}`,
        `Next: portal-pulse ingest --input ${outDir} --lake data/lake`,
      ].join('\n'),
    );
    return 0;
  },
};
