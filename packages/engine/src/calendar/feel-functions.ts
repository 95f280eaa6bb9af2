/**
 * Calendar functions for FEEL, as plain functions the expression module registers under its own names
 * (suggested FEEL names: `add working days(date, n)` and `working days between(a, b)`).
 *
 * - `addWorkingDays(date, n)` → `'YYYY-MM-DD'`: the n-th working day after `date` (its day not counted).
 * - `workingDaysBetween(a, b)` → number: working days d with a < d ≤ b (negative when b is before a).
 * - `addWorkingDuration(dateTime, duration)` → ISO instant: what a working-day timer or deadline of that
 *   duration (e.g. `"P5D"`) started at `dateTime` comes due — the same rule as `zhifa:deadline`, so a due date
 *   can be fixed once (say at dispatch) and reused by later tasks.
 *
 * Dates may be `'YYYY-MM-DD'` strings or FEEL date values (anything whose `iso` or `toString()` is such a
 * string). Following FEEL, bad arguments give `null` instead of throwing.
 */
import type { CalendarData } from './calendar-data.js';
import { isCivilDate } from './civil-date.js';
import { addDuration } from './duration.js';
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

/** An instant as ISO text: a FEEL date-time (its `iso`) or an ISO string with a time and zone. */
function instantArg(value: unknown): string | null {
  const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null && 'iso' in value ? String(value.iso) : null;
  return text !== null && /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)) ? text : null;
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
    addWorkingDuration: (from: unknown, duration: unknown): string | null => {
      const start = instantArg(from);
      if (start === null || typeof duration !== 'string') return null;
      try {
        return addDuration(start, duration, 'working', data).instant;
      } catch {
        return null; // not a duration, or too long: FEEL has no exceptions
      }
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
