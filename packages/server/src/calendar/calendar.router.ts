import express, { Router } from 'express';
import { z } from 'zod';
import {
  addWorkingDays, calendarYearToCsv, calendarYearToJson, CalendarImportError, parseCalendarYearCsv, parseCalendarYearJson, type CalendarYear,
} from '@zhifa/engine';
import type { Clock } from '@zhifa/engine';
import { principalOf } from '../auth/principal.js';
import { requireRole } from '../auth/auth.middleware.js';
import { ApiError } from '../http/api-error.js';
import { param, parse } from '../http/validate.js';
import type { HolidayCalendarService } from './holiday-calendar.service.js';

const year = z.coerce.number().int().min(1949).max(2200);
const AddQuery = z.object({ from: z.iso.date(), days: z.coerce.number().int().min(0).max(10_000) });
const DaysQuery = z.object({ year });
const ExportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
const ImportQuery = z.object({ source: z.string().trim().min(1).max(200).optional() });

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
  router.get('/api/calendar/add-working-days', async (req, res) => {
    const query = parse(AddQuery, req.query, 'query');
    res.json(addWorkingDays(query.from, query.days, await calendar.data()));
  });
  router.get('/api/calendar/days', async (req, res) => {
    const query = parse(DaysQuery, req.query, 'query');
    res.json(calendarYearToJson(query.year, await calendar.data()));
  });

  const admin = requireRole('admin');
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: options.bodyLimitBytes ?? 256 * 1024 });
  router.put('/api/admin/calendar/:year', admin, csv, async (req, res) => {
    const y = parse(year, param(req.params, 'year'), 'params');
    const query = parse(ImportQuery, req.query, 'query');
    // express.text() leaves CSV as a string; the API's JSON parser has already turned JSON into a value.
    const body: unknown = req.body;
    const parsed = typeof body === 'string' ? parseYear(body, true, y) : parseYear(JSON.stringify(body ?? null), false, y);
    const principal = principalOf(res);
    await calendar.importYear(parsed, query.source ?? `imported by ${principal.username}`, { id: principal.id, at: options.clock.now().toISOString() });
    const recomputed = await options.onYearImported?.(y);
    res.json({ year: y, covered: true, entries: parsed.entries.length, ...(recomputed !== undefined && { recomputed }) });
  });
  router.get('/api/admin/calendar/:year/export', admin, async (req, res) => {
    const y = parse(year, param(req.params, 'year'), 'params');
    const { format } = parse(ExportQuery, req.query, 'query');
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
