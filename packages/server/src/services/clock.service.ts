import type { SetClockRequest } from '@zhifa/api-types';
import type { EngineApi, InstanceStore } from '@zhifa/engine';
import { forbidden } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { ManualClock } from './manual-clock.js';

/** Guards against a cycle timer that keeps becoming due within one request. */
const MAX_FIRES_PER_REQUEST = 10_000;
const BATCH = 200;

/** Moves the manual clock and fires every timer that became due before answering (tests never sleep). */
export class ClockService {
  constructor(
    private readonly clock: ManualClock,
    private readonly engine: EngineApi,
    private readonly store: InstanceStore,
    /** Other timer tables (deadline reminders) fired after the engine's own, each returning a count. */
    private readonly others: readonly (() => Promise<number>)[] = [],
  ) {}

  get(principal: Principal) {
    this.assertAdmin(principal);
    return { now: this.clock.now().toISOString(), mode: 'manual' as const };
  }

  async set(principal: Principal, request: SetClockRequest) {
    this.assertAdmin(principal);
    if ('advance' in request) this.clock.advance(request.advance);
    else this.clock.set(new Date(request.set));
    let firedTimers = await this.fireDue();
    for (const fire of this.others) firedTimers += await fire();
    return { now: this.clock.now().toISOString(), mode: 'manual' as const, firedTimers };
  }

  /** Fires due timers in due order until none is left (a fired timer may arm another one that is due). */
  async fireDue(): Promise<number> {
    let fired = 0;
    const skipped = new Set<string>();
    for (;;) {
      const due = (await this.store.findDueTimers(this.clock.now().toISOString(), BATCH + skipped.size)).filter((t) => !skipped.has(t.id));
      if (due.length === 0 || fired >= MAX_FIRES_PER_REQUEST) return fired;
      for (const timer of due) {
        if (await this.engine.fireTimer(timer.id)) fired += 1;
        else skipped.add(timer.id);
      }
    }
  }

  private assertAdmin(principal: Principal): void {
    if (!hasRole(principal, 'admin')) throw forbidden('the clock is for admins');
  }
}
