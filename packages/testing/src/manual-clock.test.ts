import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('given a start, when advanced by ISO durations, then calendar units are applied in UTC', () => {
    const clock = new ManualClock('2025-01-31T00:00:00Z');
    clock.advance('P1D');
    expect(clock.now().toISOString()).toBe('2025-02-01T00:00:00.000Z');
    clock.advance('PT1H30M');
    expect(clock.now().toISOString()).toBe('2025-02-01T01:30:00.000Z');
  });

  it('given a time, when set backwards, then it refuses', () => {
    const clock = new ManualClock('2025-01-01T00:00:00Z');
    expect(() => clock.set('2024-12-31T00:00:00Z')).toThrow();
    clock.set('2025-06-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2025-06-01T00:00:00.000Z');
  });
});
