// The compile cache (issue 13) must hand vega exactly the spec vega-lite's own compile gives (and the dataflow
// vega.parse makes of it), chart for chart, or the PNG and SVG bytes would change: checked on every chart of
// the fixture month and study, and on a second chart of one shape with other words in its title.
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { parse } from 'vega';
import { compileChart, compiledShapes, parseChart } from '../../lib/charts/compile-cache.ts';
import { hoursChart } from '../../lib/charts/index.ts';
import { countCell, policyFromSettings } from '../../lib/disclosure/index.ts';
import { buildDepartmentReport, buildOrganisationReport, buildStudyReport } from '../../lib/report/index.ts';
import { DEFAULT_SETTINGS } from '../../lib/settings/index.ts';
import { SETTINGS_WITH_LINK, loadMonthly, loadStudy } from '../render/fixtures.ts';

/** A parsed dataflow as JSON, with vega's process-wide counter in generated dataset names left out. */
const parsed = (runtime: unknown): string => JSON.stringify(runtime).replace(/_:vega:_\d+/g, '_:vega:_N');

/** Every chart spec in a report model (charts are the objects with a spec and alt text). */
function specsIn(model: unknown): TopLevelSpec[] {
  const out: TopLevelSpec[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as { spec?: TopLevelSpec; alt?: unknown };
    if (o.spec && typeof o.alt === 'string') out.push(o.spec);
    else for (const x of Object.values(v)) walk(x);
  };
  walk(model);
  return out;
}

describe('compileChart', () => {
  it('returns what vega-lite compile returns for every chart of the month and the study', () => {
    const monthly = loadMonthly();
    const specs = [
      ...Object.keys(monthly.departments).flatMap((id) => specsIn(buildDepartmentReport(monthly, id, SETTINGS_WITH_LINK).charts)),
      ...specsIn(buildOrganisationReport(monthly, SETTINGS_WITH_LINK)),
      ...specsIn(buildStudyReport(loadStudy(), SETTINGS_WITH_LINK)),
    ];
    expect(specs.length).toBeGreaterThan(10);
    // Twice: the second round is served from the cache throughout.
    for (const round of [1, 2]) {
      for (const spec of specs) {
        const vg = compile(spec).spec;
        expect(JSON.stringify(compileChart(spec)), `round ${round}`).toBe(JSON.stringify(vg));
        expect(parsed(parseChart(spec)), `round ${round}`).toBe(parsed(parse(vg)));
      }
    }
    const { shapes, uncached, parsed: kept } = compiledShapes();
    expect(uncached).toBe(0);
    expect(kept).toBe(shapes);
    expect(shapes).toBeLessThan(specs.length);
  });

  it('fills titles of one shape with other text, hidden text included, as compile would', () => {
    const p = policyFromSettings(DEFAULT_SETTINGS);
    const hours = Array.from({ length: 24 }, (_, h) => countCell(h % 5 === 0 ? 3 : 40 + h, p));
    // Same shape (two title lines, a subtitle), different words: the second is served from the first's skeleton.
    for (const name of ['Cardiology and vascular medicine', 'A <b> & "q" department with a name']) {
      const spec = hoursChart(hours, { title: `${name}: clinician messages by hour of day` }).spec;
      expect(JSON.stringify(compileChart(spec))).toBe(JSON.stringify(compile(spec).spec));
      expect(parsed(parseChart(spec))).toBe(parsed(parse(compile(spec).spec)));
    }
  });
});
