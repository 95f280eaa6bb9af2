import { describe, expect, it } from 'vitest';
import { builtinCalendarData } from './builtin.js';
import { isWorkingDay, withCalendarYear, type CalendarData } from './calendar-data.js';
import { addCalendarDays, addWorkingDays, workingDaysBetween } from './working-days.js';

const data = builtinCalendarData();
const due = (from: string, n: number, d: CalendarData = data): string => addWorkingDays(from, n, d).date;

describe('addWorkingDays: National Day + Mid-Autumn 2025 (10-01..10-08 off, 09-28 and 10-11 worked)', () => {
  it('given 2025-09-30, when adding 5 working days, then the due date is 2025-10-14 with the holidays in the trace', () => {
    const result = addWorkingDays('2025-09-30', 5, data);
    expect(result.date).toBe('2025-10-14');
    expect(result.provisional).toBe(false);
    expect(result.trace).toMatchObject({ start: '2025-09-30', rule: 'working-days', days: 5, due: '2025-10-14' });
    expect(result.trace.skipped.map((s) => `${s.date} ${s.reason}`)).toEqual([
      '2025-10-01 holiday: 国庆节', '2025-10-02 holiday: 国庆节', '2025-10-03 holiday: 国庆节', '2025-10-04 holiday: 国庆节',
      '2025-10-05 holiday: 国庆节', '2025-10-06 holiday: 中秋', '2025-10-07 holiday: 国庆节', '2025-10-08 holiday: 国庆节',
      '2025-10-12 weekend',
    ]);
    expect(result.trace.makeUpWorkdays).toEqual([{ date: '2025-10-11', name: '国庆节' }]);
  });

  it('given Friday 2025-09-26, when adding 1 working day, then the make-up Sunday 2025-09-28 is the due date', () => {
    expect(due('2025-09-26', 1)).toBe('2025-09-28');
  });
});

describe('addWorkingDays: Spring Festival', () => {
  it('given 2024 (02-10..02-17 off, 02-04 and 02-18 worked), when counting, then holidays are skipped and make-up days count', () => {
    expect(due('2024-02-03', 1)).toBe('2024-02-04');
    expect(due('2024-02-08', 1)).toBe('2024-02-09');
    expect(due('2024-02-08', 2)).toBe('2024-02-18');
    expect(due('2024-02-08', 3)).toBe('2024-02-19');
  });

  it('given 2025 (01-28..02-04 off, 01-26 and 02-08 worked), when counting, then holidays are skipped and make-up days count', () => {
    expect(due('2025-01-24', 1)).toBe('2025-01-26');
    expect(due('2025-01-27', 1)).toBe('2025-02-05');
    expect(due('2025-01-27', 4)).toBe('2025-02-08');
    expect(due('2025-01-27', 5)).toBe('2025-02-10');
  });
});

describe('addWorkingDays: edges', () => {
  it('given n = 0, when the day is a working day it is the due date, else the next working day is', () => {
    expect(due('2025-09-30', 0)).toBe('2025-09-30');
    expect(due('2025-10-01', 0)).toBe('2025-10-09');
  });

  it('given a count that reaches 2027 (no data), when adding, then only weekends are skipped and the result is provisional', () => {
    const result = addWorkingDays('2026-12-30', 3, data);
    expect(result.date).toBe('2027-01-04');
    expect(result.provisional).toBe(true);
    expect(result.trace.uncoveredYears).toEqual([2027]);
  });

  it('given 2027 imported later, when recomputing, then the result uses it and is no longer provisional', () => {
    const with2027 = withCalendarYear(data, 2027, [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    expect(addWorkingDays('2026-12-30', 3, with2027)).toMatchObject({ date: '2027-01-05', provisional: false });
  });

  it('given bad input, when adding, then it is rejected with INVALID_INPUT', () => {
    expect(() => addWorkingDays('2025-02-29', 1, data)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => addWorkingDays('2025-01-01', -1, data)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => addWorkingDays('2025-01-01', 1.5, data)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('isWorkingDay', () => {
  it('given the 2025 arrangement, then make-up Sundays work and holidays and plain weekends do not', () => {
    expect(isWorkingDay('2025-09-28', data)).toBe(true);
    expect(isWorkingDay('2025-10-06', data)).toBe(false);
    expect(isWorkingDay('2025-10-12', data)).toBe(false);
    expect(isWorkingDay('2025-10-09', data)).toBe(true);
  });
});

describe('workingDaysBetween', () => {
  it('given two dates, then it counts working days after the first up to and including the second', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-14', data)).toBe(5);
    expect(workingDaysBetween('2025-10-14', '2025-09-30', data)).toBe(-5);
    expect(workingDaysBetween('2025-10-01', '2025-10-01', data)).toBe(0);
    expect(workingDaysBetween('2025-10-01', '2025-10-08', data)).toBe(0);
  });
});

describe('addCalendarDays (行政处罚法 §85: a last day on a holiday rolls forward)', () => {
  it('given a last day inside National Day, when adding 7 days, then it rolls to the first working day after', () => {
    const result = addCalendarDays('2025-09-24', 7, data);
    expect(result.date).toBe('2025-10-09');
    expect(result.trace.rolledForwardFrom).toBe('2025-10-01');
    expect(result.trace.skipped).toHaveLength(8);
  });

  it('given a last day that is a working day, when adding, then it stays and the trace records no roll', () => {
    const result = addCalendarDays('2025-01-02', 90, data);
    expect(result.date).toBe('2025-04-02');
    expect(result.trace.rolledForwardFrom).toBeUndefined();
    expect(result.trace.skipped).toEqual([]);
  });

  it('given a last day in an uncovered year, then the date is provisional', () => {
    expect(addCalendarDays('2026-12-20', 15, data)).toMatchObject({ date: '2027-01-04', provisional: true });
  });
});
