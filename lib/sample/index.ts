// generateSample(): a realistic, seeded, deterministic sample export (messages, clinicians, departments)
// in the input format of metrics.md, shaped on reference-figures.md. See docs/sample-data.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MAX_YEAR, MIN_YEAR } from './central-time.ts';
import { injectionCounts, MessageGenerator } from './generator.ts';
import { Rng } from './random.ts';
import { cliniciansCsv, departmentsCsv, makeClinicians, makeDepartments, rosterSize, unknownClinicianIds } from './roster.ts';
import type { SampleOptions, SampleSummary } from './summary.ts';
import { UserError } from '../errors/index.ts';

export type { SampleOptions, SampleSummary } from './summary.ts';
export { injectionCounts } from './generator.ts';

/** Keeps `npm start` (sample + ingest + study + monthly + reports) well under a minute. */
export const DEFAULT_MESSAGES = 200_000;
export const DEFAULT_SEED = 20100101;
export const DEFAULT_FROM_YEAR = 2010;
export const DEFAULT_TO_YEAR = 2017;
export const MIN_MESSAGES = 1000;
export const MAX_MESSAGES = 500_000_000;

/** A mistake in the options, worded for the person who typed them. */
export class SampleOptionsError extends UserError {
  override name = 'SampleOptionsError';
}

function check(opts: SampleOptions): Required<Omit<SampleOptions, 'onProgress'>> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const format = opts.format ?? 'csv';
  const fromYear = opts.fromYear ?? DEFAULT_FROM_YEAR;
  const toYear = opts.toYear ?? (opts.fromYear !== undefined && opts.fromYear > DEFAULT_TO_YEAR ? opts.fromYear : DEFAULT_TO_YEAR);
  const problems: string[] = [];
  if (!Number.isInteger(opts.messages) || opts.messages < MIN_MESSAGES || opts.messages > MAX_MESSAGES) {
    problems.push(`messages must be a whole number from ${MIN_MESSAGES} to ${MAX_MESSAGES}, got ${String(opts.messages)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    problems.push(`seed must be a whole number from 0 to 4294967295, got ${String(seed)}`);
  if (format !== 'csv' && format !== 'ndjson') problems.push(`format must be csv or ndjson, got ${String(format)}`);
  for (const [name, y] of [
    ['from-year', fromYear],
    ['to-year', toYear],
  ] as const) {
    if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR)
      problems.push(`${name} must be a year from ${MIN_YEAR} to ${MAX_YEAR}, got ${String(y)}`);
  }
  if (Number.isInteger(fromYear) && Number.isInteger(toYear) && fromYear > toYear)
    problems.push(`from-year (${fromYear}) is after to-year (${toYear})`);
  if (!opts.outDir) problems.push('an output folder is required');
  if (problems.length) throw new SampleOptionsError(`sample: ${problems.join('; ')}.`);
  return { outDir: opts.outDir, messages: opts.messages, seed, format, fromYear, toYear };
}

export async function generateSample(opts: SampleOptions): Promise<SampleSummary> {
  const o = check(opts);
  const started = performance.now();
  const outDir = resolve(o.outDir);
  await mkdir(outDir, { recursive: true });

  // Independent streams: the roster does not change when the message model draws more or fewer numbers.
  const master = new Rng(o.seed);
  const rosterRng = master.fork(1);
  const messageRng = master.fork(2);
  const departments = makeDepartments(rosterRng);
  const clinicians = makeClinicians(rosterRng, departments, rosterSize(o.messages));
  const unknownIds = unknownClinicianIds(clinicians.length);

  const files = {
    messages: join(outDir, o.format === 'csv' ? 'messages.csv' : 'messages.ndjson'),
    clinicians: join(outDir, 'clinicians.csv'),
    departments: join(outDir, 'departments.csv'),
  };
  const deptCsv = departmentsCsv(departments);
  const clinCsv = cliniciansCsv(clinicians, departments);
  await writeFile(files.departments, deptCsv.text);
  await writeFile(files.clinicians, clinCsv.text);

  const gen = new MessageGenerator({
    rows: o.messages,
    format: o.format,
    fromYear: o.fromYear,
    toYear: o.toYear,
    departments,
    clinicians,
    unknownIds,
    rng: messageRng,
  });
  gen.startWith(gen.header());
  await gen.run(files.messages, opts.onProgress);

  const c = gen.counts;
  const { rows, lastSentAt } = gen.summaryCounts();
  const quarantined = 2 * c.conflict + c.missing_field + c.bad_enum + c.bad_timestamp;
  const expected = injectionCounts(o.messages);
  if (c.duplicate !== expected.duplicate || c.conflict !== expected.conflict) {
    // Cannot happen while every injection position lies before the end; guard the documented promise anyway.
    throw new Error(
      `internal: injected ${c.duplicate}/${c.conflict} duplicates/conflicts, planned ${expected.duplicate}/${expected.conflict}`,
    );
  }
  return {
    outDir,
    files,
    format: o.format,
    seed: o.seed,
    fromYear: o.fromYear,
    toYear: o.toYear,
    rows,
    departments: departments.length,
    tinyDepartments: departments.filter((d) => d.tiny).map((d) => d.id),
    clinicians: clinicians.length,
    unknownClinicianIds: unknownIds.length,
    messagesBySenderType: {
      patient: c.bySender[0] ?? 0,
      proxy: c.bySender[1] ?? 0,
      clinician: c.bySender[2] ?? 0,
      system: c.bySender[3] ?? 0,
    },
    unknownClinicianMessages: c.unknownClinicianMessages,
    threads: c.threads,
    threadsStartedByClinician: c.clinicianStarted,
    threadsSpanningMonths: c.spanningMonths,
    threadsSpanningYears: c.spanningYears,
    patientBursts: c.bursts,
    unansweredPatientMessages: c.unanswered,
    lastSentAt,
    enumCaseVariants: { messages: c.enumCase, clinicians: clinCsv.caseVariants, departments: deptCsv.caseVariants },
    quotedRows: c.quoted,
    timestamps: { z: c.z, offset: c.offset, local: c.local, withMilliseconds: c.millis },
    dst: { repeated: c.repeated, skipped: c.skipped },
    injected: {
      exactDuplicates: c.duplicate,
      conflictingIds: c.conflict,
      broken: { missing_field: c.missing_field, bad_enum: c.bad_enum, bad_timestamp: c.bad_timestamp },
    },
    expectedLoad: { rowsRead: rows, accepted: rows - c.duplicate - quarantined, duplicates: c.duplicate, quarantined },
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
