import { describe, expect, it } from 'vitest';
import { builtinCalendarData } from './builtin.js';
import { withCalendarYear } from './calendar-data.js';
import { calendarYearToCsv, calendarYearToJson, CalendarImportError, parseCalendarYearCsv, parseCalendarYearJson } from './holiday-io.js';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarImportError) return e.problems.map((p) => `${p.where}: ${p.reason}`);
    throw e;
  }
  throw new Error('expected a CalendarImportError');
};

describe('parseCalendarYearCsv', () => {
  it('given a valid file with quoting, a BOM and CRLF, when parsing, then the entries come back sorted', () => {
    const csv = '\uFEFFdate,kind,name,source\r\n2027-02-07,holiday,春节,"国办发明电〔2026〕1号, 附件"\r\n2027-01-01,holiday,元旦,\r\n\r\n';
    expect(parseCalendarYearCsv(csv, 2027)).toEqual({
      year: 2027,
      entries: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-07', kind: 'holiday', name: '春节', source: '国办发明电〔2026〕1号, 附件' },
      ],
    });
  });

  it('given bad lines, when parsing, then every problem names its line', () => {
    const csv = [
      'date,kind,name,source', '2027-01-01,holiday,元旦,', '2027-02-30,holiday,春节,', '2027-01-04,workday,春节,',
      '2027-01-01,holiday,元旦,', '2027-03-01,day-off,x,', '2027-03-02,holiday,"unclosed,',
    ].join('\n');
    expect(problemsOf(() => parseCalendarYearCsv(csv, 2027))).toEqual(['line 7: unclosed quote']);
    expect(problemsOf(() => parseCalendarYearCsv(csv.split('\n').slice(0, 6).join('\n'), 2027))).toEqual([
      "line 3: date '2027-02-30' is not a date (expected YYYY-MM-DD)",
      'line 4: make-up workday 2027-01-04 is not a Saturday or Sunday',
      'line 5: 2027-01-01 is listed twice (also at line 2)',
      "line 6: kind 'day-off' must be 'holiday' or 'workday'",
    ]);
  });

  it('given an entry of another year, when importing 2027, then the whole file is rejected', () => {
    const csv = 'date,kind,name,source\n2027-01-01,holiday,元旦,\n2026-12-31,holiday,元旦,\n';
    expect(problemsOf(() => parseCalendarYearCsv(csv, 2027))).toEqual(['line 3: date 2026-12-31 is not in 2027']);
  });

  it('given a wrong header or no rows, then it is rejected', () => {
    expect(problemsOf(() => parseCalendarYearCsv('date;kind;name\n', 2027))).toEqual(["line 1: header must be 'date,kind,name,source'"]);
    expect(problemsOf(() => parseCalendarYearCsv('date,kind,name,source\n', 2027))).toEqual(['file: no entries: 2027 must list its holidays']);
  });
});

describe('parseCalendarYearJson', () => {
  it('given an array or { year, entries }, when parsing, then both are accepted', () => {
    const entries = [{ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'notice' }];
    expect(parseCalendarYearJson(JSON.stringify(entries), 2027).entries).toEqual(entries);
    expect(parseCalendarYearJson(JSON.stringify({ year: 2027, entries }), 2027).entries).toEqual(entries);
  });

  it('given a file for another year or bad entries, then the problems name the entry', () => {
    expect(problemsOf(() => parseCalendarYearJson('{"year":2026,"entries":[]}', 2027))).toEqual(['year: file is for 2026, not 2027']);
    expect(problemsOf(() => parseCalendarYearJson('[{"date":"2027-01-01","kind":"holiday","name":"元旦","when":1}, "x"]', 2027))).toEqual([
      "entries[0]: unknown field 'when'",
      "entries[1]: date 'x' is not a date (expected YYYY-MM-DD)",
      "entries[1]: kind 'undefined' must be 'holiday' or 'workday'",
      'entries[1]: name must be 1–100 characters',
    ]);
    expect(problemsOf(() => parseCalendarYearJson('{', 2027))[0]).toMatch(/^file: not JSON/);
  });
});

describe('export', () => {
  it('given the built-in 2025, when exported to CSV and JSON and parsed back, then the entries are identical', () => {
    const data = builtinCalendarData();
    const json = calendarYearToJson(2025, data);
    expect(json.covered).toBe(true);
    expect(json.entries).toHaveLength(33);
    expect(parseCalendarYearCsv(calendarYearToCsv(2025, data), 2025).entries).toEqual(json.entries);
    expect(parseCalendarYearJson(JSON.stringify(json), 2025).entries).toEqual(json.entries);
  });

  it('given an imported year, when exported, then it is covered and holds exactly the imported entries', () => {
    const data = withCalendarYear(builtinCalendarData(), 2027, parseCalendarYearCsv('date,kind,name,source\n2027-01-01,holiday,元旦,x\n', 2027).entries);
    expect(calendarYearToJson(2027, data)).toEqual({ year: 2027, covered: true, entries: [{ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'x' }] });
    expect(calendarYearToJson(2028, data)).toEqual({ year: 2028, covered: false, entries: [] });
  });
});
