/**
 * Calendar functions for FEEL, as plain functions the expression module registers under its own names
 * (suggested FEEL names: `add working days(date, n)` and `working days between(a, b)`).
 *
 * - `addWorkingDays(date, n)` → `'YYYY-MM-DD'`: the n-th working day after `date` (its day not counted).
 * - `workingDaysBetween(a, b)` → number: working days d with a < d ≤ b (negative when b is before a).
 *
 * Dates may be `'YYYY-MM-DD'` strings or FEEL date values (anything whose `iso` or `toString()` is such a
 * string). Following FEEL, bad arguments give `null` instead of throwing.
 */
import type { CalendarData } from './calendar-data.js';
import { isCivilDate } from './civil-date.js';
import { addWorkingDays, MAX_PERIOD_DAYS, workingDaysBetween } from './working-days.js';

export type CalendarFunction = (...args: unknown[]) => unknown;

function dateArg(value: unknown): string | null {
  if (isCivilDate(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const iso: unknown = 'iso' in value ? value.iso : String(value);
    return isCivilDate(iso) ? iso : null;
  }
  return null;
}

function countArg(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_PERIOD_DAYS ? n : null;
}

export function calendarFunctions(data: CalendarData): Record<string, CalendarFunction> {
  return {
    addWorkingDays: (date: unknown, n: unknown): string | null => {
      const [d, count] = [dateArg(date), countArg(n)];
      return d === null || count === null ? null : addWorkingDays(d, count, data).date;
    },
    workingDaysBetween: (a: unknown, b: unknown): number | null => {
      const [from, to] = [dateArg(a), dateArg(b)];
      if (from === null || to === null) return null;
      try {
        return workingDaysBetween(from, to, data);
      } catch {
        return null; // too far apart: FEEL has no exceptions
      }
    },
  };
}
