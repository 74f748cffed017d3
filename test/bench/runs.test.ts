// The bench's summary of repeated runs (bench/runs.ts): what `npm run bench -- --repeat N` reports per step.
import { describe, expect, it } from 'vitest';
import { median, type Result, summariseRuns } from '../../bench/runs.ts';

const run = (seconds: number, cpu: number | null, rss: number | null, extra: Record<string, unknown> = {}): Result => ({
  step: 'ingest',
  size: 1_000_000,
  seconds,
  cpu_seconds: cpu,
  max_rss_mb: rss,
  ...extra,
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one, in any order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([2.36, 2.61, 2.25])).toBe(2.36);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1.111, 1.116])).toBe(1.11);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('summariseRuns', () => {
  it('gives the median wall and CPU time, the fastest and slowest wall time and the highest peak memory', () => {
    const s = summariseRuns([run(2.61, 4.42, 597, { run: 3 }), run(2.25, 3.9, 611, { run: 1 }), run(2.36, 3.86, 601, { run: 2 })]);
    expect(s).toEqual({
      step: 'ingest',
      size: 1_000_000,
      seconds: 2.36,
      cpu_seconds: 3.9,
      max_rss_mb: 611,
      run: 2,
      runs: 3,
      seconds_min: 2.25,
      seconds_max: 2.61,
    });
  });

  it('keeps the fields of the median run (what the step reported), and leaves out unmeasured CPU and memory', () => {
    const s = summariseRuns([run(30, null, null, { departments: 500, workers: 1 }), run(20, 48.7, null, { departments: 500, workers: 2 })]);
    expect(s).toMatchObject({ seconds: 25, cpu_seconds: 48.7, max_rss_mb: null, workers: 2, runs: 2, seconds_min: 20, seconds_max: 30 });
  });

  it('returns a single run as it is, and nothing for no run', () => {
    const one = run(1.44, 2.23, 407);
    expect(summariseRuns([one])).toBe(one);
    expect(summariseRuns([])).toBeUndefined();
  });
});
