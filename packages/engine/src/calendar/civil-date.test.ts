import { describe, expect, it } from 'vitest';
import { fromDayNumber, isCivilDate, shanghaiDateOf, toDayNumber, weekdayOfDayNumber } from './civil-date.js';

describe('civil dates', () => {
  it('given every third day 1900–2200, when converting to a day number and back, then it matches the JS calendar', () => {
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2200, 0, 1); t += 86_400_000 * 3) {
      const date = new Date(t).toISOString().slice(0, 10);
      const day = toDayNumber(date);
      expect(day).toBe(t / 86_400_000);
      expect(fromDayNumber(day)).toBe(date);
      expect(weekdayOfDayNumber(day)).toBe(new Date(t).getUTCDay());
    }
  });

  it('given impossible dates, then they are not civil dates', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-1-1', '20250101', 20250101]) expect(isCivilDate(bad)).toBe(false);
  });

  it('given instants around midnight Shanghai, then the +08:00 date is used', () => {
    expect(shanghaiDateOf('2025-09-30T15:59:59Z')).toBe('2025-09-30');
    expect(shanghaiDateOf('2025-09-30T16:00:00Z')).toBe('2025-10-01');
    expect(shanghaiDateOf('2025-10-01T00:30:00+08:00')).toBe('2025-10-01');
  });
});
