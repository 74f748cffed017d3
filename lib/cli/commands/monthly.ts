// `portal-pulse monthly`: one month for the organisation and every department → OUT/monthly.json, emails, pages.
import { join } from 'node:path';
import { optionalString, type Command } from '../command.ts';
import { loadSettings } from '../../settings/index.ts';
import { formatProportion as pct } from '../../results/format.ts';
import { ENGINE_OPTION_HELP } from '../../engines/open.ts';
import { preloadDepartmentRendering } from '../preload.ts';

export const command: Command = {
  name: 'monthly',
  summary: 'Compute one month for the organisation and every department (monthly.json, emails, pages).',
  description: `
Computes one month's figures (docs/metrics.md) for the organisation and for every department, and
writes OUT/monthly.json (docs/results.md), each department's email as OUT/emails/<month>/<department_id>.eml
(addressed to its leads) and .html (a preview), the organisation page OUT/pages/organisation-<month>.html
and OUT/index.html: volumes by side and clinician category, active senders,
after-hours shares, reply times (also in business hours unless the settings turn it off), the share of
threads with at most 4 rounds, and what the month is compared with: the previous month, the same month a
year before, and the trailing 12 months of the headline figures for trend charts.

Replies are followed past the month's end up to the data cut-off (default: the latest message loaded).
A patient message without a reply is "unanswered" once 72 hours passed before the cut-off, else "pending".
Without --month, the latest complete month before the cut-off is used.

A month is complete once the cut-off is at least 72 hours (reply.follow_up_hours) after its last local
instant: then none of its patient messages is pending. A month that is not complete is refused, with
the time at which it will be; --preliminary reports it anyway, and monthly.json then says
"preliminary": true.

--engine trino://HOST:PORT/CATALOG/SCHEMA runs the same SQL on a Trino server instead of DuckDB (start one
with 'npm run trino:start', make its tables with 'portal-pulse catalog'); the files written are the same.`,
  options: {
    lake: { type: 'string', valueName: 'DIR', description: 'The lake folder written by `portal-pulse ingest`.', default: 'data/lake' },
    engine: { type: 'string', valueName: 'URI', description: ENGINE_OPTION_HELP, default: 'duckdb' },
    month: { type: 'string', valueName: 'YYYY-MM', description: 'The month to report (default: the latest complete month).' },
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'Folder for monthly.json, the emails and the pages (created if absent).',
      default: 'data/results',
    },
    cutoff: {
      type: 'string',
      valueName: 'ISO',
      description: 'Data cut-off, e.g. 2017-07-05T00:00:00Z (default: the latest message loaded).',
    },
    settings: { type: 'string', valueName: 'FILE', description: 'Settings file (default: ./portal-pulse.settings.json if present).' },
    preliminary: { type: 'boolean', description: 'Report a month that is not complete yet (its outputs say "Preliminary").' },
  },
  examples: [
    'portal-pulse monthly --lake data/lake --month 2017-06 --out data/results/2017-06',
    'portal-pulse monthly --lake data/lake --month 2017-06 --cutoff 2017-07-03T00:00:00Z --out data/results/2017-06',
    'portal-pulse monthly --lake data/lake',
    'portal-pulse monthly --lake data/lake --month 2018-01 --preliminary   # before the data completes January',
  ],
  async run(values) {
    // Loaded here rather than at the top, so that `--help` does not wait for DuckDB and the report stack.
    const [
      { openEngine },
      { assertCompleteMonth, lakeSummary, latestCompleteMonth, listDepartments, resolveCutoff, runMonthly, writeResult },
      { FsStorage },
    ] = await Promise.all([import('../../engines/open.ts'), import('../../analysis/index.ts'), import('../../storage/index.ts')]);
    const lake = optionalString(values, 'lake') ?? 'data/lake';
    const out = optionalString(values, 'out') ?? 'data/results';
    const settings = loadSettings(optionalString(values, 'settings'));
    const engine = await openEngine({ uri: optionalString(values, 'engine'), lakeDir: lake, timezone: settings.timezone });
    // The report stack (MJML, resvg, the render pool: about 1 s of CPU to load) loads while the engine
    // computes the month: not before, and not at all when there is no lake to read.
    const publishing = import('../../publish/index.ts');
    publishing.catch(() => undefined); // awaited below; not an unhandled rejection if the month fails first
    const renderPool = import('../../publish/render-pool.ts');
    renderPool.catch(() => undefined);
    let pool: import('../../publish/render-pool.ts').RenderPool | undefined;
    try {
      // Checked here too: without --month the cut-off picks the month. The lake's cut-off, months with data
      // and message count come from one query, read once for the month and the report.
      const summary = await lakeSummary(engine);
      const cutoff = await resolveCutoff(engine, optionalString(values, 'cutoff'), summary);
      const month =
        optionalString(values, 'month') ??
        (await latestCompleteMonth(engine, cutoff, settings.timezone, settings.reply.follow_up_hours, summary.coverage));
      assertCompleteMonth(month, cutoff, settings, values.preliminary === true);
      // The render workers start now and load the render stack while the month's queries run (issue 13).
      const departments = await listDepartments(engine);
      pool = (await renderPool).startRenderPool({ settings, departments: departments.length });
      // The main thread renders departments too: its MJML and template load while the month's queries run.
      void preloadDepartmentRendering();
      const monthly = await runMonthly({ engine, settings, month, cutoff, lake: summary });
      const path = await writeResult(out, monthly);
      const o = monthly.organisation;
      console.log(
        `monthly ${monthly.month}${monthly.preliminary ? ` PRELIMINARY (complete once the data reaches ${monthly.complete_at})` : ''}` +
          ` (cut-off ${monthly.data_cutoff}), ${Object.keys(monthly.departments).length} departments`,
      );
      console.log(`  organisation: replied within 1 day ${pct(o.response.within_1d)}, within 3 days ${pct(o.response.within_3d)}`);
      // Each department's email (.eml addressed to its leads, and an .html preview) and the organisation page.
      const storage = new FsStorage(out);
      let done = 0;
      const total = Object.keys(monthly.departments).length;
      const { publishMonthly } = await publishing;
      const { keys } = await publishMonthly({
        monthly,
        settings,
        storage,
        departments,
        pool,
        onDepartment: () => process.stderr.write(`\r  rendering department emails: ${++done}/${total}`),
      });
      process.stderr.write('\n');
      console.log(`  wrote ${path}`);
      console.log(`  wrote ${keys.filter((k) => k.startsWith('emails/')).length} email files in ${join(out, 'emails', monthly.month)}/`);
      for (const k of keys.filter((k) => !k.startsWith('emails/'))) console.log(`  wrote ${join(out, k)}`);
    } finally {
      await Promise.all([engine.close(), pool?.close()]);
    }
    return 0;
  },
};
