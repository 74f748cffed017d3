// The study's counts in one query (combine.ts): volume, active patients and clinicians, and clinician
// workload by time of day, over one `base` (the messages joined to the roster once instead of four times).
// The conversations (response and threads) stay a query of their own: folded in too, they would keep the
// materialized base in memory beside their sort of every thread (+130 MB peak at 1M messages, against
// 0.3 s of CPU saved), and issue 13 asks for no more memory than before.
import { type CombinedQuery, combine } from './combine.ts';
import { cliniciansPart, patientsPart } from './senders.ts';
import { timeOfDayPart } from './time-of-day.ts';
import { volumePart } from './volume.ts';

const BY_YEAR = { grain: 'year', byDepartment: false } as const;
const WHOLE = { grain: 'all', byDepartment: false } as const;

function studyParts() {
  return {
    volume: volumePart(BY_YEAR, { byCategory: true }),
    patients: patientsPart(BY_YEAR),
    clinicians: cliniciansPart(BY_YEAR),
    // One grouping for both: rows by role (category NULL) and rows by category (role NULL).
    time_of_day: timeOfDayPart(WHOLE, { byRole: true, byCategory: true }),
  };
}
export type StudyParts = ReturnType<typeof studyParts>;

/**
 * Values: base scan (the period, or up to the cut-off's month: each part counts only :from_idx..:to_idx)
 * and the time-of-day windows (windowsValues).
 */
export function studyCountsQuery(): CombinedQuery<StudyParts> {
  return combine('study.counts', studyParts());
}
