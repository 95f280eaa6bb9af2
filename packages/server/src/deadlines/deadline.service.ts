import type { Clock, EngineApi } from '@zhifa/engine';
import {
  cancelTimers, claimTimer, getInboxTask, getTimerDetails, insertTimer, rescheduleTimer, type InboxTask, type PostgresDb,
} from '@zhifa/store-postgres';
import type { Logger } from 'pino';
import type { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { adjustmentsOf } from './deadline-adjustments.js';
import { notifyForTimer, type DeliveryChannels } from './deadline-notifier.js';
import { planTimers, type PlannedTimer } from './deadline-plan.js';
import type { DeadlinePolicies } from './deadline-policy.js';
import { deadlineState, type DeadlineState } from './deadline-state.js';
import {
  deadlineTimersOfTask, dueDeadlineTimers, lockTaskDeadline, openTaskIds, tasksToRecompute, type DeadlineTimerRow,
} from './deadline.queries.js';

/** The wake-up alarm for reminder timers (a `BullmqTimerScheduler` on its own queue); absent with the manual clock. */
export interface DeadlineAlarm {
  schedule(timer: { readonly id: string; readonly dueAt: string }): Promise<void>;
  cancel(timerId: string): Promise<void>;
}

export interface DeadlineServiceDeps {
  readonly db: PostgresDb;
  readonly engine: EngineApi;
  readonly clock: Clock;
  readonly calendar: HolidayCalendarService;
  readonly policies: DeadlinePolicies;
  readonly channels: DeliveryChannels;
  readonly alarm?: DeadlineAlarm;
  readonly logger: Logger;
}

export type FireOutcome = { readonly type: 'fired'; readonly notified: number } | { readonly type: 'skipped' } | { readonly type: 'not-due'; readonly dueAt: Date };

export interface SyncResult {
  readonly state?: DeadlineState;
  /** Due date or timers changed. */
  readonly changed: boolean;
}

const BATCH = 200;

/**
 * Deadline policy timers of user tasks: plans reminders and escalations from the task's due date (rows of the
 * timer table, kinds `reminder` / `escalation`, ids keyed by task + generation + slot so planning is idempotent),
 * keeps the task's due date equal to the one computed over the holiday table, and fires due timers into
 * notifications. Every entry point can run twice or concurrently (advisory lock per task, conditional claims).
 */
export class DeadlineService {
  private readonly deferred = new Set<Promise<void>>();

  constructor(private readonly deps: DeadlineServiceDeps) {}

  /**
   * Brings a task's due date and timers in line with its policy and adjustments (created, updated, re-imported
   * calendar). `deferDueUpdate`: correct the task's due date through the engine after returning — for callers
   * that run inside an engine command (its effect listener), which must not wait for another engine slot.
   */
  async syncTask(taskId: string, options: { readonly deferDueUpdate?: boolean } = {}): Promise<SyncResult> {
    const task = await getInboxTask(this.deps.db, taskId);
    if (task?.state !== 'open') return { changed: (await this.cancelTask(taskId)) > 0 };
    const state = await this.stateOf(task);
    if (!state) return { changed: false };
    const engineDue = state.state.pausedAt ? undefined : state.state.dueAt;
    let changed = false;
    if (!sameInstant(engineDue, task.dueAt)) {
      const update = this.deps.engine.updateTask(task.id, { dueAt: engineDue ?? null, actor: 'system' });
      if (options.deferDueUpdate) this.track(update, task.id);
      else await update;
      changed = true;
    }
    const now = this.deps.clock.now().toISOString();
    const planned = state.planned(now);
    const applied = await this.applyPlan(task, planned, now);
    return { state: state.state, changed: changed || applied };
  }

  /** The deadline as computed now, with the planned timers; undefined for a task without deadline or adjustments. */
  async stateOf(task: InboxTask) {
    const policy = await this.deps.policies.of(task);
    const recorded = await adjustmentsOf(this.deps.db, task);
    if (!policy && recorded.adjustments.length === 0) return undefined;
    const data = await this.deps.calendar.data();
    const givenDueAt = recorded.givenDueAt ?? task.dueAt;
    const state = deadlineState({ createdAt: task.createdAt, ...(givenDueAt && { givenDueAt }), ...(policy && { policy }), adjustments: recorded.adjustments }, data);
    return { state, planned: (now: string) => (policy ? planTimers(task.id, policy, state, now, task.createdAt, data) : []) };
  }

  async timersOf(taskId: string): Promise<DeadlineTimerRow[]> {
    return deadlineTimersOfTask(this.deps.db, taskId);
  }

  /** Cancels the task's pending reminders (completed, cancelled). Returns how many. */
  async cancelTask(taskId: string): Promise<number> {
    const ids = await cancelTimers(this.deps.db, { taskId }, this.deps.clock.now().toISOString());
    for (const id of ids) await this.deps.alarm?.cancel(id);
    return ids.length;
  }

  /**
   * Fires one reminder/escalation timer: claims it by the engine clock (never before due), then notifies unless
   * the task is no longer open. A second delivery finds it claimed and sends nothing.
   */
  async fire(timerId: string): Promise<FireOutcome> {
    const now = this.deps.clock.now().toISOString();
    const result = await this.deps.db.transaction(async (tx) => {
      const timer = await claimTimer(tx, timerId, now);
      if (!timer) return undefined;
      const task = timer.taskId ? await getInboxTask(tx, timer.taskId) : undefined;
      // Completed or cancelled meanwhile: the claim stands (so nothing retries it) and nobody is told.
      if (task?.state !== 'open') return { notified: 0, taskId: undefined, deliveries: [] };
      const { sent, deliveries } = await notifyForTimer(tx, timer, task, now, this.deps.channels);
      return { notified: sent, taskId: task.id, deliveries };
    });
    // After commit: the outbox rows are the truth; a delivery not queued now is queued by the reconciler.
    for (const delivery of result?.deliveries ?? []) {
      await this.deps.channels.enqueue(delivery).catch((error: unknown) => this.deps.logger.warn({ err: error, deliveryId: delivery.id }, 'delivery not queued now; the reconciler will queue it'));
    }
    if (!result) {
      const timer = await getTimerDetails(this.deps.db, timerId);
      const pending = timer && !timer.firedAt && !timer.cancelledAt;
      return pending && Date.parse(timer.dueAt) > Date.parse(now) ? { type: 'not-due', dueAt: new Date(timer.dueAt) } : { type: 'skipped' };
    }
    // An overdue reminder that fired plans the next one.
    if (result.taskId) await this.syncTask(result.taskId).catch((error: unknown) => this.deps.logger.warn({ err: error, timerId }, 'could not plan the next reminder'));
    return { type: 'fired', notified: result.notified };
  }

  /** Fires every reminder/escalation due by the engine clock (the manual clock's hook; a polling fallback). */
  async fireDue(): Promise<number> {
    let fired = 0;
    const skipped = new Set<string>();
    for (;;) {
      const due = (await dueDeadlineTimers(this.deps.db, this.deps.clock.now().toISOString(), BATCH + skipped.size)).filter((t) => !skipped.has(t.id));
      if (due.length === 0) return fired;
      for (const timer of due) {
        if ((await this.fire(timer.id)).type === 'fired') fired += 1;
        else skipped.add(timer.id);
      }
    }
  }

  /** Re-plans every open task (at start: repairs effects lost in a crash between commit and dispatch). */
  async syncOpenTasks(): Promise<number> {
    let after = '';
    let count = 0;
    for (;;) {
      const ids = await openTaskIds(this.deps.db, after, BATCH);
      for (const id of ids) {
        await this.syncTask(id).catch((error: unknown) => this.deps.logger.warn({ err: error, taskId: id }, 'deadline sync failed'));
        count += 1;
      }
      const last = ids.at(-1);
      if (last === undefined || ids.length < BATCH) return count;
      after = last;
    }
  }

  /** After a holiday year was imported: recomputes due dates from that year on and provisional timers. */
  async recomputeFrom(from: string): Promise<{ tasks: number; changed: number }> {
    const ids = await tasksToRecompute(this.deps.db, from);
    let changed = 0;
    for (const id of ids) if ((await this.syncTask(id)).changed) changed += 1;
    return { tasks: ids.length, changed };
  }

  /** Waits for deferred due-date corrections (before closing). */
  async drain(): Promise<void> {
    while (this.deferred.size > 0) await Promise.all([...this.deferred]);
  }

  private track(work: Promise<void>, taskId: string): void {
    const tracked = work
      .catch((error: unknown) => this.deps.logger.warn({ err: error, taskId }, 'due date not corrected; retried at the next sync'))
      .finally(() => this.deferred.delete(tracked));
    this.deferred.add(tracked);
  }

  private async applyPlan(task: InboxTask, planned: readonly PlannedTimer[], now: string): Promise<boolean> {
    const { cancelled, armed } = await this.deps.db.transaction(async (tx) => {
      await lockTaskDeadline(tx, task.id);
      const existing = new Map((await deadlineTimersOfTask(tx, task.id)).map((t) => [t.id, t]));
      const wanted = new Set(planned.map((p) => p.id));
      const stale = [...existing.values()].filter((t) => t.state === 'pending' && !wanted.has(t.id)).map((t) => t.id);
      const gone = stale.length > 0 ? await cancelTimers(tx, { ids: stale }, now) : [];
      const toArm: PlannedTimer[] = [];
      for (const p of planned) {
        const row = existing.get(p.id);
        if (!row) {
          await insertTimer(tx, {
            id: p.id, instanceId: task.instanceId, definitionId: task.definitionId, processId: task.processId,
            elementId: task.activityId, kind: p.kind, taskId: task.id, dueAt: p.dueAt, provisional: p.provisional, payload: p.payload,
          });
          toArm.push(p);
        } else if (row.state === 'pending' && (!sameInstant(row.dueAt, p.dueAt) || row.provisional !== p.provisional)) {
          if (await rescheduleTimer(tx, p.id, p.dueAt, p.provisional)) toArm.push(p);
        }
      }
      return { cancelled: gone, armed: toArm };
    });
    // After commit: the rows are the truth; a lost alarm is restored by the reconciler.
    for (const id of cancelled) await this.deps.alarm?.cancel(id);
    for (const p of armed) await this.deps.alarm?.schedule({ id: p.id, dueAt: p.dueAt });
    return cancelled.length + armed.length > 0;
  }
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined ? a === b : Date.parse(a) === Date.parse(b);
}
