// `portal-pulse start` (what `npm start` runs): the whole local job on sample data, no cloud account.
// It composes the same library calls as the sample, ingest, study and monthly commands.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { optionalString, wholeNumber, type Command } from '../command.ts';
import { generateSample, DEFAULT_MESSAGES } from '../../sample/index.ts';
import { UserError } from '../../errors/index.ts';
import { loadSettings } from '../../settings/index.ts';
import { formatCount, formatHours, formatProportion } from '../../results/format.ts';

function step(label: string): () => void {
  const started = performance.now();
  process.stderr.write(`${label}… `);
  return () => process.stderr.write(`done (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

export const command: Command = {
  name: 'start',
  summary: 'Run the whole local job on sample data: sample, ingest, study, monthly reports.',
  description: `
The whole monthly job on this machine, end to end, with no cloud account:
  1. generates a deterministic sample export into DATA/sample (only if there is none),
  2. loads it into the Parquet lake DATA/lake (only if the lake holds no load yet),
  3. reproduces the study from the first month to the latest complete one -> DATA/results/study.json and its page,
  4. computes the latest complete month                 -> DATA/results/monthly.json, each department's
     email (.eml and .html) and the organisation page,
then prints the headline figures as x% (n/N) and where the files are (DATA/results/index.html lists the pages).
Use --fresh to start again from a new sample.`,
  options: {
    data: { type: 'string', valueName: 'DIR', description: 'Working folder for sample, lake and results.', default: 'data' },
    messages: {
      type: 'string',
      valueName: 'N',
      description: 'Sample size, when a sample is generated.',
      default: String(DEFAULT_MESSAGES),
    },
    fresh: { type: 'boolean', description: 'Delete DATA/sample, DATA/lake and DATA/results first.' },
    settings: { type: 'string', valueName: 'FILE', description: 'Settings file (default: ./portal-pulse.settings.json if present).' },
  },
  examples: ['npm start', 'npx portal-pulse start --fresh --messages 500000', 'npx portal-pulse start --data /tmp/pp'],
  async run(values) {
    // Loaded here rather than at the top, so that `--help` does not wait for DuckDB and the report stack.
    const [
      { ingest },
      { openDuckDbEngine },
      { dataCutoff, defaultStudyRange, listDepartments, runMonthly, runStudy, writeResult },
      { FsStorage },
      { publishMonthly, publishStudy },
    ] = await Promise.all([
      import('../../ingest/index.ts'),
      import('../../engines/duckdb/index.ts'),
      import('../../analysis/index.ts'),
      import('../../storage/index.ts'),
      import('../../publish/index.ts'),
    ]);
    const started = performance.now();
    const data = optionalString(values, 'data') ?? 'data';
    const sampleDir = join(data, 'sample');
    const lakeDir = join(data, 'lake');
    const outDir = join(data, 'results');
    const settings = loadSettings(optionalString(values, 'settings'));
    if (values.fresh) for (const d of [sampleDir, lakeDir, outDir]) rmSync(d, { recursive: true, force: true });

    if (!existsSync(join(sampleDir, 'departments.csv'))) {
      const messages = wholeNumber(values, 'messages', 'start') ?? DEFAULT_MESSAGES;
      const done = step(`Generating a sample export of ${formatCount(messages)} messages into ${sampleDir}`);
      await generateSample({ outDir: sampleDir, messages });
      done();
    } else {
      console.error(`Using the sample export in ${sampleDir} (--fresh for a new one).`);
    }

    if (!existsSync(join(lakeDir, 'loads'))) {
      const done = step(`Loading ${sampleDir} into the lake ${lakeDir}`);
      const load = await ingest({ inputDir: sampleDir, lakeDir, settings });
      done();
      console.error(
        `  rows read ${formatCount(load.rows_read)} = accepted ${formatCount(load.accepted)} + duplicates ${formatCount(load.duplicates)}` +
          ` + quarantined ${formatCount(load.quarantined)} (see ${join(lakeDir, 'quarantine')})`,
      );
    } else {
      console.error(`Using the lake in ${lakeDir} (--fresh to reload).`);
    }

    const engine = await openDuckDbEngine({ lakeDir, timezone: settings.timezone });
    try {
      const storage = new FsStorage(outDir);
      const cutoff = await dataCutoff(engine);
      if (!cutoff) throw new UserError(`the lake ${lakeDir} holds no messages`);

      // The study runs from the first month to the latest complete one: the cut-off's own month holds only
      // the replies that spilled over, which would read as a collapse in volume.
      const { from, to: month } = await defaultStudyRange(engine, cutoff, settings.timezone, settings.reply.follow_up_hours);
      let done = step(`Study ${from} to ${month}`);
      const study = await runStudy({ engine, settings, from, to: month });
      await writeResult(outDir, study);
      await publishStudy({ study, settings, storage });
      done();

      done = step(`Monthly report for ${month}`);
      const monthly = await runMonthly({ engine, settings, month });
      await writeResult(outDir, monthly);
      const departments = await listDepartments(engine);
      await publishMonthly({ monthly, settings, storage, departments });
      done();

      const phys = study.time_of_day.by_role.physician;
      const nppa = study.time_of_day.by_role.np_pa;
      const o = monthly.organisation;
      console.log(
        [
          `\nStudy ${study.from} to ${study.to} (data cut-off ${study.data_cutoff}), as the paper reports it:`,
          `  patient messages replied within 1 day    ${formatProportion(study.response.within_1d)}`,
          `  patient messages replied within 3 days   ${formatProportion(study.response.within_3d)}`,
          `  threads with at most ${settings.threads.max_rounds} rounds            ${formatProportion(study.threads.le4_rounds)}`,
          phys ? `  physician messages sent 5-7 PM           ${formatProportion(phys.evening)}` : '',
          nppa ? `  NP/PA messages sent 5-7 PM               ${formatProportion(nppa.evening)}` : '',
          '',
          `Month ${monthly.month}, organisation (${Object.keys(monthly.departments).length} departments):`,
          `  messages from patients / clinicians      ${formatCount(o.messages.patient_side)} / ${formatCount(o.messages.clinician_side)}`,
          `  replied within 1 day / 3 days            ${formatProportion(o.response.within_1d)} / ` +
            formatProportion(o.response.within_3d),
          // The lead's reading (docs/metrics.md "Of all patient messages"): unanswered messages count in N.
          `  of all patient messages: within 1 day    ${formatProportion(o.response.within_1d_of_all)}, ` +
            `reply rate ${formatProportion(o.response.reply_rate)}`,
          `  median reply time                        ${formatHours(o.response.median_hours)}`,
          `  unanswered / pending                     ${formatCount(o.response.unanswered)} / ${formatCount(o.response.pending)}`,
          '',
          `Results (exact counts, for the analytics team): ${join(outDir, 'study.json')}, ${join(outDir, 'monthly.json')}`,
          `Emails, one per department (.eml and .html):    ${join(outDir, 'emails', monthly.month)}/`,
          `Pages, newest first:                            ${join(outDir, 'index.html')}`,
          `Finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        ]
          .filter((l) => l !== '')
          .join('\n')
          .replace(/\n(Month|Results|Study)/g, '\n\n$1'),
      );
    } finally {
      await engine.close();
    }
    return 0;
  },
};
