/** A clock that only moves when told to (tests, the conformance runner, a dev "time machine"). */
import { addUtcDuration, parseUtcDuration, type Clock } from '@zhifa/engine';

export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2025-01-01T00:00:00.000Z') {
    this.current = typeof start === 'string' ? Date.parse(start) : start.getTime();
    if (Number.isNaN(this.current)) throw new Error(`not a date: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves to an absolute instant (never backwards). */
  set(iso: string | Date): void {
    const next = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
    if (Number.isNaN(next)) throw new Error(`not a date: ${String(iso)}`);
    if (next < this.current) throw new Error('the manual clock does not go backwards');
    this.current = next;
  }

  /** Moves forward by an ISO-8601 duration such as `PT5M` or `P1D`. */
  advance(isoDuration: string): void {
    const d = parseUtcDuration(isoDuration);
    if (!d) throw new Error(`not an ISO-8601 duration: ${isoDuration}`);
    this.current = addUtcDuration(new Date(this.current), d).getTime();
  }
}
