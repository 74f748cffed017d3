// `portal-pulse study`: the study's analyses over a range of months → OUT/study.json and its page.
import { join } from 'node:path';
import { optionalString, type Command, UsageError } from '../command.ts';
import { loadSettings } from '../../settings/index.ts';
import { formatProportion as pct } from '../../results/format.ts';
import { ENGINE_OPTION_HELP } from '../../engines/open.ts';

export const command: Command = {
  name: 'study',
  summary: "Reproduce the study's multi-year analyses over a range of months (study.json + page).",
  description: `
Computes the study's message-, sender- and thread-based analyses (docs/metrics.md) over the months
--from..--to on the local lake, and writes them to OUT/study.json (docs/results.md): volumes,
active senders and messages per sender by year, clinician messages by local hour and window, reply times
(within 1 and 3 days, median, 90th percentile, by replying clinician category), thread rounds, load totals,
and which clinician categories carried the growth between the first and last year.

Replies and later turns of threads are followed past --to, up to the data cut-off: by default the latest
message loaded; --cutoff sets an earlier one, and messages after it are ignored. Without --from/--to the
range runs from the first month with data to the latest complete month before the cut-off.

Beside study.json (exact counts, for the analytics team) it writes the study page and each of its tables
as OUT/tables/<name>.csv. Without --release they are for readers in the organisation: only counts of
distinct patients from 1 to 10 are hidden (the default rule, settings disclosure.audiences). With
--release they are the public version, for release outside the organisation: every count from 1 to 10 is
hidden, with complementary suppression (see docs/reports.md). study.json itself is never for release.
Both versions use the same file names: give --release its own --out folder (its page and tables/ may
leave the organisation; its study.json may not).

--engine trino://HOST:PORT/CATALOG/SCHEMA runs the same SQL on a Trino server instead of DuckDB (start one
with 'npm run trino:start', make its tables with 'portal-pulse catalog'); the files written are the same.`,
  options: {
    lake: { type: 'string', valueName: 'DIR', description: 'The lake folder written by `portal-pulse ingest`.', default: 'data/lake' },
    engine: { type: 'string', valueName: 'URI', description: ENGINE_OPTION_HELP, default: 'duckdb' },
    from: { type: 'string', valueName: 'YYYY-MM', description: 'First month of the range (default: the first month with data).' },
    to: {
      type: 'string',
      valueName: 'YYYY-MM',
      description: 'Last month of the range, inclusive (default: the latest complete month before the cut-off).',
    },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Folder for study.json, the study page and tables/ (created if absent).',
      default: 'data/results',
    },
    cutoff: {
      type: 'string',
      valueName: 'ISO',
      description: 'Data cut-off, e.g. 2017-12-31T23:59:59Z (default: the latest message loaded).',
    },
    settings: { type: 'string', valueName: 'FILE', description: 'Settings file (default: ./portal-pulse.settings.json if present).' },
    release: { type: 'boolean', description: 'Write the page and tables for release outside the organisation (public audience).' },
  },
  examples: [
    'portal-pulse study --lake data/lake --from 2010-01 --to 2017-12 --out data/results',
    'portal-pulse study --lake data/lake --from 2016-01 --to 2016-12 --cutoff 2017-01-31T23:59:59Z --out data/results/2016',
    'portal-pulse study --lake data/lake --settings site.settings.json',
    'portal-pulse study --lake data/lake --from 2010-01 --to 2017-12 --out data/release --release',
  ],
  async run(values) {
    const lake = optionalString(values, 'lake') ?? 'data/lake';
    const out = optionalString(values, 'out') ?? 'data/results';
    const settings = loadSettings(optionalString(values, 'settings'));
    let from = optionalString(values, 'from');
    let to = optionalString(values, 'to');
    if (!!from !== !!to) throw new UsageError('give both --from and --to, or neither (first month with data to the latest complete month)');
    // Loaded here rather than at the top, so that `--help` does not wait for DuckDB and the report stack. The
    // engine opens while the analysis loads: DuckDB opens the lake on its own threads meanwhile.
    const { openEngine } = await import('../../engines/open.ts');
    const opening = openEngine({ uri: optionalString(values, 'engine'), lakeDir: lake, timezone: settings.timezone });
    const [engine, { defaultStudyRange, lakeSummary, resolveCutoff, runStudy, writeResult }, { FsStorage }] = await Promise.all([
      opening,
      import('../../analysis/index.ts'),
      import('../../storage/index.ts'),
    ]).catch(async (e: unknown) => {
      // An engine that opened is closed again when the rest fails to load.
      await opening.then((opened) => opened.close()).catch(() => undefined);
      throw e;
    });
    // The page stack (templates, the chart writer, the publishers) loads while the engine computes the study: not before
    // (the main thread would hold up the queries that pick the range and send the study's), and not at all
    // when there is no study to draw.
    let publishing: Promise<typeof import('../../publish/index.ts')> | undefined;
    const loadPublishing = () => {
      publishing = import('../../publish/index.ts');
      publishing.catch(() => undefined); // awaited below; not an unhandled rejection if the study fails first
    };
    try {
      // The lake's cut-off, months with data and message count, from one query, for the range and the study.
      const summary = await lakeSummary(engine);
      const cutoff = await resolveCutoff(engine, optionalString(values, 'cutoff'), summary);
      if (!from || !to)
        ({ from, to } = await defaultStudyRange(engine, cutoff, settings.timezone, settings.reply.follow_up_hours, summary.coverage));
      const study = await runStudy({ engine, settings, from, to, cutoff, lake: summary, whileQuerying: loadPublishing });
      const path = await writeResult(out, study);
      const r = study.response;
      console.log(`study ${study.from}..${study.to} (cut-off ${study.data_cutoff})`);
      console.log(`  replied within 1 day: ${pct(r.within_1d)}; within 3 days: ${pct(r.within_3d)}`);
      console.log(
        `  of all patient messages (unanswered ${r.unanswered} in N, pending ${r.pending} in neither): within 1 day ` +
          `${pct(r.within_1d_of_all)}; reply rate ${pct(r.reply_rate)}`,
      );
      console.log(`  threads with at most ${settings.threads.max_rounds} rounds: ${pct(study.threads.le4_rounds)}`);
      // The page goes beside the results: a local --out folder belongs to the analytics team.
      const { publishStudy } = await (publishing ?? import('../../publish/index.ts'));
      const audience = values['release'] === true ? 'public' : 'organisation';
      const { keys } = await publishStudy({ study, settings, storage: new FsStorage(out), audience });
      const forWhom =
        audience === 'public'
          ? 'public release (every count from 1 to 10 hidden)'
          : 'the organisation (not for release; --release writes that version)';
      console.log(`  page and tables for ${forWhom}`);
      console.log(`  wrote ${path}`);
      const tables = keys.filter((k) => k.startsWith('tables/'));
      for (const k of keys.filter((k) => !tables.includes(k))) console.log(`  wrote ${join(out, k)}`);
      if (tables.length) console.log(`  wrote ${join(out, 'tables')}/ (${tables.length} tables as CSV, the page's figures)`);
    } finally {
      await engine.close();
    }
    return 0;
  },
};
