/**
 * After-commit dispatch of effects: follow-up units of work (call activities, signals thrown by a process),
 * timer and job notifications, listeners; then the outbox rows are marked dispatched. `recover` re-runs
 * whatever a crash left undispatched.
 */
import { NotFoundError, StaleStateError } from '../errors.js';
import type { JsonObject } from '../json.js';
import type { Command, Effect } from '../kernel/types.js';
import type { TimerRecord } from '../ports.js';
import type { EngineDeps } from './engine-api.js';
import type { Committed } from './unit-of-work.js';

/** What the dispatcher needs from the engine to run follow-up units of work. */
export interface FollowUps {
  execute(instanceId: string, command: Command): Promise<void>;
  startChild(input: { childInstanceId: string; processId: string; variables: JsonObject; parentInstanceId: string; parentElementInstanceId: string; businessKey?: string }): Promise<boolean>;
  broadcastSignal(input: { name: string; variables?: JsonObject }): Promise<unknown>;
}

const EFFECT_TYPES: ReadonlySet<string> = new Set([
  'child.start', 'child.cancel', 'instance.ended', 'event.propagated', 'message.thrown', 'signal.thrown', 'escalation.unhandled', 'timer.scheduled',
  'timer.cancelled', 'task.created', 'task.updated', 'task.completed', 'task.cancelled', 'job.created', 'job.cancelled',
  'incident.created', 'incident.resolved', 'notification.requested',
]);

export function isEffect(value: unknown): value is Effect {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && EFFECT_TYPES.has(value.type);
}

export class Dispatcher {
  constructor(
    private readonly deps: EngineDeps,
    private readonly followUps: FollowUps,
  ) {}

  async dispatch(units: readonly Committed[]): Promise<void> {
    for (const unit of units) {
      for (const effect of unit.effects) await this.one(effect, unit.instanceId, unit);
      if (unit.outboxIds.length) await this.deps.store.markOutboxDispatched(unit.outboxIds, this.deps.clock.now().toISOString());
    }
  }

  async recover(): Promise<number> {
    const rows = await this.deps.store.listUndispatchedOutbox(1000);
    for (const row of rows) {
      if (isEffect(row.effect)) await this.one(row.effect, row.instanceId, undefined);
      await this.deps.store.markOutboxDispatched([row.id], this.deps.clock.now().toISOString());
    }
    return rows.length;
  }

  async scheduleTimers(timers: readonly TimerRecord[]): Promise<void> {
    if (!this.deps.timers) return;
    for (const t of timers) await this.deps.timers.schedule(t);
  }

  private async one(effect: Effect, instanceId: string | undefined, unit: Committed | undefined): Promise<void> {
    switch (effect.type) {
      case 'child.start':
        if (instanceId !== undefined && !(await this.followUps.startChild({ ...effect, parentInstanceId: instanceId }))) {
          const message = `no deployed process '${effect.processId}' to call`;
          await this.tolerant(() => this.followUps.execute(instanceId, { type: 'child.failed', elementInstanceId: effect.parentElementInstanceId, message }));
        }
        break;
      case 'child.cancel':
        await this.tolerant(() => this.followUps.execute(effect.childInstanceId, { type: 'instance.cancel', reason: 'parent cancelled' }));
        break;
      case 'instance.ended':
        if (effect.parent && effect.status === 'completed') {
          const parent = effect.parent;
          await this.tolerant(() =>
            this.followUps.execute(parent.instanceId, { type: 'child.completed', elementInstanceId: parent.elementInstanceId, variables: effect.variables }),
          );
        }
        break;
      case 'event.propagated': {
        const { parent, kind, code } = effect;
        await this.tolerant(() => this.followUps.execute(parent.instanceId, { type: 'child.thrown', elementInstanceId: parent.elementInstanceId, kind, code }));
        break;
      }
      case 'signal.thrown':
        await this.followUps.broadcastSignal({ name: effect.name, variables: effect.variables });
        break;
      case 'timer.scheduled': {
        // Recovering after a crash there is no unit: the timer row (if still pending) is the truth.
        const record = unit ? unit.projection.timers.get(effect.timerId) : await this.pendingTimer(effect.timerId);
        if (record) await this.deps.timers?.schedule(record);
        break;
      }
      case 'timer.cancelled':
        await this.deps.timers?.cancel(effect.timerId);
        break;
      case 'job.created': {
        const record = unit
          ? unit.projection.jobs.get(effect.jobId)
          : (await this.deps.store.listJobs({ ...(instanceId !== undefined && { instanceId }) })).find((j) => j.id === effect.jobId);
        if (record) await this.deps.jobs?.publish(record);
        break;
      }
      case 'job.cancelled':
        await this.deps.jobs?.withdraw(effect.jobId);
        break;
      default:
        break;
    }
    for (const listener of this.deps.listeners ?? []) {
      const json: unknown = JSON.parse(JSON.stringify(effect));
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) await listener.onEffect(toObject(json), instanceId);
    }
  }

  private pendingTimer(timerId: string): Promise<TimerRecord | undefined> {
    return this.deps.store.transaction((tx) => this.deps.store.getTimer(tx, timerId));
  }

  /** A follow-up whose target has ended or vanished is moot, not a failure. */
  private async tolerant(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof StaleStateError) && !(error instanceof NotFoundError)) throw error;
    }
  }
}

function toObject(value: object): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = v;
  return out;
}
