// study.json and monthly.json computed on Trino equal those computed on DuckDB over the same lake, field by
// field; percentiles within approx_percentile's error (the bounds of helpers.ts).
import { describe, it } from 'vitest';
import { runMonthly, runStudy } from '../../lib/analysis/index.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { expectValid } from '../helpers/analysis.ts';
import { boundEngine, expectSameResult, bothEnginesOver } from './helpers.ts';
import { GOLDEN, SAMPLE, type Run } from './lakes.ts';

function runOn(engine: Engine, run: Run) {
  const settings = run.settings ?? DEFAULT_SETTINGS;
  return run.kind === 'study'
    ? runStudy({ engine, settings, from: run.from, to: run.to, ...(run.cutoff ? { cutoff: run.cutoff } : {}) })
    : runMonthly({ engine, settings, month: run.month, ...(run.cutoff ? { cutoff: run.cutoff } : {}) });
}

const label = (r: Run) => {
  const what = r.kind === 'study' ? `${r.from}..${r.to}` : r.month;
  return `${r.kind} ${what}${r.cutoff ? ` cut-off ${r.cutoff}` : ''}${r.settings ? ' (settings)' : ''}`;
};

for (const lakeCase of [...GOLDEN, SAMPLE]) {
  describe(`results on the ${lakeCase.name} lake: Trino = DuckDB`, () => {
    const on = bothEnginesOver(() => lakeCase.build());

    for (const run of lakeCase.runs) {
      it(label(run), async () => {
        const t = await runOn(on.trino, run);
        expectValid(t);
        const d = await runOn(on.duck, run);
        const lo = await runOn(boundEngine(on.duck, 'low'), run);
        const hi = await runOn(boundEngine(on.duck, 'high'), run);
        expectSameResult(t, d, lo, hi);
      });
    }
  });
}
