import { builtinCalendarData, calendarFunctions, workingDurationAdder, type CalendarData, type CalendarFunction } from '@zhifa/engine';
import type { HolidayCalendarService } from './holiday-calendar.service.js';

/**
 * The engine's calendar hooks (`EngineDeps.addWorkingDuration`, `expressionFunctions`) over the holiday table
 * instead of the built-in data, so a year an admin imported counts at once in new timers, deadlines and FEEL
 * (`addWorkingDays`, `workingDaysBetween`). Synchronous, as the kernel is: they read the service's last load.
 */
export function engineCalendarHooks(holidays: HolidayCalendarService): {
  addWorkingDuration: (fromIso: string, isoDuration: string) => string;
  expressionFunctions: Readonly<Record<string, CalendarFunction>>;
} {
  const bound = new WeakMap<CalendarData, Record<string, CalendarFunction>>();
  const functionsOf = (data: CalendarData): Record<string, CalendarFunction> => {
    let functions = bound.get(data);
    if (!functions) {
      functions = calendarFunctions(data);
      bound.set(data, functions);
    }
    return functions;
  };
  const names = Object.keys(calendarFunctions(builtinCalendarData()));
  return {
    addWorkingDuration: (fromIso, isoDuration) => workingDurationAdder(holidays.current())(fromIso, isoDuration),
    expressionFunctions: Object.fromEntries(
      names.map((name) => [name, (...args: unknown[]) => functionsOf(holidays.current())[name]?.(...args) ?? null]),
    ),
  };
}
