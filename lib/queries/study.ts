// The study's per-message metrics in one query (combine.ts): volume, active senders and time of day by year,
// and the conversations (response and threads) of the whole range and each year, over one `base`.
import { type CombinedQuery, combine } from './combine.ts';
import { conversationsPart } from './conversations.ts';
import { cliniciansPart, patientsPart } from './senders.ts';
import { timeOfDayPart } from './time-of-day.ts';
import { volumePart } from './volume.ts';

const BY_YEAR = { grain: 'year', byDepartment: false } as const;
const WHOLE = { grain: 'all', byDepartment: false } as const;

function studyParts(opts: { businessHours: boolean; holidays: number }) {
  return {
    volume: volumePart(BY_YEAR, { byCategory: true }),
    patients: patientsPart(BY_YEAR),
    clinicians: cliniciansPart(BY_YEAR),
    // One grouping for both: rows by role (category NULL) and rows by category (role NULL).
    time_of_day: timeOfDayPart(WHOLE, { byRole: true, byCategory: true }),
    // The whole range and each year of it from one sort of the threads (rows with year set are the years').
    conversations: conversationsPart(WHOLE, {
      byReplyCategory: true,
      businessHours: opts.businessHours,
      holidays: opts.holidays,
      byYear: true,
    }),
  };
}
export type StudyParts = ReturnType<typeof studyParts>;

/**
 * Values: base scan from the range's first month to the cut-off's (the replies and later turns are
 * followed to the cut-off; the other parts count only the period, :from_idx..:to_idx), the time-of-day
 * windows and the conversations' values (conversations.ts).
 */
export function studyQuery(opts: { businessHours: boolean; holidays: number }): CombinedQuery<StudyParts> {
  const holidays = opts.businessHours ? opts.holidays : 0;
  return combine(`study${opts.businessHours ? '.business_hours' : ''}${holidays ? `.holidays${holidays}` : ''}`, studyParts(opts));
}
