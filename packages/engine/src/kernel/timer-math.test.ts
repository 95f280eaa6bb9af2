import { describe, expect, it } from 'vitest';
import { firstOccurrence, nextOccurrence, parseDateTime, parseDuration } from './timer-math.js';

const now = new Date('2025-01-01T00:00:00Z');

describe('timer arithmetic', () => {
  it('given durations, when parsed, then every field is read', () => {
    expect(parseDuration('P1Y2M3DT4H5M6S')).toEqual({ years: 1, months: 2, weeks: 0, days: 3, hours: 4, minutes: 5, seconds: 6 });
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('given a date without zone, when parsed, then it is China Standard Time', () => {
    expect(parseDateTime('2025-03-01T08:00:00')?.toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });

  it('given R2/PT5M, when scheduled, then there are exactly two occurrences', () => {
    const first = firstOccurrence('cycle', 'R2/PT5M', now);
    expect(first).toEqual({ dueAt: '2025-01-01T00:05:00.000Z', remaining: 1, interval: 'PT5M' });
    const second = 'error' in first ? undefined : nextOccurrence(first);
    expect(second?.dueAt).toBe('2025-01-01T00:10:00.000Z');
    expect(second && nextOccurrence(second)).toBeUndefined();
  });

  it('given an unbounded cycle with a start date, when scheduled, then the start is the first occurrence', () => {
    expect(firstOccurrence('cycle', 'R/2025-01-02T00:00:00Z/P1D', now)).toMatchObject({ dueAt: '2025-01-02T00:00:00.000Z', remaining: null });
  });

  it('given a cron expression, when scheduled, then the next match in Asia/Shanghai is due', () => {
    expect(firstOccurrence('cycle', '0 0 9 * * ?', now)).toMatchObject({ dueAt: '2025-01-01T01:00:00.000Z', remaining: null });
  });

  it('given nonsense, when scheduled, then an error is returned (an incident upstream), not thrown', () => {
    expect(firstOccurrence('duration', 'tomorrow', now)).toHaveProperty('error');
  });
});
