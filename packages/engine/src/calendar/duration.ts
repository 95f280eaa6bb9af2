/**
 * ISO 8601 durations applied to instants, in calendar or working days, keeping the Shanghai time of day.
 *
 * Working mode rules:
 * - Days (`P5D`) are working days by {@link addWorkingDays}: the event's day is not counted and the time of day
 *   is kept (`P1D` from Friday 10:00 before an ordinary weekend is Monday 10:00). A duration with no time part
 *   that starts on a non-working day ends on a working day, even `P0D`.
 * - Time parts (`PT…H…M…S`) run a clock that only ticks on working days (whole days, 00:00–24:00 Shanghai; the
 *   office hours of a unit are not modelled): time falling on a weekend or holiday is not counted. They are
 *   applied after the day part. `PT24H` from a working day equals `P1D`; from a non-working day the clock starts
 *   at 00:00 of the next working day.
 * - Years, months and weeks are rejected: the law counts working days, never working weeks or months.
 *
 * Calendar mode: years and months move the date by the calendar (clamped to the month's last day), weeks and
 * days add calendar days, then a last day that is not a working day moves to the next working day (§85); the
 * time part is then added as plain elapsed time. A pure time duration (`PT2H`) is never rolled forward.
 */
import { InvalidInputError } from '../errors.js';
import { isYearCovered, statusOfDay, type CalendarData } from './calendar-data.js';
import { DAY_MS, dayNumberOf, daysInMonth, fromDayNumber, fromShanghai, parseInstant, toDayNumber, toShanghai, yearOf } from './civil-date.js';
import { addCalendarDays, addWorkingDays, DeadlineRule, MAX_PERIOD_DAYS, type Deadline, type DeadlineTrace, type SkippedDay } from './working-days.js';

export interface IsoDuration {
  readonly years: number; readonly months: number; readonly weeks: number; readonly days: number;
  /** The time part in milliseconds. */
  readonly timeMs: number;
}

const DURATION_RE = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export function parseIsoDuration(text: string): IsoDuration {
  const m = typeof text === 'string' ? DURATION_RE.exec(text) : null;
  if (!m) throw new InvalidInputError(`'${String(text)}' is not an ISO 8601 duration such as P5D or PT2H`, { duration: text });
  const n = (i: number): number => Number(m[i] ?? 0);
  const d = { years: n(1), months: n(2), weeks: n(3), days: n(4), timeMs: Math.round(n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000) };
  // Bounds every loop and keeps Date in range; longer periods are rejected again as days by the day arithmetic.
  if (d.years > 100 || d.months > 1200 || d.timeMs > MAX_PERIOD_DAYS * DAY_MS) {
    throw new InvalidInputError(`duration '${text}' is longer than ${MAX_PERIOD_DAYS} days`, { duration: text });
  }
  return d;
}

/** Number of days of a pure day duration: `P5D` → 5. Anything else (weeks, months, time) is rejected. */
export function parseDurationDays(text: string): number {
  const d = parseIsoDuration(text);
  if (d.years || d.months || d.weeks || d.timeMs || !/D$/.test(text)) {
    throw new InvalidInputError(`'${text}' is not a duration in days such as P5D`, { duration: text });
  }
  return d.days;
}

export const DurationMode = { calendar: 'calendar', working: 'working' } as const;
export type DurationMode = (typeof DurationMode)[keyof typeof DurationMode];

export interface DurationResult {
  /** ISO 8601 instant in UTC (`…Z`). */
  readonly instant: string;
  readonly provisional: boolean;
  /** How the date part was counted; null for a pure time duration in calendar mode. */
  readonly trace: DeadlineTrace | null;
}

/** Moves a day by whole months, clamping to the last day of a shorter month (Jan 31 + 1 month → Feb 28/29). */
function addMonths(day: number, months: number): number {
  const date = fromDayNumber(day);
  const total = yearOf(date) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const [y, m] = [Math.floor(total / 12), (total % 12) + 1];
  return dayNumberOf(y, m, Math.min(Number(date.slice(8, 10)), daysInMonth(y, m)));
}

