import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { builtinCalendarData } from './builtin.js';
import { calendarFunctions } from './feel-functions.js';

const fns = calendarFunctions(builtinCalendarData());

describe('calendarFunctions', () => {
  it('given strings, when called directly, then they answer like the calendar', () => {
    expect(fns.addWorkingDays?.('2025-09-30', 5)).toBe('2025-10-14');
    expect(fns.workingDaysBetween?.('2025-09-30', '2025-10-14')).toBe(5);
  });

  it('given a FEEL expression with FEEL dates, when evaluated by feelin, then the functions are callable', () => {
    expect(evaluate('addWorkingDays(date("2025-09-30"), 5)', { ...fns }).value).toBe('2025-10-14');
    expect(evaluate('workingDaysBetween(date("2024-02-08"), date("2024-02-19"))', { ...fns }).value).toBe(3);
  });

  it('given bad arguments, then they return null as FEEL does', () => {
    expect(fns.addWorkingDays?.('2025-02-30', 1)).toBeNull();
    expect(fns.addWorkingDays?.('2025-09-30', -1)).toBeNull();
    expect(fns.addWorkingDays?.('2025-09-30', 1e9)).toBeNull();
    expect(fns.workingDaysBetween?.('2025-09-30', '9999-01-01')).toBeNull();
  });
});
