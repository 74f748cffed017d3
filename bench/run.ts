// npm run bench [-- --sizes 1000000,5000000 --big --steps ... --repeat N --workdir bench-data]
// Times portal-pulse as a user runs it: each step is `node bin/portal-pulse.js <command> ...` in a process of
// its own, timed from outside (wall, CPU = user + sys, peak memory = maxRSS, via /usr/bin/time). Prints the
// figures against issue 13's targets and as a multiple of the floor (bench/floor.ts, a hand-written DuckDB
// script with no validation). Results are also written to bench-results/<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Result, summariseRuns } from './runs.ts';

const ALL_STEPS = ['sample', 'ingest', 'study', 'floor', 'monthly', 'render500', 'start', 'help'];
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,5000000' },
    big: { type: 'boolean', default: false },
    steps: { type: 'string', default: ALL_STEPS.join(',') },
    workdir: { type: 'string', default: 'bench-data' },
    repeat: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench -- [--sizes 1000000,5000000] [--big] [--steps ${ALL_STEPS.join(',')}] [--repeat N]
       [--workdir bench-data]

Generates sample exports of each size (seed 42, kept in the workdir and reused) and times, each in a process
of its own as a user runs it:
  ingest   portal-pulse ingest --input WORKDIR/sample-N --lake WORKDIR/lake-N (a fresh lake)
  study    portal-pulse study --lake WORKDIR/lake-N (every complete month)
  floor    bench/floor.ts: one hand-written DuckDB script over the same messages.csv, no validation
  monthly  portal-pulse monthly (latest complete month: monthly.json, 42 departments' emails with charts, pages)
  render500  the monthly step's monthly.json with its departments cloned to 500, rendered and written through
           the CLI's render pool (bench/steps/render-many.ts; in a process of its own)
  start    portal-pulse start --fresh (what npm start runs, default 200,000-message sample; once, not per size)
  help     every command's --help (once; the slowest of 3 runs each is reported)
--big adds 20 million messages to the sizes (about 2 GB of CSV; minutes to generate).
--repeat N runs the steps of each size N times, in rounds (ingest, study, floor, ..., then again), so that a
drift in the machine's speed falls on every step alike; each step is then reported by its median run, with the
fastest and slowest, and its peak memory as the highest of its runs (default 1).
Wall time, CPU seconds (user + sys, all threads: fairer than wall time when other work shares the cores) and
peak memory (maxRSS) come from /usr/bin/time. Targets (issue 13, 2 cores): ingest + study <= 2.5 s at 1M,
10 s at 5M, 40 s at 20M; monthly <= 4 s at 1M; 500 departments <= 30 s; start <= 10 s; --help <= 0.3 s; within 2x of the floor.

The step "cost" (not in the default steps; it needs Java 24+ for a local Trino, started if none runs) runs the
study, the latest monthly report and an old month's report on Trino and prints the bytes each read and what
Athena would bill for them ($5 per TB scanned).`);
  process.exit(0);
}

const sizes = values.sizes.split(',').map(Number);
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat takes a whole number of runs, 1 or more (got "${values.repeat}")`);
if (values.big && !sizes.includes(20_000_000)) sizes.push(20_000_000);
const steps = values.steps.split(',');
for (const s of steps) if (![...ALL_STEPS, 'cost'].includes(s)) throw new Error(`unknown step "${s}"`);
const workdir = resolve(values.workdir);
mkdirSync(workdir, { recursive: true });
const cli = resolve('bin/portal-pulse.js');
const hasTime = existsSync('/usr/bin/time');

interface Timed {
  seconds: number;
  cpu_seconds: number | null;
  max_rss_mb: number | null;
  stdout: string;
}

/** Runs one process and measures it from outside; throws with its stderr if it fails. */
function timed(args: string[]): Timed {
  const marker = '@@bench@@';
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-f', `${marker} %e %U %S %M`, process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith(marker));
  if (!line) return { seconds: round(wall), cpu_seconds: null, max_rss_mb: null, stdout: r.stdout };
  const [, e, u, s, kb] = line.split(' ').map(Number) as [number, number, number, number, number];
  return { seconds: round(e), cpu_seconds: round(u + s), max_rss_mb: Math.round(kb / 1024), stdout: r.stdout };
}
const round = (x: number) => Number(x.toFixed(2));