/** Advances a working-day clock by `ms`: time on non-working days does not count. */
function runWorkingClock(start: { day: number; timeOfDay: number }, ms: number, data: CalendarData) {
  let { day, timeOfDay } = start;
  let remaining = ms;
  const skipped: SkippedDay[] = [];
  const uncovered = new Set<number>();
  for (;;) {
    const date = fromDayNumber(day);
    if (!isYearCovered(yearOf(date), data)) uncovered.add(yearOf(date));
    const status = statusOfDay(day, data);
    if (!status.working) {
      skipped.push({ date, reason: status.reason });
      [day, timeOfDay] = [day + 1, 0];
    } else if (remaining <= DAY_MS - timeOfDay) {
      return { day, timeOfDay: timeOfDay + remaining, skipped, uncovered };
    } else {
      remaining -= DAY_MS - timeOfDay;
      [day, timeOfDay] = [day + 1, 0];
    }
  }
}

function working(ms: number, d: IsoDuration, data: CalendarData): DurationResult {
  if (d.years || d.months || d.weeks) {
    throw new InvalidInputError('a duration in working days may only have days and a time part (e.g. P5D, PT4H)');
  }
  const start = toShanghai(ms);
  const fromDate = fromDayNumber(start.day);
  const dayPart = d.days > 0 || d.timeMs === 0 ? addWorkingDays(fromDate, d.days, data) : undefined;
  const afterDays = dayPart ? { day: toDayNumber(dayPart.date), timeOfDay: start.timeOfDay } : start;
  if (d.timeMs === 0) return { instant: iso(afterDays.day, afterDays.timeOfDay), provisional: dayPart?.provisional ?? false, trace: dayPart?.trace ?? null };
  const clock = runWorkingClock(afterDays, d.timeMs, data);
  const uncoveredYears = [...new Set([...(dayPart?.trace.uncoveredYears ?? []), ...clock.uncovered])].sort((a, b) => a - b);
  const trace: DeadlineTrace = {
    start: fromDate, rule: DeadlineRule.workingDays, days: d.days, due: fromDayNumber(clock.day),
    skipped: [...(dayPart?.trace.skipped ?? []), ...clock.skipped],
    makeUpWorkdays: dayPart?.trace.makeUpWorkdays ?? [], uncoveredYears,
  };
  return { instant: iso(clock.day, clock.timeOfDay), provisional: uncoveredYears.length > 0, trace };
}

function calendar(ms: number, d: IsoDuration, data: CalendarData): DurationResult {
  const start = toShanghai(ms);
  const target = addMonths(start.day, d.years * 12 + d.months) + d.weeks * 7 + d.days;
  const hasDatePart = d.years + d.months + d.weeks + d.days > 0;
  const dayPart: Deadline | undefined = hasDatePart ? addCalendarDays(fromDayNumber(start.day), target - start.day, data) : undefined;
  const day = dayPart ? toDayNumber(dayPart.date) : start.day;
  const end = fromShanghai(day, start.timeOfDay) + d.timeMs;
  return { instant: new Date(end).toISOString(), provisional: dayPart?.provisional ?? false, trace: dayPart?.trace ?? null };
}

const iso = (day: number, timeOfDay: number): string => new Date(fromShanghai(day, timeOfDay)).toISOString();

/** `fromInstant` (ISO 8601 with an offset) plus an ISO 8601 duration, counted in calendar or working days. */
export function addDuration(fromInstant: string, isoDuration: string, mode: DurationMode, data: CalendarData): DurationResult {
  const ms = parseInstant(fromInstant);
  const d = parseIsoDuration(isoDuration);
  switch (mode) {
    case 'working': return working(ms, d, data);
    case 'calendar': return calendar(ms, d, data);
    default: {
      const never: never = mode;
      throw new InvalidInputError(`unknown duration mode '${String(never)}'`);
    }
  }
}

/** The kernel's `KernelContext.addWorkingDuration` over this calendar: working-day `addDuration`, instant only. */
export function workingDurationAdder(data: CalendarData): (fromIso: string, isoDuration: string) => string {
  return (fromIso, isoDuration) => addDuration(fromIso, isoDuration, DurationMode.working, data).instant;
}
