/**
 * Civil dates (`YYYY-MM-DD`) in Asia/Shanghai as plain strings, with day arithmetic done on day numbers
 * (days since 1970-01-01). China has no daylight saving time since 1991, so an instant maps to a civil date by
 * a fixed +08:00 offset; no time-zone database is needed and the kernel stays pure.
 */
import { InvalidInputError } from '../errors.js';

/** A civil date in Asia/Shanghai, `YYYY-MM-DD`. */
export type CivilDate = string;

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link daysFromCivil}. */
function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** True for a well-formed, existing date such as `2024-02-29` (not `2025-02-29`). */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const [y2, m2, d2] = civilFromDays(daysFromCivil(y, mo, d));
  return y2 === y && m2 === mo && d2 === d;
}

/** Day number of a civil date; throws `INVALID_INPUT` naming the bad value. */
export function toDayNumber(date: string): number {
  if (!isCivilDate(date)) throw new InvalidInputError(`'${date}' is not a date (expected YYYY-MM-DD)`, { date });
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

export function fromDayNumber(day: number): CivilDate {
  const [y, m, d] = civilFromDays(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function addDays(date: CivilDate, n: number): CivilDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekendDay(day: number): boolean {
  const w = weekdayOfDayNumber(day);
  return w === 0 || w === 6;
}

export function yearOf(date: CivilDate): number {
  return Number(date.slice(0, 4));
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO 8601 instant that carries an explicit offset (`Z` or `±HH:MM`). */
export function parseInstant(instant: string): number {
  const ms = INSTANT_RE.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidInputError(`'${instant}' is not an instant (expected ISO 8601 with Z or an offset)`, { instant });
  }
  return ms;
}

/** Splits epoch ms into the Shanghai civil day number and the milliseconds since local midnight. */
export function toShanghai(ms: number): { day: number; timeOfDay: number } {
  const local = ms + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, timeOfDay: local - day * DAY_MS };
}

/** Epoch ms of a Shanghai civil day number plus milliseconds since local midnight. */
export function fromShanghai(day: number, timeOfDay: number): number {
  return day * DAY_MS + timeOfDay - SHANGHAI_OFFSET_MS;
}

/** The Shanghai civil date of an instant. */
export function shanghaiDateOf(instant: string): CivilDate {
  return fromDayNumber(toShanghai(parseInstant(instant)).day);
}

export function daysInMonth(year: number, month: number): number {
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return next - daysFromCivil(year, month, 1);
}

/** Day number of year/month/day given as numbers (month 1–12). */
export function dayNumberOf(year: number, month: number, day: number): number {
  return daysFromCivil(year, month, day);
}
