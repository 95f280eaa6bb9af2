/**
 * Deadline arithmetic over the holiday table (行政处罚法 §85, 行政强制法 §69, 行政复议法 §88): the day of the event
 * is not counted, and a period in calendar days whose last day is not a working day ends on the next working day.
 */
import { InvalidInputError } from '../errors.js';
import { isYearCovered, statusOfDay, type CalendarData } from './calendar-data.js';
import { fromDayNumber, toDayNumber, yearOf, type CivilDate } from './civil-date.js';

/** Upper bound on any period, so an expression cannot make the engine loop for long. */
export const MAX_PERIOD_DAYS = 10_000;

export const DeadlineRule = { workingDays: 'working-days', calendarDays: 'calendar-days' } as const;
export type DeadlineRule = (typeof DeadlineRule)[keyof typeof DeadlineRule];

export interface SkippedDay {
  readonly date: CivilDate;
  /** `weekend` or `holiday: <name>`, e.g. `holiday: 国庆节`. */
  readonly reason: string;
}

/** How a due date was computed, kept with it and shown by the API. */
export interface DeadlineTrace {
  readonly start: CivilDate;
  readonly rule: DeadlineRule;
  readonly days: number;
  readonly due: CivilDate;
  /** Non-working days passed over (for calendar days: only those the last day rolled over). */
  readonly skipped: readonly SkippedDay[];
  /** Make-up workdays (调休) that counted as working days, with the holiday they make up for. */
  readonly makeUpWorkdays: readonly { readonly date: CivilDate; readonly name: string }[];
  /** Calendar days only: the last day before rolling forward to the next working day, when it moved. */
  readonly rolledForwardFrom?: CivilDate;
  /** Years passed through that have no imported holiday data (weekends only were skipped there). */
  readonly uncoveredYears: readonly number[];
}

export interface Deadline {
  readonly date: CivilDate;
  /** True when a day looked at lies in a year without imported data: recompute once that year is imported. */
  readonly provisional: boolean;
  readonly trace: DeadlineTrace;
}

function checkDays(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PERIOD_DAYS) {
    throw new InvalidInputError(`a period must be a whole number of days from 0 to ${MAX_PERIOD_DAYS}, got ${n}`, { days: n });
  }
}

/** Collects what the days looked at tell us, from `first` onwards. */
class Walk {
  readonly skipped: SkippedDay[] = [];
  readonly makeUp: { date: CivilDate; name: string }[] = [];
  readonly uncovered = new Set<number>();
  constructor(private readonly data: CalendarData) {}

  /** Looks at one day; true when it is a working day. */
  visit(day: number): boolean {
    const date = fromDayNumber(day);
    if (!isYearCovered(yearOf(date), this.data)) this.uncovered.add(yearOf(date));
    const status = statusOfDay(day, this.data);
    if (!status.working) this.skipped.push({ date, reason: status.reason });
    else if (status.makeUp) this.makeUp.push({ date, name: status.makeUp.name });
    return status.working;
  }

  result(start: CivilDate, rule: DeadlineRule, days: number, due: number, rolledFrom?: number): Deadline {
    const uncoveredYears = [...this.uncovered].sort((a, b) => a - b);
    const trace: DeadlineTrace = {
      start, rule, days, due: fromDayNumber(due), skipped: this.skipped, makeUpWorkdays: this.makeUp,
      ...(rolledFrom === undefined ? {} : { rolledForwardFrom: fromDayNumber(rolledFrom) }),
      uncoveredYears,
    };
    return { date: trace.due, provisional: uncoveredYears.length > 0, trace };
  }
}

/**
 * The n-th working day after `from` (the day of `from` itself is not counted). n = 0 gives `from` when it is a
 * working day, else the next working day, so a due date never falls on a non-working day.
 */
export function addWorkingDays(from: CivilDate, n: number, data: CalendarData): Deadline {
  checkDays(n);
  const walk = new Walk(data);
  let day = toDayNumber(from);
  if (n === 0) {
    while (!walk.visit(day)) day += 1;
    return walk.result(from, DeadlineRule.workingDays, n, day);
  }
  for (let counted = 0; counted < n; ) {
    day += 1;
    if (walk.visit(day)) counted += 1;
  }
  return walk.result(from, DeadlineRule.workingDays, n, day);
}

/**
 * `from` + n calendar days; when that last day is not a working day the period ends on the next working day
 * (行政处罚法 §85 style), recorded as `rolledForwardFrom` and the skipped days in the trace.
 */
export function addCalendarDays(from: CivilDate, n: number, data: CalendarData): Deadline {
  checkDays(n);
  const walk = new Walk(data);
  const last = toDayNumber(from) + n;
  let day = last;
  while (!walk.visit(day)) day += 1;
  return walk.result(from, DeadlineRule.calendarDays, n, day, day === last ? undefined : last);
}

/**
 * Working days d with a < d ≤ b (the day of the event `a` is not counted); negative when b is before a. For a
 * working day b, `addWorkingDays(a, workingDaysBetween(a, b)).date === b`.
 */
export function workingDaysBetween(a: CivilDate, b: CivilDate, data: CalendarData): number {
  const [from, to] = [toDayNumber(a), toDayNumber(b)];
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  if (hi - lo > MAX_PERIOD_DAYS * 2) {
    throw new InvalidInputError(`dates ${a} and ${b} are too far apart`, { a, b });
  }
  let count = 0;
  for (let day = lo + 1; day <= hi; day += 1) if (statusOfDay(day, data).working) count += 1;
  return sign * count;
}
