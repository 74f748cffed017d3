// The bench's runs of one step at one size, summarised (npm run bench -- --repeat N): medians rather than one
// run, because the machine's speed drifts by a fifth or more within minutes (docs/benchmarks.md, "Eighth pass").

/** One timed run of a step (bench/run.ts), with whatever the step itself reported. */
export interface Result {
  step: string;
  size: number;
  seconds: number;
  cpu_seconds: number | null;
  max_rss_mb: number | null;
  [k: string]: unknown;
}

/** The median of `xs` (the mean of the middle two of an even count), to 0.01. */
export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no values');
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return Number((v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2).toFixed(2));
}

/**
 * One step's runs as one result: the median wall and CPU seconds, the fastest and slowest wall time, the
 * highest peak memory (a target on memory is about the worst run), and the other fields of the median run
 * (the lower middle one of an even count). A single run is returned as it is; no run gives undefined.
 */
export function summariseRuns(runs: readonly Result[]): Result | undefined {
  if (runs.length <= 1) return runs[0];
  const walls = runs.map((r) => r.seconds);
  const cpus = runs.map((r) => r.cpu_seconds).filter((c): c is number => c !== null);
  const rss = runs.map((r) => r.max_rss_mb).filter((m): m is number => m !== null);
  const mid = [...runs].sort((a, b) => a.seconds - b.seconds)[(runs.length - 1) >> 1]!;
  return {
    ...mid,
    seconds: median(walls),
    cpu_seconds: cpus.length ? median(cpus) : null,
    max_rss_mb: rss.length ? Math.max(...rss) : null,
    runs: runs.length,
    seconds_min: Math.min(...walls),
    seconds_max: Math.max(...walls),
  };
}
