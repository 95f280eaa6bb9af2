/**
 * The holiday table: official holidays and make-up workdays (调休) per year, plus which years were imported.
 * A year not in `coveredYears` has no published arrangement yet: only weekends count as non-working there and
 * every date computed through it is provisional.
 */
import { fromDayNumber, isWeekendDay, toDayNumber, yearOf, type CivilDate } from './civil-date.js';

export const CalendarEntryKind = { holiday: 'holiday', workday: 'workday' } as const;
/** `holiday`: a day off (may fall on a weekend); `workday`: a make-up workday (调休) on a Saturday or Sunday. */
export type CalendarEntryKind = (typeof CalendarEntryKind)[keyof typeof CalendarEntryKind];

export interface CalendarEntry {
  readonly date: CivilDate;
  readonly kind: CalendarEntryKind;
  /** Name of the holiday period, e.g. `国庆节`; for a make-up workday the holiday it makes up for. */
  readonly name: string;
  /** Where the entry comes from, e.g. `国办发明电〔2024〕12号` or `chinese-days 1.5.7`. */
  readonly source?: string;
}

/** Treated as immutable: build a new value (e.g. with `withCalendarYear`) instead of mutating. */
export interface CalendarData {
  readonly entries: readonly CalendarEntry[];
  readonly coveredYears: readonly number[];
}

/** What a single day is, with the reason when it is not a working day. */
export type DayStatus =
  | { readonly working: true; readonly makeUp?: CalendarEntry }
  | { readonly working: false; readonly reason: string };

interface CalendarIndex {
  readonly byDate: ReadonlyMap<CivilDate, CalendarEntry>;
  readonly covered: ReadonlySet<number>;
}

// Memoised per data object so that day-by-day loops are O(1) per day; safe because CalendarData is immutable.
const indexes = new WeakMap<CalendarData, CalendarIndex>();

function indexOf(data: CalendarData): CalendarIndex {
  let index = indexes.get(data);
  if (!index) {
    index = { byDate: new Map(data.entries.map((e) => [e.date, e])), covered: new Set(data.coveredYears) };
    indexes.set(data, index);
  }
  return index;
}

export function isYearCovered(year: number, data: CalendarData): boolean {
  return indexOf(data).covered.has(year);
}

/** Status of a day given as a day number (see civil-date.ts); the hot path of every loop. */
export function statusOfDay(day: number, data: CalendarData): DayStatus {
  const index = indexOf(data);
  const date = fromDayNumber(day);
  const entry = index.covered.has(yearOf(date)) ? index.byDate.get(date) : undefined;
  if (entry?.kind === 'workday') return { working: true, makeUp: entry };
  if (entry?.kind === 'holiday') return { working: false, reason: `holiday: ${entry.name}` };
  return isWeekendDay(day) ? { working: false, reason: 'weekend' } : { working: true };
}

export function isWorkingDay(date: CivilDate, data: CalendarData): boolean {
  return statusOfDay(toDayNumber(date), data).working;
}

/** The entries of one year, sorted by date. */
export function entriesOfYear(year: number, data: CalendarData): CalendarEntry[] {
  return data.entries.filter((e) => yearOf(e.date) === year).sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** A new CalendarData where `year` holds exactly `entries` and is covered (an admin import). */
export function withCalendarYear(data: CalendarData, year: number, entries: readonly CalendarEntry[]): CalendarData {
  return {
    entries: [...data.entries.filter((e) => yearOf(e.date) !== year), ...entries],
    coveredYears: [...new Set([...data.coveredYears, year])].sort((a, b) => a - b),
  };
}
