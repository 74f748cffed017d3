// Runs the analyses on a test lake and checks every result file against the shipped JSON Schema.
import { expect } from 'vitest';
import { openDuckDbEngine } from '../../lib/engines/duckdb/index.ts';
import { runMonthly, runStudy, validateResult } from '../../lib/analysis/index.ts';
import type { MonthlyResult, StudyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS, resolveSettings, type Settings } from '../../lib/settings/index.ts';
import { buildLake, type TestExport } from './lake.ts';

export function settingsWith(overrides: Record<string, unknown> = {}): Settings {
  return resolveSettings({ ...overrides }, 'test settings');
}

export function expectValid(result: unknown): void {
  const { valid, errors } = validateResult(result);
  expect(errors).toEqual([]);
  expect(valid).toBe(true);
}

/** Builds a lake from `exp` through the real ingestion, runs fn on a DuckDB engine over it, cleans up. */
export async function withLake<T>(
  exp: TestExport | TestExport[],
  fn: (run: LakeRunner) => Promise<T>,
  settings: Settings = DEFAULT_SETTINGS,
): Promise<T> {
  const lake = await buildLake(exp, settings);
  const engine = await openDuckDbEngine({ lakeDir: lake.lakeDir, timezone: settings.timezone });
  try {
    return await fn({
      lakeDir: lake.lakeDir,
      async study(o) {
        const r = await runStudy({ engine, settings: o.settings ?? settings, from: o.from, to: o.to, cutoff: o.cutoff });
        expectValid(r);
        return r;
      },
      async monthly(o) {
        const r = await runMonthly({ engine, settings: o.settings ?? settings, month: o.month, cutoff: o.cutoff });
        expectValid(r);
        return r;
      },
    });
  } finally {
    await engine.close();
    await lake.cleanup();
  }
}

export interface LakeRunner {
  lakeDir: string;
  study(o: { from: string; to: string; cutoff?: string; settings?: Settings }): Promise<StudyResult>;
  monthly(o: { month: string; cutoff?: string; settings?: Settings }): Promise<MonthlyResult>;
}
