import {
  builtinCalendarData, entriesOfYear, type CalendarData, type CalendarEntry, type CalendarYear,
} from '@zhifa/engine';
import { randomUUID } from 'node:crypto';
import { appendAudit, listHolidays, publishedHolidayYears, upsertHolidayYear, type PostgresDb } from '@zhifa/store-postgres';

/** Reload from the table at most this often, so an import made by another process is seen within it. */
const DEFAULT_MAX_AGE_MS = 60_000;

/**
 * The working-day calendar as the holiday table holds it (an admin may import years the package data lacks).
 * Kept in memory as immutable `CalendarData`; reloaded after an import here and after `maxAgeMs` otherwise.
 */
export class HolidayCalendarService {
  private cached: { data: CalendarData; loadedAt: number } | undefined;

  constructor(
    private readonly db: PostgresDb,
    private readonly options: { readonly maxAgeMs?: number; readonly now?: () => number } = {},
  ) {}

  /** Fills an empty holiday table from the built-in data (chinese-days years). Returns the years seeded. */
  async seedIfEmpty(): Promise<number[]> {
    const builtin = builtinCalendarData();
    const seeded = await this.db.transaction(async (tx) => {
      // One seeder across processes starting together.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('zhifa.holiday.seed'))`);
      if ((await publishedHolidayYears(tx)).length > 0) return [];
      for (const year of builtin.coveredYears) {
        const entries = entriesOfYear(year, builtin);
        await upsertHolidayYear(tx, year, entries.map(toDay), entries[0]?.source ?? 'built-in');
      }
      return [...builtin.coveredYears];
    });
    this.cached = undefined;
    return seeded;
  }

  /**
   * The last loaded data, synchronously (the built-in data before the first load), refreshing in the background
   * when stale: for the engine's synchronous `addWorkingDuration` and FEEL calendar functions.
   */
  current(): CalendarData {
    const now = (this.options.now ?? Date.now)();
    if (!this.cached || now - this.cached.loadedAt >= (this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) void this.data().catch(() => undefined);
    return this.cached?.data ?? builtinCalendarData();
  }

  async data(): Promise<CalendarData> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now - this.cached.loadedAt < (this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return this.cached.data;
    const [years, days] = await Promise.all([publishedHolidayYears(this.db), listHolidays(this.db, '0001-01-01', '9999-12-31')]);
    const data: CalendarData = {
      coveredYears: years,
      entries: days.map((d): CalendarEntry => ({ date: d.date, kind: d.kind, name: d.name, ...(d.source && { source: d.source }) })),
    };
    this.cached = { data, loadedAt: now };
    return data;
  }

  /** Replaces one year (already validated by the engine's parsers), audited, and reloads. */
  async importYear(year: CalendarYear, source: string, actor: { readonly id: string; readonly at: string }): Promise<void> {
    await this.db.transaction(async (tx) => {
      await upsertHolidayYear(tx, year.year, year.entries.map(toDay), source);
      await appendAudit(tx, [{
        id: randomUUID(), at: actor.at, actor: actor.id, action: 'calendar.imported',
        data: { year: year.year, source, holidays: year.entries.filter((e) => e.kind === 'holiday').length, workdays: year.entries.filter((e) => e.kind === 'workday').length },
      }]);
    });
    this.cached = undefined;
    await this.data();
  }
}

function toDay(entry: CalendarEntry) {
  return { date: entry.date, kind: entry.kind, name: entry.name, ...(entry.source && { source: entry.source }) };
}
