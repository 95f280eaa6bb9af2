/**
 * R10 (RELIABILITY.md): working-day arithmetic against an independent reference. The reference below is
 * deliberately dumb: it steps one day at a time and asks chinese-days' own isWorkday() about each day. It never
 * reads our generated table, so a wrong table, a wrong loop or a wrong 调休 rule all show up as a difference.
 */
import fc from 'fast-check';
import { isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, builtinCalendarData, isWorkingDay, workingDaysBetween } from '@zhifa/engine';

const DAY = 86_400_000;
const data = builtinCalendarData();
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The n-th working day after `start` per chinese-days (n = 0: `start` itself or the next working day). */
function referenceDue(start: string, n: number): string {
  let t = Date.parse(`${start}T00:00:00Z`);
  if (n === 0) {
    while (!isWorkday(iso(t))) t += DAY;
    return iso(t);
  }
  let left = n;
  while (left > 0) {
    t += DAY;
    if (isWorkday(iso(t))) left -= 1;
  }
  return iso(t);
}

/** Checks one case; returns nothing, fails through expect. */
function check(start: string, n: number): void {
  const ours = addWorkingDays(start, n, data);
  expect(ours.date, `${start} + ${n}`).toBe(referenceDue(start, n));
  expect(isWorkingDay(ours.date, data), `${ours.date} is a working day`).toBe(true);
  // Every start is in 2020–2026 (covered), so the result is provisional exactly when it reaches 2027 or later.
  expect(ours.provisional, `${start} + ${n} provisional`).toBe(ours.date >= '2027-01-01');
  if (n > 0) expect(workingDaysBetween(start, ours.date, data)).toBe(n);
}

describe('addWorkingDays against chinese-days, day by day (R10)', () => {
  it('given 10,000 random (start 2020–2026, n 0–30), when comparing, then 100% are equal', () => {
    const [from, to] = [Date.UTC(2020, 0, 1) / DAY, Date.UTC(2026, 11, 31) / DAY];
    let cases = 0;
    let provisional = 0;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 0, max: 30 }), (day, n) => {
        check(iso(day * DAY), n);
        cases += 1;
        if (addWorkingDays(iso(day * DAY), n, data).provisional) provisional += 1;
      }),
      { numRuns: 10_000 },
    );
    console.log(`R10: ${cases} random cases equal to the chinese-days reference (${provisional} reached 2027 and were provisional)`);
    expect(cases).toBe(10_000);
  });

  it('given every start around each Spring Festival and National Day 2020–2026, when comparing n 0–15, then all are equal', () => {
    let cases = 0;
    for (let year = 2020; year <= 2026; year += 1) {
      const windows = data.entries.filter((e) => e.date.startsWith(`${year}-`) && (e.name === '春节' || e.name === '国庆节'));
      const first = Math.min(...windows.map((e) => Date.parse(`${e.date}T00:00:00Z`))) - 20 * DAY;
      const last = Math.max(...windows.map((e) => Date.parse(`${e.date}T00:00:00Z`)));
      for (let t = first; t <= last; t += DAY) {
        if (!windows.some((e) => Math.abs(Date.parse(`${e.date}T00:00:00Z`) - t) <= 20 * DAY)) continue;
        for (let n = 0; n <= 15; n += 1, cases += 1) check(iso(t), n);
      }
    }
    console.log(`R10: ${cases} holiday-window cases (Spring Festival, National Day, their 调休) equal to the reference`);
    expect(cases).toBeGreaterThan(5_000);
  });

  it('given starts in late 2026, when the count crosses into 2027 (no published data), then it is provisional', () => {
    for (let n = 1; n <= 30; n += 1) {
      const result = addWorkingDays('2026-12-31', n, data);
      expect(result.provisional).toBe(true);
      expect(result.trace.uncoveredYears).toEqual([2027]);
    }
  });
});
