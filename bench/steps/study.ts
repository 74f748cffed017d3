// The study from the first month to the latest complete one, on the lake `${workdir}/lake-${size}`.
import { defaultStudyRange, runStudy } from '../../lib/analysis/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { timedOnLake } from './lake.ts';

export function run(args: { workdir: string; size: number }): Promise<Record<string, number>> {
  return timedOnLake(args, async (engine, cutoff) => {
    const { from, to } = await defaultStudyRange(engine, cutoff, DEFAULT_SETTINGS.timezone);
    const study = await runStudy({ engine, settings: DEFAULT_SETTINGS, from, to, cutoff });
    const r = study.response;
    return { patient_messages: r.within_1d.N + r.unanswered + r.pending };
  });
}
