// Every query variant the analyses run, with realistic values: the queries tests render each for both
// dialects, check the Athena text and run the DuckDB text.
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/index.ts';
import {
  cliniciansQuery,
  coverageQuery,
  cutoffQuery,
  departmentsQuery,
  loadTotalsQuery,
  monthIndex,
  patientsQuery,
  responseQuery,
  scanValues,
  threadsQuery,
  timeOfDayQuery,
  volumeQuery,
  type QueryDef,
  type Shape,
  type Values,
} from '../../lib/queries/index.ts';
import { responseValues, windowsValues } from '../../lib/analysis/values.ts';

export interface CatalogueEntry {
  def: QueryDef;
  values: Values;
}

const SHAPES: Shape[] = [
  { grain: 'year', byDepartment: false },
  { grain: 'month', byDepartment: true },
  { grain: 'all', byDepartment: false },
  { grain: 'all', byDepartment: true },
];

/** Values for a period [from, to] with replies followed to the cut-off. */
export function catalogue(
  opts: { from?: string; to?: string; cutoff?: string; settings?: Settings } = {},
): CatalogueEntry[] {
  const s = opts.settings ?? DEFAULT_SETTINGS;
  const from = monthIndex(opts.from ?? '2016-01');
  const to = monthIndex(opts.to ?? '2017-12');
  const cutoff = opts.cutoff ?? '2018-01-31T23:59:59.000Z';
  const period = { from_idx: from, to_idx: to };
  const inPeriod = { ...scanValues(from, to, cutoff), ...period };
  const followed = { ...scanValues(from, to + 2, cutoff), ...period };
  const cutoffMs = Date.parse(cutoff);
  const out: CatalogueEntry[] = [
    { def: cutoffQuery, values: {} },
    { def: coverageQuery, values: {} },
    { def: departmentsQuery, values: {} },
    { def: loadTotalsQuery, values: {} },
  ];
  for (const shape of SHAPES) {
    for (const byCategory of [true, false]) out.push({ def: volumeQuery(shape, { byCategory }), values: inPeriod });
    out.push({ def: patientsQuery(shape), values: inPeriod });
    out.push({ def: cliniciansQuery(shape), values: inPeriod });
    for (const byRole of [true, false]) out.push({ def: timeOfDayQuery(shape, { byRole }), values: { ...inPeriod, ...windowsValues(s) } });
    for (const byReplyCategory of [true, false]) {
      for (const businessHours of [true, false]) {
        out.push({
          def: responseQuery(shape, { byReplyCategory, businessHours }),
          values: { ...followed, ...responseValues(s, cutoffMs, businessHours) },
        });
      }
    }
    out.push({ def: threadsQuery(shape), values: { ...followed, max_rounds: s.threads.max_rounds } });
  }
  return out;
}
