// How far a range's replies and later turns need to be followed. A monthly report for an old month used to
// read every month up to the cut-off, all columns the conversations need, because a reply can come at any
// time. This asks first, reading only thread_id of the later months: the last month in which a thread that
// has a message in the range has one. The conversations query then scans no further: the months after that
// hold no message of the range's threads, so its answer is the same.
import { monthOfYear, yearOfIndex } from '../period/index.ts';
import type { QueryDef } from './contract.ts';

/**
 * Row: last_idx, the month index of the latest month in (:to_idx, :scan_to_idx] holding a message of a
 * thread with a message in [:from_idx, :to_idx] (NULL when there is none). Values: :from_year,
 * :from_month, :to_year, :to_month, :from_idx, :to_idx (the range), :after_year, :after_month,
 * :scan_to_year, :scan_to_month, :after_idx, :scan_to_idx (the months after it, up to the cut-off's).
 * The year/month comparisons repeat the index bounds so that both engines prune folders (base.ts).
 */
const FOLLOW_PARAMS = ['from', 'to', 'after', 'scan_to'].flatMap((p) => [`${p}_year`, `${p}_month`, `${p}_idx`]);

export const followHorizonQuery: QueryDef<{ last_idx: 'bigint' }> = {
  name: 'follow.horizon',
  params: Object.fromEntries(FOLLOW_PARAMS.map((p) => [p, 'bigint'])),
  columns: { last_idx: 'bigint' },
  sql: () => `
SELECT max(m.year * 12 + m.month - 1) AS last_idx
FROM messages m
WHERE m.year BETWEEN :after_year AND :scan_to_year
  AND (m.year > :after_year OR m.month >= :after_month)
  AND (m.year < :scan_to_year OR m.month <= :scan_to_month)
  AND m.year * 12 + m.month - 1 BETWEEN :after_idx AND :scan_to_idx
  AND m.thread_id IN (
    SELECT r.thread_id
    FROM messages r
    WHERE r.year BETWEEN :from_year AND :to_year
      AND (r.year > :from_year OR r.month >= :from_month)
      AND (r.year < :to_year OR r.month <= :to_month)
      AND r.year * 12 + r.month - 1 BETWEEN :from_idx AND :to_idx
  )`,
};

/** The values of followHorizonQuery for the range [fromIdx, toIdx] and later months up to scanToIdx. */
export function followHorizonValues(fromIdx: number, toIdx: number, scanToIdx: number): Record<string, number> {
  const ym = (idx: number) => [yearOfIndex(idx), monthOfYear(idx)] as const;
  const [fy, fm] = ym(fromIdx);
  const [ty, tm] = ym(toIdx);
  const [ay, am] = ym(toIdx + 1);
  const [sy, sm] = ym(scanToIdx);
  return {
    from_year: fy,
    from_month: fm,
    to_year: ty,
    to_month: tm,
    from_idx: fromIdx,
    to_idx: toIdx,
    after_year: ay,
    after_month: am,
    scan_to_year: sy,
    scan_to_month: sm,
    after_idx: toIdx + 1,
    scan_to_idx: scanToIdx,
  };
}
