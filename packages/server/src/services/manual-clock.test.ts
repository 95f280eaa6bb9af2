import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('given a start, when advanced by durations, then it moves by calendar units and time parts', () => {
    const clock = new ManualClock(new Date('2026-01-31T08:00:00Z'));
    clock.advance('P1M');
    expect(clock.now().toISOString()).toBe('2026-03-03T08:00:00.000Z'); // Jan 31 + 1 month overflows like Date
    clock.advance('PT1H30M');
    expect(clock.now().toISOString()).toBe('2026-03-03T09:30:00.000Z');
    clock.advance('P1W2D');
    expect(clock.now().toISOString()).toBe('2026-03-12T09:30:00.000Z');
    clock.advance('PT0.5S');
    expect(clock.now().toISOString()).toBe('2026-03-12T09:30:00.500Z');
  });

  it('given nonsense or an absurd duration, when advancing, then it refuses and stays put', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    for (const bad of ['P', 'PT', '1D', 'P1H', 'soon', 'P99999999999999Y']) {
      expect(() => clock.advance(bad), bad).toThrow();
    }
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('hands out copies, so callers cannot move it', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    clock.now().setUTCFullYear(2000);
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });
});
