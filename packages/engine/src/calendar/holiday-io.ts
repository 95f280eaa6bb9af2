/**
 * Import and export of one year of the holiday table (admin API), as JSON or CSV with the header
 * `date,kind,name,source`. Every problem is reported with the CSV line or JSON entry it is on; a file with any
 * entry outside the stated year is rejected as a whole.
 */
import { ZhifaError } from '../errors.js';
import { entriesOfYear, isYearCovered, type CalendarData, type CalendarEntry } from './calendar-data.js';
import { isCivilDate, isWeekendDay, toDayNumber, yearOf } from './civil-date.js';

export interface ImportProblem {
  /** `line 4` (CSV, header is line 1) or `entries[3]` (JSON, 0-based). */
  readonly where: string;
  readonly reason: string;
}

/** A holiday file that cannot be imported. HTTP 400. */
export class CalendarImportError extends ZhifaError {
  constructor(readonly problems: readonly ImportProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super('CALENDAR_IMPORT_INVALID', `${first ? `${first.where}: ${first.reason}` : 'invalid holiday file'}${more}`, { problems });
  }
}

export interface CalendarYear {
  readonly year: number;
  readonly entries: readonly CalendarEntry[];
}

export const CSV_HEADER = 'date,kind,name,source';
const FIELDS = new Set(['date', 'kind', 'name', 'source']);

/** Checks one raw entry; returns the entry or the reasons it is wrong. */
function checkEntry(raw: Record<string, unknown>, year: number): CalendarEntry | string[] {
  const reasons: string[] = [];
  const { date, kind, name, source } = raw;
  for (const key of Object.keys(raw)) if (!FIELDS.has(key)) reasons.push(`unknown field '${key}'`);
  if (!isCivilDate(date)) reasons.push(`date '${String(date)}' is not a date (expected YYYY-MM-DD)`);
  else if (yearOf(date) !== year) reasons.push(`date ${date} is not in ${year}`);
  if (kind !== 'holiday' && kind !== 'workday') reasons.push(`kind '${String(kind)}' must be 'holiday' or 'workday'`);
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) reasons.push('name must be 1–100 characters');
  if (source !== undefined && (typeof source !== 'string' || source.length > 200)) reasons.push('source must be text of at most 200 characters');
  if (reasons.length > 0 || !isCivilDate(date) || typeof name !== 'string' || (kind !== 'holiday' && kind !== 'workday')) return reasons;
  if (kind === 'workday' && !isWeekendDay(toDayNumber(date))) return [`make-up workday ${date} is not a Saturday or Sunday`];
  const trimmed = typeof source === 'string' ? source.trim() : '';
  return { date, kind, name: name.trim(), ...(trimmed ? { source: trimmed } : {}) };
}

function collect(rows: readonly { where: string; raw: Record<string, unknown> }[], year: number): CalendarYear {
  if (!Number.isInteger(year) || year < 1949 || year > 2200) throw new CalendarImportError([{ where: 'year', reason: `'${year}' is not a year` }]);
  const problems: ImportProblem[] = [];
  const entries: CalendarEntry[] = [];
  const seen = new Map<string, string>();
  for (const { where, raw } of rows) {
    const checked = checkEntry(raw, year);
    if (Array.isArray(checked)) {
      problems.push(...checked.map((reason) => ({ where, reason })));
      continue;
    }
    const earlier = seen.get(checked.date);
    if (earlier) problems.push({ where, reason: `${checked.date} is listed twice (also at ${earlier})` });
    seen.set(checked.date, where);
    entries.push(checked);
  }
  if (rows.length === 0) problems.push({ where: 'file', reason: `no entries: ${year} must list its holidays` });
  if (problems.length > 0) throw new CalendarImportError(problems.slice(0, 50));
  return { year, entries: entries.sort((a, b) => (a.date < b.date ? -1 : 1)) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON: `{ "year": 2027, "entries": [{ "date", "kind", "name", "source"? }] }` or just the array of entries. */
export function parseCalendarYearJson(text: string, year: number): CalendarYear {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CalendarImportError([{ where: 'file', reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  if (isRecord(doc) && doc.year !== undefined && doc.year !== year) {
    throw new CalendarImportError([{ where: 'year', reason: `file is for ${String(doc.year)}, not ${year}` }]);
  }
  const list = Array.isArray(doc) ? doc : isRecord(doc) ? doc.entries : undefined;
  if (!Array.isArray(list)) throw new CalendarImportError([{ where: 'file', reason: 'expected an array of entries or { year, entries }' }]);
  const rows = list.map((raw: unknown, i) => ({ where: `entries[${i}]`, raw: isRecord(raw) ? raw : { date: raw } }));
  return collect(rows, year);
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields); null when a quote is not closed. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i += 1; ; i += 1) {
        if (i >= line.length) return null;
        if (line[i] === '"' && line[i + 1] === '"') [field, i] = [field + '"', i + 1];
        else if (line[i] === '"') break;
        else field += line[i];
      }
      i += 1;
      const comma = line.indexOf(',', i);
      field += line.slice(i, comma === -1 ? line.length : comma);
      i = comma === -1 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      field = line.slice(i, comma === -1 ? line.length : comma);
      i = comma === -1 ? line.length : comma;
    }
    fields.push(field.trim());
    if (i >= line.length) return fields;
    i += 1;
  }
}

/** CSV with the header `date,kind,name,source` (source may be empty); blank lines are ignored. */
export function parseCalendarYearCsv(text: string, year: number): CalendarYear {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if ((lines[0] ?? '').trim().toLowerCase() !== CSV_HEADER) {
    throw new CalendarImportError([{ where: 'line 1', reason: `header must be '${CSV_HEADER}'` }]);
  }
  const rows: { where: string; raw: Record<string, unknown> }[] = [];
  const problems: ImportProblem[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const where = `line ${i + 1}`;
    const f = splitCsvLine(line);
    if (!f || f.length !== 4) problems.push({ where, reason: f ? `expected 4 fields, found ${f.length}` : 'unclosed quote' });
    else rows.push({ where, raw: { date: f[0], kind: f[1], name: f[2], ...(f[3] ? { source: f[3] } : {}) } });
  });
  if (problems.length > 0) throw new CalendarImportError(problems.slice(0, 50));
  return collect(rows, year);
}

const csvField = (v: string): string => (/[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function calendarYearToCsv(year: number, data: CalendarData): string {
  const rows = entriesOfYear(year, data).map((e) => [e.date, e.kind, e.name, e.source ?? ''].map(csvField).join(','));
  return [CSV_HEADER, ...rows].join('\n') + '\n';
}

/** The JSON form of a year, which {@link parseCalendarYearJson} reads back. */
export function calendarYearToJson(year: number, data: CalendarData): { year: number; covered: boolean; entries: CalendarEntry[] } {
  return { year, covered: isYearCovered(year, data), entries: entriesOfYear(year, data) };
}
