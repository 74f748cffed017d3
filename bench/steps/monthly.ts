// One monthly run (the latest complete month) on the lake `${workdir}/lake-${size}`.
import { latestCompleteMonth, runMonthly } from '../../lib/analysis/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { timedOnLake } from './lake.ts';

export function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  return timedOnLake(args, async (engine, cutoff) => {
    const month = await latestCompleteMonth(engine, cutoff, DEFAULT_SETTINGS.timezone);
    const monthly = await runMonthly({ engine, settings: DEFAULT_SETTINGS, month, cutoff });
    return { departments: Object.keys(monthly.departments).length };
  });
}
