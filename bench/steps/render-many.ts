// Rendering at scale (issue 13: at most 30 s for 500 departments, spread over both cores): the month of
// `${workdir}/results-${size}/monthly.json` (written by the monthly step, 42 departments) with its departments
// cloned under new ids until there are 500, published through the same path and render pool the CLI's
// monthly command uses (publishMonthly: emails .eml and .html, the organisation page) into a scratch folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishMonthly } from '../../lib/publish/index.ts';
import { startRenderPool } from '../../lib/publish/render-pool.ts';
import type { MonthlyResult } from '../../lib/results/types.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { FsStorage } from '../../lib/storage/index.ts';

export const DEPARTMENTS = 500;

/** The month with its departments repeated under new ids (`D001-2`, ...) in every per-department section. */
export function cloneDepartments(monthly: MonthlyResult, count: number): MonthlyResult {
  const ids = Object.keys(monthly.departments).sort();
  const newIds = Array.from({ length: count }, (_, i) => {
    const id = ids[i % ids.length]!;
    const round = Math.floor(i / ids.length);
    return { id, as: round === 0 ? id : `${id}-${round + 1}` };
  });
  const spread = <T>(rec: Record<string, T> | undefined): Record<string, T> =>
    Object.fromEntries(newIds.filter((n) => rec?.[n.id] !== undefined).map((n) => [n.as, rec![n.id]!]));
  const out = structuredClone(monthly) as MonthlyResult & Record<string, unknown>;
  out.departments = spread(monthly.departments);
  for (const key of ['previous_month', 'same_month_last_year', 'trend'] as const) {
    const section = out[key] as { departments?: Record<string, unknown> } | null | undefined;
    if (section?.departments) section.departments = spread(section.departments);
  }
  return out;
}

export async function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  const source = join(args.workdir, `results-${args.size}`, 'monthly.json');
  const monthly = cloneDepartments(JSON.parse(readFileSync(source, 'utf8')) as MonthlyResult, DEPARTMENTS);
  const dir = mkdtempSync(join(tmpdir(), 'pp-bench-render-'));
  const settings = DEFAULT_SETTINGS;
  const pool = startRenderPool({ settings, departments: DEPARTMENTS });
  try {
    const { keys } = await publishMonthly({ monthly, settings, storage: new FsStorage(dir), pool });
    return { departments: Object.keys(monthly.departments).length, workers: pool.workers, files: keys.length };
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
