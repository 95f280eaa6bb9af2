import express, { Router } from 'express';
import {
  AddWorkingDaysQuery, ApiPath, CalendarDaysQuery, CalendarExportQuery, CalendarImportQuery, CalendarYearParam,
} from '@zhifa/api-types';
import {
  addWorkingDays, calendarYearToCsv, calendarYearToJson, CalendarImportError, parseCalendarYearCsv, parseCalendarYearJson, type CalendarYear,
} from '@zhifa/engine';
import type { Clock } from '@zhifa/engine';
import { principalOf } from '../auth/principal.js';
import { requireRole } from '../auth/auth.middleware.js';
import { ApiError } from '../http/api-error.js';
import { param, parse } from '../http/validate.js';
import type { HolidayCalendarService } from './holiday-calendar.service.js';


export interface CalendarRouterOptions {
  readonly calendar: HolidayCalendarService;
  /** The engine clock, for the audit entry of an import. */
  readonly clock: Clock;
  /** Called after a year was imported (recompute provisional due dates); its result is part of the response. */
  readonly onYearImported?: (year: number) => Promise<unknown>;
  /** Largest CSV/JSON body in bytes. Default 256 kB. */
  readonly bodyLimitBytes?: number;
}

/**
 * The working-day calendar as routes: `GET /api/calendar/add-working-days`, `GET /api/calendar/days` for every
 * signed-in user; `PUT /api/admin/calendar/:year` (JSON or `text/csv`) and its export for admins.
 */
export function calendarRouter(options: CalendarRouterOptions): Router {
  const { calendar } = options;
  const router = Router();
  router.get(ApiPath.calendarAddWorkingDays, async (req, res) => {
    const query = parse(AddWorkingDaysQuery, req.query, 'query');
    res.json(addWorkingDays(query.from, query.days, await calendar.data()));
  });
  router.get(ApiPath.calendarDays, async (req, res) => {
    const query = parse(CalendarDaysQuery, req.query, 'query');
    res.json(calendarYearToJson(query.year, await calendar.data()));
  });

  const admin = requireRole('admin');
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: options.bodyLimitBytes ?? 256 * 1024 });
  router.put(ApiPath.adminCalendarYear, admin, csv, async (req, res) => {
    const y = parse(CalendarYearParam, param(req.params, 'year'), 'params');
    const query = parse(CalendarImportQuery, req.query, 'query');
    // express.text() leaves CSV as a string; the API's JSON parser has already turned JSON into a value.
    const body: unknown = req.body;
    const parsed = typeof body === 'string' ? parseYear(body, true, y) : parseYear(JSON.stringify(body ?? null), false, y);
    const principal = principalOf(res);
    await calendar.importYear(parsed, query.source ?? `imported by ${principal.username}`, { id: principal.id, at: options.clock.now().toISOString() });
    const recomputed = await options.onYearImported?.(y);
    res.json({ year: y, covered: true, entries: parsed.entries.length, ...(recomputed !== undefined && { recomputed }) });
  });
  router.get(ApiPath.adminCalendarExport, admin, async (req, res) => {
    const y = parse(CalendarYearParam, param(req.params, 'year'), 'params');
    const { format } = parse(CalendarExportQuery, req.query, 'query');
    const data = await calendar.data();
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`holidays-${y}.csv`).send(calendarYearToCsv(y, data));
    } else {
      res.json(calendarYearToJson(y, data));
    }
  });
  return router;
}

/** Validates with the engine's parsers; a problem becomes a 400 naming the line (CSV) or entry (JSON). */
function parseYear(text: string, isCsv: boolean, y: number): CalendarYear {
  try {
    return isCsv ? parseCalendarYearCsv(text, y) : parseCalendarYearJson(text, y);
  } catch (error) {
    if (error instanceof CalendarImportError) throw new ApiError('INVALID_INPUT', error.message, { problems: error.problems });
    throw error;
  }
}
