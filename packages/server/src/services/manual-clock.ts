import type { Clock } from '@zhifa/engine';
import { invalidInput } from '../http/api-error.js';

const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/** A clock that only moves when told to (ZHIFA_CLOCK=manual, dev and tests). */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date): void {
    this.current = to.getTime();
  }

  /** Advances by an ISO 8601 duration (`P1D`, `PT2H30M`, `P1M`); months and years as calendar units. */
  advance(duration: string): void {
    const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
    if (!match || duration === 'P' || duration.endsWith('T')) throw invalidInput(`not an ISO 8601 duration: '${duration}'`);
    const [, y, mo, w, d, h, mi, s] = match.map((part) => Number(part ?? 0));
    const next = new Date(this.current);
    next.setUTCFullYear(next.getUTCFullYear() + (y ?? 0), next.getUTCMonth() + (mo ?? 0), next.getUTCDate() + 7 * (w ?? 0) + (d ?? 0));
    const moved = next.getTime() + (((h ?? 0) * 60 + (mi ?? 0)) * 60 + (s ?? 0)) * 1000;
    // Dates end at ±8.64e15 ms; past that (or past year 9999) the clock could no longer be printed.
    if (!Number.isFinite(moved) || moved > MAX_TIME) throw invalidInput(`advancing by '${duration}' leaves the supported date range`);
    this.current = moved;
  }
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
