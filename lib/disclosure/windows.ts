// Which whole local hours make up a time window, so a window's count can be tied to the hour-of-day bars
// that add up to it. A window that does not start and end on the hour is not a sum of hour bars: no tie.
import type { TimeWindow } from '../settings/index.ts';
import { minutesOfDay } from '../settings/index.ts';

export function hoursOfWindow(w: TimeWindow): number[] | null {
  const start = minutesOfDay(w.start);
  const end = minutesOfDay(w.end);
  if (start % 60 !== 0 || end % 60 !== 0) return null;
  const out: number[] = [];
  const from = start / 60;
  const to = end <= start ? end / 60 + 24 : end / 60;
  for (let h = from; h < to; h++) out.push(h % 24);
  return out;
}
