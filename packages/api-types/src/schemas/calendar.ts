/** The working-day calendar (法定节假日 and 调休) and working-day arithmetic. */
import { z } from 'zod';

const CivilDate = z.string().describe('calendar date YYYY-MM-DD');

/** A calendar year as a path parameter. */
export const CalendarYearParam = z.coerce.number().int().min(1949).max(2200);

/** `GET /api/calendar/add-working-days?from=&days=`. */
export const AddWorkingDaysQuery = z.object({ from: z.iso.date(), days: z.coerce.number().int().min(0).max(10_000) });
export type AddWorkingDaysQuery = z.infer<typeof AddWorkingDaysQuery>;
/** `GET /api/calendar/days?year=`. */
export const CalendarDaysQuery = z.object({ year: CalendarYearParam });
/** `GET /api/admin/calendar/:year/export?format=`. */
export const CalendarExportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
/** `PUT /api/admin/calendar/:year?source=`: where the data comes from (e.g. the State Council notice). */
export const CalendarImportQuery = z.object({ source: z.string().trim().min(1).max(200).optional() });

/** `holiday`: a day off; `workday`: a make-up workday (调休) on a weekend. */
export const CalendarEntry = z.object({
  date: CivilDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  source: z.string().optional(),
});
export type CalendarEntry = z.infer<typeof CalendarEntry>;

/** A year of the calendar; `covered` tells whether data for it was imported. */
export const CalendarYear = z.object({ year: z.number().int(), covered: z.boolean(), entries: z.array(CalendarEntry) });
export type CalendarYear = z.infer<typeof CalendarYear>;

/**
 * The body of an import: a JSON array of entries or `{ year, entries }` (checked entry by entry, a problem is a
 * 400 naming it), or the same as `text/csv` with the header `date,kind,name,source`.
 */
export const CalendarImportRequest = z.union([
  z.object({ year: z.number().int().optional(), entries: z.array(CalendarEntry) }),
  z.array(CalendarEntry),
]);

export const CalendarImportResponse = z.object({
  year: z.number().int(),
  covered: z.literal(true),
  entries: z.number().int(),
  /** What the import changed downstream (provisional due dates recomputed), when anything listens. */
  recomputed: z.unknown().optional(),
});
export type CalendarImportResponse = z.infer<typeof CalendarImportResponse>;

/** A due date in working days, with how it was computed. */
export const WorkingDayDeadline = z.object({
  date: CivilDate,
  /** True when a day looked at lies in a year without imported data: recompute once that year is imported. */
  provisional: z.boolean(),
  trace: z.object({
    start: CivilDate,
    rule: z.enum(['working-days', 'calendar-days']),
    days: z.number().int(),
    due: CivilDate,
    skipped: z.array(z.object({ date: CivilDate, reason: z.string() })),
    makeUpWorkdays: z.array(z.object({ date: CivilDate, name: z.string() })),
    rolledForwardFrom: CivilDate.optional(),
    uncoveredYears: z.array(z.number().int()),
  }),
});
export type WorkingDayDeadline = z.infer<typeof WorkingDayDeadline>;
