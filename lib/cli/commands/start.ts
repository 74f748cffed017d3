// `portal-pulse start` (what `npm start` runs): the whole local job on sample data, no cloud account.
// It composes the same library calls as the sample, ingest, study and monthly commands.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { optionalString, wholeNumber, type Command } from '../command.ts';
import { generateSample, DEFAULT_MESSAGES } from '../../sample/index.ts';
import { UserError } from '../../errors/index.ts';
import type { MonthlyResult, StudyResult } from '../../results/types.ts';
import { loadSettings, type Settings } from '../../settings/index.ts';
import { formatCount, formatHours, formatProportion } from '../../results/format.ts';
import { preloadDepartmentRendering } from '../preload.ts';

function step(label: string): () => void {
  const started = performance.now();
  process.stderr.write(`${label}… `);
  return () => process.stderr.write(`done (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

// Loaded when the command runs rather than at the top, so that `--help` does not wait for DuckDB and the report
// stack; and in two parts (issue 13). The ingest's modules first. The rest (engine, analysis, publishing, and
// the department emails' MJML, which the main thread renders too) while DuckDB loads the lake: the main
// thread only waits on it then, and the first department no longer waits about 1.5 s for MJML to load.
async function loadJobLibraries() {
  const [
    { openDuckDbEngine },
    { defaultStudyRange, lakeSummary, listDepartments, runMonthly, runStudy, writeResult },
    { FsStorage },
    { publishMonthly, publishStudy },
    { startRenderPool },
  ] = await Promise.all([
    import('../../engines/duckdb/index.ts'),
    import('../../analysis/index.ts'),
    import('../../storage/index.ts'),
    import('../../publish/index.ts'),
    import('../../publish/render-pool.ts'),
    preloadDepartmentRendering(),
  ]);
  return {
    openDuckDbEngine,
    defaultStudyRange,
    lakeSummary,
    listDepartments,
    runMonthly,
    runStudy,
    writeResult,
    FsStorage,
    publishMonthly,
    publishStudy,
    startRenderPool,
  };
}
type JobLibraries = Awaited<ReturnType<typeof loadJobLibraries>>;
interface JobDirs {
  readonly sample: string;
  readonly lake: string;
  readonly out: string;
}

/** Step 1: a deterministic sample export, unless one is there. */
async function ensureSample(values: Record<string, unknown>, sampleDir: string): Promise<void> {
  if (existsSync(join(sampleDir, 'departments.csv'))) {
    console.error(`Using the sample export in ${sampleDir} (--fresh for a new one).`);
    return;
  }
  const messages = wholeNumber(values, 'messages', 'start') ?? DEFAULT_MESSAGES;
  const done = step(`Generating a sample export of ${formatCount(messages)} messages into ${sampleDir}`);
  await generateSample({ outDir: sampleDir, messages });
  done();
}

/** Step 2: the sample loaded into the lake, unless the lake holds a load; the other libraries load meanwhile. */
async function ensureLake(dirs: JobDirs, settings: Settings): Promise<JobLibraries> {
  if (existsSync(join(dirs.lake, 'loads'))) {
    console.error(`Using the lake in ${dirs.lake} (--fresh to reload).`);
    return loadJobLibraries();
  }
  const { ingest } = await import('../../ingest/index.ts');
  const done = step(`Loading ${dirs.sample} into the lake ${dirs.lake}`);
  const loaded = ingest({ inputDir: dirs.sample, lakeDir: dirs.lake, settings });
  const libs = loadJobLibraries();
  libs.catch(() => undefined); // awaited below; a failed load is the error to report, not this
  const load = await loaded;
  done();
  console.error(
    `  rows read ${formatCount(load.rows_read)} = accepted ${formatCount(load.accepted)} + duplicates ${formatCount(load.duplicates)}` +
      ` + quarantined ${formatCount(load.quarantined)} (see ${join(dirs.lake, 'quarantine')})`,
  );
  return libs;
}

/** Steps 3 and 4: the study and the latest complete month, each written and published. */
async function computeAndPublish(libs: JobLibraries, dirs: JobDirs, settings: Settings) {
  const engine = await libs.openDuckDbEngine({ lakeDir: dirs.lake, timezone: settings.timezone });
  let pool: ReturnType<JobLibraries['startRenderPool']> | undefined;
  try {
    const storage = new libs.FsStorage(dirs.out);
    // The lake's cut-off, months with data and message count, read once for the study and the month.
    const lake = await libs.lakeSummary(engine);
    const { cutoff } = lake;
    if (!cutoff) throw new UserError(`the lake ${dirs.lake} holds no messages`);

    // The study runs from the first month to the latest complete one: the cut-off's own month holds only
    // the replies that spilled over, which would read as a collapse in volume.
    const { from, to: month } = await libs.defaultStudyRange(
      engine,
      cutoff,
      settings.timezone,
      settings.reply.follow_up_hours,
      lake.coverage,
    );
    // The department emails' render workers start now and load the render stack during the study (issue 13).
    const departments = await libs.listDepartments(engine);
    pool = libs.startRenderPool({ settings, departments: departments.length });
    let done = step(`Study ${from} to ${month}`);
    // The cut-off and the lake's summary are known: given to both, they are not asked of the lake again.
    const study = await libs.runStudy({ engine, settings, from, to: month, cutoff, lake });
    // The month's queries go to DuckDB first; the study's page is drawn on this thread while they run.
    const computingMonth = libs.runMonthly({ engine, settings, month, cutoff, lake });
    computingMonth.catch(() => undefined); // awaited below, after the study's files
    await libs.writeResult(dirs.out, study);
    await libs.publishStudy({ study, settings, storage });
    done();

    done = step(`Monthly report for ${month}`);
    const monthly = await computingMonth;
    await libs.writeResult(dirs.out, monthly);
    await libs.publishMonthly({ monthly, settings, storage, departments, pool });
    done();
    return { study, monthly };
  } finally {
    await Promise.all([engine.close(), pool?.close()]);
  }
}

/** The headline figures as x% (n/N), and where the files are. */
function summary(study: StudyResult, monthly: MonthlyResult, settings: Settings, outDir: string, started: number): string {
  const phys = study.time_of_day.by_role.physician;
  const nppa = study.time_of_day.by_role.np_pa;
  const o = monthly.organisation;
  return [
    `\nStudy ${study.from} to ${study.to} (data cut-off ${study.data_cutoff}), as the paper reports it:`,
    `  patient messages replied within 1 day    ${formatProportion(study.response.within_1d)}`,
    `  patient messages replied within 3 days   ${formatProportion(study.response.within_3d)}`,
    `  threads with at most ${settings.threads.max_rounds} rounds            ${formatProportion(study.threads.le4_rounds)}`,
    phys ? `  physician messages sent 5-7 PM           ${formatProportion(phys.evening)}` : '',
    nppa ? `  NP/PA messages sent 5-7 PM               ${formatProportion(nppa.evening)}` : '',
    '',
    `Month ${monthly.month}, organisation (${Object.keys(monthly.departments).length} departments):`,
    `  messages from patients / clinicians      ${formatCount(o.messages.patient_side)} / ${formatCount(o.messages.clinician_side)}`,
    `  replied within 1 day / 3 days            ${formatProportion(o.response.within_1d)} / ${formatProportion(o.response.within_3d)}`,
    // The lead's reading (docs/metrics.md "Of all patient messages"): unanswered messages count in N.
    `  of all patient messages: within 1 day    ${formatProportion(o.response.within_1d_of_all)}, reply rate ` +
      `${formatProportion(o.response.reply_rate)}`,
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
    .replace(/\n(Month|Results|Study)/g, '\n\n$1');
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
    const started = performance.now();
    const data = optionalString(values, 'data') ?? 'data';
    const dirs = { sample: join(data, 'sample'), lake: join(data, 'lake'), out: join(data, 'results') };
    const settings = loadSettings(optionalString(values, 'settings'));
    if (values.fresh) for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
    await ensureSample(values, dirs.sample);
    const libs = await ensureLake(dirs, settings);
    const { study, monthly } = await computeAndPublish(libs, dirs, settings);
    console.log(summary(study, monthly, settings, dirs.out, started));
    return 0;
  },
};