const results: Result[] = [];
let runNo = 1;
const record = (step: string, size: number, t: Timed, extra: Record<string, unknown> = {}) => {
  const { stdout: _o, ...rest } = t;
  // The step's own report (extra) may carry a `step` of its own (render-many's): the bench's name wins.
  results.push({ ...extra, step, size, ...rest, run: runNo });
  process.stderr.write(`${t.seconds} s wall, ${t.cpu_seconds ?? '?'} s CPU, ${t.max_rss_mb ?? '?'} MB\n`);
};
const say = (step: string, size: number) => {
  const run = repeat > 1 && size ? ` (run ${runNo} of ${repeat})` : '';
  process.stderr.write(`bench: ${step}${size ? ` at ${size.toLocaleString('en-US')} messages` : ''}${run}… `);
};

for (const size of sizes) {
  const sample = join(workdir, `sample-${size}`);
  const lake = join(workdir, `lake-${size}`);
  const out = join(workdir, `results-${size}`);
  for (runNo = 1; runNo <= repeat; runNo++)
    for (const step of steps) {
      if (step === 'start' || step === 'help') continue;
      if (step === 'sample' && runNo > 1) continue;
      // The department count does not grow with the messages: 500 departments are rendered once, at the first size.
      if (step === 'render500' && size !== sizes[0]) continue;
      say(step, size);
      if (step === 'sample') {
        if (existsSync(join(sample, 'departments.csv'))) {
          results.push({ step, size, seconds: 0, cpu_seconds: null, max_rss_mb: null, reused: 1 });
          process.stderr.write('reused\n');
        } else record(step, size, timed([cli, 'sample', '--out', sample, '--messages', String(size), '--seed', '42']));
      } else if (step === 'ingest') {
        rmSync(lake, { recursive: true, force: true });
        record(step, size, timed([cli, 'ingest', '--input', sample, '--lake', lake, '--quiet']));
      } else if (step === 'study') {
        record(step, size, timed([cli, 'study', '--lake', lake, '--out', out]));
      } else if (step === 'monthly') {
        const t = timed([cli, 'monthly', '--lake', lake, '--out', out]);
        const monthly = JSON.parse(readFileSync(join(out, 'monthly.json'), 'utf8')) as {
          departments?: unknown[] | Record<string, unknown>;
        };
        const d = monthly.departments;
        record(step, size, t, { departments: Array.isArray(d) ? d.length : Object.keys(d ?? {}).length });
      } else if (step === 'render500') {
        const t = timed(['--import', 'tsx', resolve('bench/step.ts'), 'render-many', String(size), workdir]);
        record(step, size, t, JSON.parse(t.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
      } else if (step === 'floor') {
        const t = timed(['--import', 'tsx', resolve('bench/floor.ts'), sample]);
        record(step, size, t, JSON.parse(t.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
      } else if (step === 'cost') {
        // In-process on the lake (bench/step.ts): it reports Trino's bytes read, not a user's wait.
        const t = timed(['--import', 'tsx', resolve('bench/step.ts'), 'cost', String(size), workdir]);
        record(step, size, t, JSON.parse(t.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
      }
    }
}
runNo = 1;
if (steps.includes('start')) {
  say('start --fresh', 0);
  record('start', 200_000, timed([cli, 'start', '--fresh', '--data', join(workdir, 'start')]));
}
const helps: Result[] = [];
if (steps.includes('help')) {
  for (const cmd of ['', 'start', 'sample', 'ingest', 'study', 'monthly', 'catalog', 'send']) {
    say(`${cmd ? `${cmd} ` : ''}--help`, 0);
    const runs = [0, 1, 2].map(() => timed([cli, ...(cmd ? [cmd] : []), '--help']));
    const worst = runs.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    record('help', 0, worst, { command: cmd || '(none)' });
    helps.push(results[results.length - 1]!);
  }
}

/** A step at a size, over its runs (runs.ts). */
const find = (step: string, size: number): Result | undefined => summariseRuns(results.filter((r) => r.step === step && r.size === size));
const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));
const summaries: Result[] = [];
for (const r of results) {
  if (r.step === 'help' || r.reused === 1 || summaries.some((x) => x.step === r.step && x.size === r.size)) continue;
  summaries.push(find(r.step, r.size)!);
}
console.log(
  `\nstep      messages    wall s    CPU s   peak MB${repeat > 1 ? `   (median of ${repeat} runs; wall s fastest-slowest)` : ''}`,
);
for (const r of summaries) {
  const range = r.runs ? `   ${fmt(r.seconds_min as number)}-${fmt(r.seconds_max as number)}` : '';
  console.log(
    `${r.step.padEnd(9)} ${r.size.toLocaleString('en-US').padStart(10)} ${fmt(r.seconds).padStart(9)} ` +
      `${fmt(r.cpu_seconds).padStart(8)} ${String(r.max_rss_mb ?? '—').padStart(9)}${range}`,
  );
}

const LOAD_STUDY_TARGET: Record<number, number> = { 1_000_000: 2.5, 5_000_000: 10, 20_000_000: 40 };
const verdict = (x: number, limit: number) => (x <= limit ? 'met' : 'MISSED');
console.log('\nTargets (issue 13; wall time, so only meaningful on an otherwise quiet machine):');
for (const size of sizes) {
  const i = find('ingest', size);
  const s = find('study', size);
  const f = find('floor', size);
  if (!i || !s) continue;
  const total = i.seconds + s.seconds;
  const cpu = i.cpu_seconds !== null && s.cpu_seconds !== null ? i.cpu_seconds + s.cpu_seconds : null;
  const limit = LOAD_STUDY_TARGET[size];
  const peak = Math.max(i.max_rss_mb ?? 0, s.max_rss_mb ?? 0);
  let line = `  load + study at ${size.toLocaleString('en-US')}: ${total.toFixed(2)} s wall (${fmt(cpu)} s CPU), peak ${peak} MB`;
  if (limit) line += `; target ${limit} s: ${verdict(total, limit)}`;
  if (f) {
    line += `; x${(total / f.seconds).toFixed(2)} the floor's ${f.seconds} s wall`;
    if (cpu !== null && f.cpu_seconds) line += ` (x${(cpu / f.cpu_seconds).toFixed(2)} its ${f.cpu_seconds} s CPU)`;
    line += `; aim x2: ${verdict(total / f.seconds, 2)}`;
  }
  console.log(line);
}
const m1 = find('monthly', 1_000_000);
if (m1)
  console.log(
    `  monthly at 1,000,000 (${String(m1.departments)} departments): ${m1.seconds} s wall` +
      ` (${fmt(m1.cpu_seconds)} s CPU); target 4 s: ${verdict(m1.seconds, 4)}`,
  );
const r500 = summaries.find((r) => r.step === 'render500');
if (r500)
  console.log(
    `  rendering ${String(r500.departments)} departments (${String(r500.workers)} workers + main thread): ${r500.seconds} s wall` +
      ` (${fmt(r500.cpu_seconds)} s CPU); target 30 s: ${verdict(r500.seconds, 30)}`,
  );
const st = find('start', 200_000);
if (st) console.log(`  npm start --fresh: ${st.seconds} s wall (${fmt(st.cpu_seconds)} s CPU); target 10 s: ${verdict(st.seconds, 10)}`);
if (helps.length) {
  const worst = helps.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const command = worst.command === '(none)' ? 'portal-pulse --help' : `portal-pulse ${String(worst.command)} --help`;
  console.log(
    `  --help: slowest ${worst.seconds} s wall (${command}; ${fmt(worst.cpu_seconds)} s CPU)` +
      `; target 0.3 s: ${verdict(worst.seconds, 0.3)}`,
  );
}
if (sizes.length > 1) {
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  console.log(`\nGrowth from ${small.toLocaleString('en-US')} to ${large.toLocaleString('en-US')} messages (x${large / small} data):`);
  for (const step of ['ingest', 'study', 'floor', 'monthly']) {
    const a = find(step, small);
    const b = find(step, large);
    if (a && b && a.seconds > 0) {
      const cpuGrowth = a.cpu_seconds && b.cpu_seconds ? `, CPU x${(b.cpu_seconds / a.cpu_seconds).toFixed(2)}` : '';
      console.log(`  ${step.padEnd(9)} time x${(b.seconds / a.seconds).toFixed(2)}${cpuGrowth}`);
    }
  }
}
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  JSON.stringify({ node: process.version, load_average: (await import('node:os')).loadavg(), repeat, results, summaries }, null, 2),
);
console.log(`\nwritten ${file}`);
