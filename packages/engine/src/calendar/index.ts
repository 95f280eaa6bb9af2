/** Working-day calendar for Asia/Shanghai: the public surface of `calendar/`. */
export {
  CalendarEntryKind, entriesOfYear, isWorkingDay, isYearCovered, withCalendarYear,
  type CalendarData, type CalendarEntry, type DayStatus,
} from './calendar-data.js';
export { isCivilDate, shanghaiDateOf, type CivilDate } from './civil-date.js';
export {
  addCalendarDays, addWorkingDays, DeadlineRule, MAX_PERIOD_DAYS, workingDaysBetween,
  type Deadline, type DeadlineTrace, type SkippedDay,
} from './working-days.js';
export {
  addDuration, DurationMode, parseDurationDays, parseIsoDuration, workingDurationAdder,
  type DurationResult, type IsoDuration,
} from './duration.js';
export { calendarFunctions, type CalendarFunction } from './feel-functions.js';
export {
  calendarYearToCsv, calendarYearToJson, CalendarImportError, CSV_HEADER, parseCalendarYearCsv, parseCalendarYearJson,
  type CalendarYear, type ImportProblem,
} from './holiday-io.js';
export { builtinCalendarData } from './builtin.js';
