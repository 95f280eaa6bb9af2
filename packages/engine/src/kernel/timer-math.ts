/**
 * Timer arithmetic in UTC: ISO-8601 durations, dates, repeating intervals (`R3/PT1H`, `R/2025-01-01T00:00Z/P1D`)
 * and cron expressions (5 or 6 fields, evaluated in Asia/Shanghai). Pure: the current time is a parameter.
 */
import { CronExpressionParser } from 'cron-parser';

export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export function parseDuration(text: string): IsoDuration | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  if (m[1]) return undefined;
  const n = (i: number) => Number((m[i] ?? '0').replace(',', '.'));
  return { years: n(2), months: n(3), weeks: n(4), days: n(5), hours: n(6), minutes: n(7), seconds: n(8) };
}

export function addDuration(from: Date, d: IsoDuration): Date {
  const out = new Date(from.getTime());
  if (d.years || d.months) out.setUTCMonth(out.getUTCMonth() + d.years * 12 + d.months);
  const ms = (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000;
  return new Date(out.getTime() + ms);
}

/** Parses an ISO date-time; a value without zone is read as China Standard Time (+08:00). */
export function parseDateTime(text: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t);
  const withTime = t.length === 10 ? `${t}T00:00:00` : t;
  const ms = Date.parse(hasZone ? withTime : `${withTime}+08:00`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** A scheduled occurrence: when, and how to compute the next one. */
export interface Occurrence {
  readonly dueAt: string;
  /** Repetitions left after this occurrence (`null` unbounded); absent for one-shot timers. */
  readonly remaining?: number | null;
  /** ISO duration between occurrences, or `cron:<expr>`. */
  readonly interval?: string;
}

export type TimerKind = 'duration' | 'date' | 'cycle';

/** First occurrence of a timer value at `now`; an error message when the value cannot be read. */
export function firstOccurrence(kind: TimerKind, value: string, now: Date): Occurrence | { error: string } {
  const text = value.trim();
  if (kind === 'duration') {
    const d = parseDuration(text);
    return d ? { dueAt: addDuration(now, d).toISOString() } : { error: `'${text}' is not an ISO-8601 duration` };
  }
  if (kind === 'date') {
    const date = parseDateTime(text);
    return date ? { dueAt: date.toISOString() } : { error: `'${text}' is not an ISO-8601 date-time` };
  }
  if (text.startsWith('R')) return firstRepeating(text, now);
  const cron = nextCron(text, now);
  if (cron) return { dueAt: cron, remaining: null, interval: `cron:${text}` };
  const d = parseDuration(text);
  if (d) return { dueAt: addDuration(now, d).toISOString(), remaining: 0, interval: text };
  return { error: `'${text}' is neither a repeating interval nor a cron expression` };
}

function firstRepeating(text: string, now: Date): Occurrence | { error: string } {
  const parts = text.split('/');
  const count = parts[0]?.slice(1) ?? '';
  const repeat = count === '' || count === '-1' ? null : Number(count);
  if (repeat !== null && (!Number.isInteger(repeat) || repeat < 0)) return { error: `bad repetition count in '${text}'` };
  if (repeat === 0) return { error: `'${text}' repeats zero times` };
  let start = now;
  let intervalText: string | undefined;
  if (parts.length === 3) {
    const s = parseDateTime(parts[1] ?? '');
    if (!s) return { error: `bad start date in '${text}'` };
    start = s;
    intervalText = parts[2];
  } else {
    intervalText = parts[1];
  }
  const interval = parseDuration(intervalText ?? '');
  if (!interval || intervalText === undefined) return { error: `bad interval in '${text}'` };
  const remaining = repeat === null ? null : repeat - 1;
  // With an explicit start the first occurrence is the start itself (ISO 8601 semantics).
  const due = parts.length === 3 ? start : addDuration(start, interval);
  return { dueAt: due.toISOString(), remaining, interval: intervalText };
}

/** The occurrence after `previous`, or undefined when the cycle is exhausted. */
export function nextOccurrence(previous: Occurrence): Occurrence | undefined {
  if (previous.interval === undefined || previous.remaining === 0 || previous.remaining === undefined) return undefined;
  const remaining = previous.remaining === null ? null : previous.remaining - 1;
  const from = new Date(Date.parse(previous.dueAt));
  if (previous.interval.startsWith('cron:')) {
    const due = nextCron(previous.interval.slice(5), from);
    return due ? { dueAt: due, remaining, interval: previous.interval } : undefined;
  }
  const d = parseDuration(previous.interval);
  return d ? { dueAt: addDuration(from, d).toISOString(), remaining, interval: previous.interval } : undefined;
}

function nextCron(expr: string, after: Date): string | undefined {
  const fields = expr.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 7) return undefined;
  // Quartz (Camunda) uses `?` for "no specific value"; cron-parser wants `*`.
  const normalised = fields.slice(0, 6).map((f) => (f === '?' ? '*' : f)).join(' ');
  try {
    const it = CronExpressionParser.parse(normalised, { currentDate: after, tz: 'Asia/Shanghai' });
    return it.next().toISOString() ?? undefined;
  } catch {
    return undefined;
  }
}
