import { describe, expect, it } from 'vitest';
import { builtinCalendarData } from './builtin.js';
import { addDuration, parseDurationDays, parseIsoDuration, workingDurationAdder } from './duration.js';

const data = builtinCalendarData();
const at = (from: string, duration: string, mode: 'calendar' | 'working'): string => addDuration(from, duration, mode, data).instant;

describe('parseDurationDays / parseIsoDuration', () => {
  it('given day durations, then the number of days is returned', () => {
    expect(parseDurationDays('P5D')).toBe(5);
    expect(parseDurationDays('P0D')).toBe(0);
  });

  it('given anything but whole days, then it is rejected', () => {
    for (const bad of ['P1W', 'PT5H', '5D', 'P', 'P1DT', 'P-1D', 'P1M']) {
      expect(() => parseDurationDays(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('given a full duration, then every part is read', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, timeMs: 5 * 3_600_000 + 6 * 60_000 + 7500 });
  });
});

describe('addDuration in working days', () => {
  it('given 10:00 Shanghai on 2025-09-30, when adding P5D, then it is 10:00 on 2025-10-14', () => {
    expect(at('2025-09-30T10:00:00+08:00', 'P5D', 'working')).toBe('2025-10-14T02:00:00.000Z');
  });

  it('given an instant written in UTC late in the day, then the Shanghai date (next day) is the start', () => {
    // 2025-09-29T20:00Z is 2025-09-30 04:00 in Shanghai.
    expect(at('2025-09-29T20:00:00Z', 'P5D', 'working')).toBe('2025-10-13T20:00:00.000Z');
  });

  it('given Friday 10:00 before the make-up Sunday, when adding PT24H, then only working-day time counts', () => {
    // Friday 10:00–24:00 counts 14 h, Saturday 09-27 is off, Sunday 09-28 is a make-up workday: 10 h more.
    const result = addDuration('2025-09-26T10:00:00+08:00', 'PT24H', 'working', data);
    expect(result.instant).toBe('2025-09-28T02:00:00.000Z');
    expect(result.trace?.skipped).toEqual([{ date: '2025-09-27', reason: 'weekend' }]);
  });

  it('given a working-day start, then P1D equals PT24H', () => {
    expect(at('2025-09-30T09:30:00+08:00', 'P1D', 'working')).toBe(at('2025-09-30T09:30:00+08:00', 'PT24H', 'working'));
  });

  it('given months or weeks, then working mode rejects them', () => {
    expect(() => at('2025-09-30T10:00:00+08:00', 'P1M', 'working')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => at('2025-09-30T10:00:00+08:00', 'P1W', 'working')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('given a start in 2026 reaching 2027, then the result is provisional', () => {
    expect(addDuration('2026-12-30T10:00:00+08:00', 'P3D', 'working', data).provisional).toBe(true);
  });

  it('given the kernel adapter, then it returns the same instant', () => {
    expect(workingDurationAdder(data)('2025-09-30T10:00:00+08:00', 'P5D')).toBe('2025-10-14T02:00:00.000Z');
  });
});

describe('addDuration in calendar days', () => {
  it('given a last day inside National Day, when adding P7D, then it rolls to the next working day keeping the time', () => {
    const result = addDuration('2025-09-24T09:00:00+08:00', 'P7D', 'calendar', data);
    expect(result.instant).toBe('2025-10-09T01:00:00.000Z');
    expect(result.trace?.rolledForwardFrom).toBe('2025-10-01');
  });

  it('given Jan 31, when adding P1M, then it clamps to the last day of February', () => {
    expect(at('2025-01-31T09:00:00+08:00', 'P1M', 'calendar')).toBe('2025-02-28T01:00:00.000Z');
  });

  it('given a pure time duration on a Saturday, then it is plain elapsed time with no trace', () => {
    const result = addDuration('2025-10-11T23:00:00+08:00', 'PT2H', 'calendar', data);
    expect(result).toEqual({ instant: '2025-10-11T17:00:00.000Z', provisional: false, trace: null });
  });

  it('given an instant without an offset, then it is rejected', () => {
    expect(() => at('2025-09-30T10:00:00', 'P1D', 'calendar')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('addDuration bounds', () => {
  it('given absurdly long durations, then they are rejected instead of looping', () => {
    for (const bad of ['PT999999999H', 'P999Y', 'P20000D']) {
      expect(() => at('2025-09-30T10:00:00+08:00', bad, 'working'), bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
