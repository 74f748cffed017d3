// Fast wall-clock arithmetic for America/Chicago, the sample's site time zone. The generator formats
// millions of timestamps, so instead of Intl (microseconds a call) it applies the US daylight-saving rules
// directly: since 2007 from the second Sunday of March 02:00 to the first Sunday of November 02:00, and
// from 1987 to 2006 from the first Sunday of April to the last Sunday of October. A test checks these
// against Intl's tz database for every hour of the supported years.
import type { ByteSink } from './byte-sink.ts';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** UTC minus local time, in ms, in standard (CST) and daylight (CDT) time. */
const STANDARD = 6 * HOUR;
const DAYLIGHT = 5 * HOUR;

/** Spellings of an instant, for writeSpelled(). */
export const TS_Z = 0,
  TS_OFFSET = 1,
  TS_PLUS_ZERO = 2,
  TS_LOCAL = 3,
  TS_GAP = 4;
export type TimestampSpelling = 0 | 1 | 2 | 3 | 4;

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2098;

function nthSunday(year: number, month: number, n: number): number {
  // Day of month of the n-th Sunday (n = -1: the last one).
  if (n > 0) {
    const dow = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return 1 + ((7 - dow) % 7) + 7 * (n - 1);
  }
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

const two: string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const three: string[] = Array.from({ length: 1000 }, (_, i) => '.' + String(i).padStart(3, '0'));

export class CentralTime {
  private readonly firstYear: number;
  private readonly yearStart: number[] = [];
  /** UTC instants at which daylight time starts / ends, per year from firstYear. */
  readonly dstStart: number[] = [];
  readonly dstEnd: number[] = [];
  private readonly baseDay: number;
  private readonly dayStrings: string[] = [];
  /** year * 12 + month (0-based) of each day from baseDay, for "does this thread span months" checks. */
  private readonly dayMonths: number[] = [];

  /** Covers fromYear-1 .. toYear+1 so spill-over and offsets near the edges work. */
  constructor(fromYear: number, toYear: number) {
    this.firstYear = fromYear - 1;
    for (let y = this.firstYear; y <= toYear + 2; y++) {
      this.yearStart.push(Date.UTC(y, 0, 1));
      let startDay: number, endDay: number, startMonth: number, endMonth: number;
      if (y >= 2007) {
        startMonth = 2;
        startDay = nthSunday(y, 2, 2);
        endMonth = 10;
        endDay = nthSunday(y, 10, 1);
      } else {
        startMonth = 3;
        startDay = nthSunday(y, 3, 1);
        endMonth = 9;
        endDay = nthSunday(y, 9, -1);
      }
      // 02:00 CST = 08:00 UTC; 02:00 CDT = 07:00 UTC.
      this.dstStart.push(Date.UTC(y, startMonth, startDay, 8));
      this.dstEnd.push(Date.UTC(y, endMonth, endDay, 7));
    }
    this.baseDay = Math.floor(Date.UTC(this.firstYear, 0, 1) / DAY);
    const lastDay = Math.floor(Date.UTC(toYear + 2, 0, 1) / DAY);
    for (let d = this.baseDay; d <= lastDay; d++) {
      const date = new Date(d * DAY);
      this.dayStrings.push(date.toISOString().slice(0, 10));
      this.dayMonths.push(date.getUTCFullYear() * 12 + date.getUTCMonth());
    }
  }

  private yearIndex(utc: number): number {
    let i = Math.floor((utc - (this.yearStart[0] as number)) / (365.2425 * DAY));
    if (i < 0) i = 0;
    if (i > this.yearStart.length - 2) i = this.yearStart.length - 2;
    while (i > 0 && utc < (this.yearStart[i] as number)) i--;
    while (i < this.yearStart.length - 2 && utc >= (this.yearStart[i + 1] as number)) i++;
    return i;
  }

  /** UTC minus local wall-clock time at this instant, in ms. */
  offset(utc: number): number {
    const i = this.yearIndex(utc);
    return utc >= (this.dstStart[i] as number) && utc < (this.dstEnd[i] as number) ? DAYLIGHT : STANDARD;
  }

  /** Wall-clock time as ms since 1970-01-01T00:00 local (a "local epoch"). */
  local(utc: number): number {
    return utc - this.offset(utc);
  }

  /** Local calendar day number (days since 1970-01-01) of an instant. */
  localDay(utc: number): number {
    return Math.floor(this.local(utc) / DAY);
  }

  /** The instant of local midnight starting local day `day`. */
  midnight(day: number): number {
    const guess = day * DAY + STANDARD;
    return day * DAY + this.offset(guess);
  }

  /** 0 = Sunday ... 6 = Saturday. */
  static dayOfWeek(day: number): number {
    return (((day + 4) % 7) + 7) % 7;
  }

  /** The local day number of 1 January of a year. */
  static firstDayOf(year: number): number {
    return Math.floor(Date.UTC(year, 0, 1) / DAY);
  }

  /** 'YYYY-MM-DD' of a day number (cached). */
  dayString(day: number): string {
    return this.dayStrings[day - this.baseDay] ?? new Date(day * DAY).toISOString().slice(0, 10);
  }

  /** year * 12 + month (0-based) of a local day number. */
  monthKey(day: number): number {
    const k = this.dayMonths[day - this.baseDay];
    if (k !== undefined) return k;
    const date = new Date(day * DAY);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  }

  private wall(ms: number): string {
    const day = Math.floor(ms / DAY);
    let tod = ms - day * DAY;
    const h = Math.floor(tod / HOUR);
    tod -= h * HOUR;
    const m = Math.floor(tod / 60_000);
    tod -= m * 60_000;
    const s = Math.floor(tod / 1000);
    const frac = tod - s * 1000;
    const base = this.dayString(day) + 'T' + two[h] + ':' + two[m] + ':' + two[s];
    return frac === 0 ? base : base + three[frac];
  }

  /** Writes a wall-clock value ('YYYY-MM-DDTHH:MM:SS[.mmm]', ms since the local epoch) as bytes; same text as wall(). */
  writeWall(sink: ByteSink, ms: number): void {
    const day = Math.floor(ms / DAY);
    let tod = ms - day * DAY;
    const h = Math.floor(tod / HOUR);
    tod -= h * HOUR;
    const m = Math.floor(tod / 60_000);
    tod -= m * 60_000;
    const s = Math.floor(tod / 1000);
    const frac = tod - s * 1000;
    sink.ascii(this.dayString(day));
    sink.byte(84); // T
    sink.padded(h, 2);
    sink.byte(58); // :
    sink.padded(m, 2);
    sink.byte(58);
    sink.padded(s, 2);
    if (frac !== 0) {
      sink.byte(46); // .
      sink.padded(frac, 3);
    }
  }

  /** Writes an instant as bytes in one spelling: the same text as formatZ/formatOffset/formatPlusZero/formatLocal/formatInGap. */
  writeSpelled(sink: ByteSink, utc: number, spelling: TimestampSpelling): void {
    if (spelling === TS_Z) {
      this.writeWall(sink, utc);
      sink.byte(90); // Z
    } else if (spelling === TS_OFFSET) {
      const off = this.offset(utc);
      this.writeWall(sink, utc - off);
      sink.ascii(off === DAYLIGHT ? '-05:00' : '-06:00');
    } else if (spelling === TS_PLUS_ZERO) {
      this.writeWall(sink, utc);
      sink.ascii('+00:00');
    } else if (spelling === TS_LOCAL) {
      this.writeWall(sink, utc - this.offset(utc));
    } else {
      this.writeWall(sink, utc - STANDARD);
    }
  }

  /** `2015-03-04T15:04:05Z` (milliseconds only when not zero). */
  formatZ(utc: number): string {
    return this.wall(utc) + 'Z';
  }

  /** `2015-03-04T09:04:05-06:00`: local wall clock with its offset. */
  formatOffset(utc: number): string {
    const off = this.offset(utc);
    return this.wall(utc - off) + (off === DAYLIGHT ? '-05:00' : '-06:00');
  }

  /** `2015-03-04T09:04:05`: local wall clock, no offset. */
  formatLocal(utc: number): string {
    return this.wall(utc - this.offset(utc));
  }

  /** Wall clock written as if it were UTC with an explicit +00:00 offset (another legal absolute spelling). */
  formatPlusZero(utc: number): string {
    return this.wall(utc) + '+00:00';
  }

  /**
   * How a wall-clock (offset-less) spelling of this instant reads back:
   * 0 ordinary; 1 first pass of the repeated hour (reads back right: the earlier offset);
   * 2 second pass of the repeated hour (would read back an hour early, so it must not be spelled as wall clock).
   */
  repeatedHour(utc: number): 0 | 1 | 2 {
    const end = this.dstEnd[this.yearIndex(utc)] as number;
    if (utc >= end - HOUR && utc < end) return 1;
    if (utc >= end && utc < end + HOUR) return 2;
    return 0;
  }

  /**
   * For an instant in the first hour of daylight time (03:00-03:59 CDT on the spring-forward day), the
   * non-existent wall-clock spelling 02:xx that a java.time-style reader moves forward by the gap onto it.
   * Returns null for any other instant.
   */
  formatInGap(utc: number): string | null {
    const start = this.dstStart[this.yearIndex(utc)] as number;
    if (utc < start || utc >= start + HOUR) return null;
    return this.wall(utc - STANDARD);
  }

  /** The spring-forward and fall-back instants of a year. */
  transitions(year: number): { start: number; end: number } {
    const i = year - this.firstYear;
    return { start: this.dstStart[i] as number, end: this.dstEnd[i] as number };
  }
}
