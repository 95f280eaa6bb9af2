import { describe, expect, it } from 'vitest';
import { builtinCalendarData } from './builtin.js';
import { isYearCovered } from './calendar-data.js';

describe('builtinCalendarData', () => {
  it('given the generated seed, then 2004–2026 are covered and 2027 is not', () => {
    const data = builtinCalendarData();
    expect(data.coveredYears[0]).toBe(2004);
    expect(data.coveredYears.at(-1)).toBe(2026);
    expect(isYearCovered(2027, data)).toBe(false);
    expect(data.entries.some((e) => e.date.startsWith('2027'))).toBe(false);
  });

  it('given every covered year, then it has 春节 and 国庆节 and every entry names its source', () => {
    const data = builtinCalendarData();
    for (const year of data.coveredYears) {
      const names = new Set(data.entries.filter((e) => e.date.startsWith(`${year}-`) && e.kind === 'holiday').map((e) => e.name));
      expect(names.has('春节') && names.has('国庆节'), String(year)).toBe(true);
    }
    expect(data.entries.every((e) => /^chinese-days \d+\.\d+\.\d+$/.test(e.source ?? ''))).toBe(true);
  });
});
