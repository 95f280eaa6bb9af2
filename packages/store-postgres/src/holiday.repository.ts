import type { Sql } from './sql.js';

/** One calendar exception: a public holiday, or a make-up workday (调休) on a weekend. */
export interface HolidayDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly kind: 'holiday' | 'workday';
  readonly name: string;
  /** The notice it comes from, e.g. 国办发明电〔2025〕7号. */
  readonly source?: string;
}

export interface HolidayYear {
  readonly year: number;
  /** False when no data was imported for the year: due dates in it are provisional. */
  readonly published: boolean;
  readonly source?: string;
  readonly days: HolidayDay[];
}

/**
 * Replaces a year's holidays and make-up workdays with `days` and marks the year published. Days outside
 * the year are rejected. Returns the stored year.
 */
export async function upsertHolidayYear(sql: Sql, year: number, days: readonly HolidayDay[], source = ''): Promise<HolidayYear> {
  const outside = days.find((d) => !d.date.startsWith(`${year}-`));
  if (outside) throw new RangeError(`${outside.date} is not in ${year}`);
  await sql.query(`DELETE FROM holiday WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, [year]);
  await sql.query(
    `INSERT INTO holiday (date, kind, name, source)
     SELECT x."date", x."kind", COALESCE(x."name", ''), COALESCE(x."source", $2)
       FROM jsonb_to_recordset($1::jsonb) AS x("date" date, "kind" text, "name" text, "source" text)`,
    [JSON.stringify(days), source],
  );
  await sql.query(
    `INSERT INTO holiday_year (year, source, imported_at) VALUES ($1, $2, now())
     ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, imported_at = now()`,
    [year, source],
  );
  return getHolidayYear(sql, year);
}

export async function getHolidayYear(sql: Sql, year: number): Promise<HolidayYear> {
  const [meta] = await sql.query<{ source: string }>(`SELECT source FROM holiday_year WHERE year = $1`, [year]);
  const days = await listHolidays(sql, `${year}-01-01`, `${year}-12-31`);
  return { year, published: meta !== undefined, ...(meta?.source && { source: meta.source }), days };
}

/** Holidays and make-up workdays between two dates (inclusive), by date. */
export async function listHolidays(sql: Sql, from: string, to: string): Promise<HolidayDay[]> {
  const rows = await sql.query<{ date: string; kind: 'holiday' | 'workday'; name: string; source: string }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, source FROM holiday WHERE date BETWEEN $1 AND $2 ORDER BY date`,
    [from, to],
  );
  return rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, ...(r.source && { source: r.source }) }));
}

/** Years with imported data. */
export async function publishedHolidayYears(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ year: number }>(`SELECT year FROM holiday_year ORDER BY year`);
  return rows.map((r) => r.year);
}
