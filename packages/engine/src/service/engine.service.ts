/**
 * The Engine service: every public operation is a unit of work (see unit-of-work.ts) followed by the
 * dispatch of its effects. Cross-instance work lives here: message correlation, signal broadcast, timer
 * start events, call activities (child start, completion back to the parent).
 */
import { InvalidInputError, NotFoundError, StaleStateError } from '../errors.js';
import { returnTargets, type ReturnTarget } from '../kernel/approval-return.js';
import type { JsonObject } from '../json.js';
import { openScopes, processVariables, readInstanceState, waitingElements } from '../kernel/inspect.js';
import { projectInstance } from '../kernel/projection.js';
import { nextOccurrence } from '../kernel/timer-math.js';
import type { Command, Resubmit, SignPosition } from '../kernel/types.js';
import { compileBpmn } from '../model/compile.js';
import type { CompiledProcess } from '../model/model.js';
import type { DefinitionRecord, StoreTransaction, TaskRecord, TimerRecord } from '../ports.js';
import { Dispatcher } from './dispatcher.js';
import type { BroadcastResult, CompleteOptions, CorrelateResult, DeployResult, EngineApi, EngineDeps, InstanceView, StartInput, StartResult, TaskChanges } from './engine-api.js';
import { checksumOf } from './checksum.js';
import { emptyChanges, startTriggers } from './start-events.js';
import { UnitOfWork, type Committed } from './unit-of-work.js';

/** 催办 interval when neither the deps nor the call say otherwise. */
const DEFAULT_URGE_INTERVAL_MINUTES = 30;

export class Engine implements EngineApi {
  private readonly uow: UnitOfWork;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly deps: EngineDeps) {
    this.uow = new UnitOfWork(deps, (def) => compileProcess(def));
    this.dispatcher = new Dispatcher(deps, this);
  }

  async deploy(xml: string, options?: { readonly name?: string }): Promise<DeployResult> {
    const compiled = await compileBpmn(xml);
    const deploymentId = this.deps.ids.newId();
    const now = this.deps.clock.now();
    const checksum = checksumOf(xml);
    const definitions = await this.uow.run(async (tx) => {
      const stored: DefinitionRecord[] = [];
      for (const proc of compiled.processes) {
        const previous = await this.deps.definitions.latest(proc.id);
        // Deploying the same XML again (e.g. processes/ at every boot) keeps the current version.
        if (previous && previous.checksum === checksum) {
          stored.push(previous);
          continue;
        }
        const def = await this.deps.definitions.insert(tx, {
          id: this.deps.ids.newId(),
          processId: proc.id,
          name: proc.name ?? options?.name,
          deploymentId,
          xml,
          checksum,
          deployedAt: now.toISOString(),
        });
        await this.rearmStartEvents(tx, def, proc, previous);
        stored.push(def);
      }
      return stored;
    });
    for (const def of definitions) {
      const proc = compiled.byId[def.processId];
      if (proc) this.uow.seed(def.id, proc);
    }
    for (const def of definitions) await this.dispatcher.scheduleTimers((await this.deps.store.listTimers({ definitionId: def.id })).filter((t) => t.instanceId === undefined));
    return { deploymentId, definitions };
  }

  private async rearmStartEvents(tx: StoreTransaction, def: DefinitionRecord, proc: CompiledProcess, previous: DefinitionRecord | undefined): Promise<void> {
    const store = this.deps.store;
    const changes = emptyChanges();
    if (previous) {
      const oldTimers = await store.listTimers({ definitionId: previous.id });
      const oldSubs = await store.listSubscriptions({ definitionId: previous.id });
      changes.timers.delete.push(...oldTimers.filter((t) => t.instanceId === undefined).map((t) => t.id));
      changes.subscriptions.delete.push(...oldSubs.filter((s) => s.instanceId === undefined).map((s) => s.id));
    }
    const triggers = startTriggers(def, proc, this.deps.clock.now(), () => this.deps.ids.newId());
    changes.timers.upsert.push(...triggers.timers);
    changes.subscriptions.upsert.push(...triggers.subscriptions);
    await store.applyProjections(tx, changes);
  }

  async startProcess(processId: string, input: StartInput = {}): Promise<StartResult> {
    const def = input.definitionId ? await this.uow.definition(input.definitionId) : await this.deps.definitions.latest(processId);
    if (!def || def.processId !== processId) throw new NotFoundError('process', processId);
    const committed = await this.uow.run((tx) =>
      this.uow.start(tx, def, {
        variables: input.variables, businessKey: input.businessKey, startEventId: input.startEventId, initiator: input.initiator, ownerUnitId: input.ownerUnitId,
      }),
    );
    await this.dispatcher.dispatch([committed]);
    return { instanceId: committed.instanceId, definitionId: def.id };
  }

  /** Starts a child instance for a call activity (used by the dispatcher). */
  async startChild(input: { childInstanceId: string; processId: string; variables: JsonObject; parentInstanceId: string; parentElementInstanceId: string; businessKey?: string }): Promise<boolean> {
    const def = await this.deps.definitions.latest(input.processId);
    if (!def) return false;
    const parent = await this.deps.store.findInstance(input.parentInstanceId);
    const committed = await this.uow.run((tx) =>
      this.uow.start(tx, def, {
        id: input.childInstanceId,
        variables: input.variables,
        businessKey: input.businessKey,
        parent: { instanceId: input.parentInstanceId, elementInstanceId: input.parentElementInstanceId, rootInstanceId: parent?.rootInstanceId ?? input.parentInstanceId },
      }),
    );
    await this.dispatcher.dispatch([committed]);
    return true;
  }

  /** Applies one command to one instance as a unit of work, then dispatches its effects. */
  async execute(instanceId: string, command: Command): Promise<void> {
    const committed = await this.uow.run((tx) => this.uow.apply(tx, instanceId, command));
    await this.dispatcher.dispatch([committed]);
  }

  async completeTask(taskId: string, variables?: JsonObject, options?: CompleteOptions): Promise<void> {
    const outcome = options?.outcome;
    if (outcome !== undefined && outcome !== 'approve' && outcome !== 'reject') throw new InvalidInputError(`outcome must be approve or reject`);
    await this.executeOn('task', taskId, { type: 'task.complete', taskId, variables, actor: options?.actor, outcome, opinion: options?.opinion });
  }

  async getTask(taskId: string): Promise<TaskRecord | undefined> {
    const row = await this.deps.store.transaction((tx) => this.deps.store.getTask(tx, taskId));
    if (!row) return undefined;
    // The instance state is the truth; a store's task table may keep fewer fields (owner, delegation...).
    const record = await this.deps.store.findInstance(row.instanceId);
    return (record && projectInstance(readInstanceState(record.state)).tasks.get(taskId)) ?? row;
  }

  async instanceTasks(instanceId: string): Promise<readonly TaskRecord[]> {
    const record = await this.deps.store.findInstance(instanceId);
    return record ? [...projectInstance(readInstanceState(record.state)).tasks.values()] : [];
  }

  async claimTask(taskId: string, userId: string): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.update', taskId, assignee: userId, actor: userId, ifUnassigned: true });
  }

  async unclaimTask(taskId: string, by: string): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.update', taskId, assignee: null, actor: by });
  }

  async transferTask(taskId: string, userId: string, by: string, reason?: string): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.transfer', taskId, userId, by, reason });
  }

  async delegateTask(taskId: string, userId: string, by: string, reason?: string): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.delegate', taskId, userId, by, reason });
  }

  async resolveTask(taskId: string, by: string, opinion?: string): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.resolve', taskId, by, opinion });
  }

  async returnTargets(taskId: string): Promise<readonly ReturnTarget[]> {
    const view = await this.inspect(await this.ownerOf('task', taskId));
    return returnTargets(view.model, view.state, taskId);
  }

  async returnTask(taskId: string, targetActivityId: string, reason: string, options: { readonly by: string; readonly resubmit?: Resubmit }): Promise<void> {
    const command: Command = { type: 'task.return', taskId, targetElementId: targetActivityId, reason, by: options.by, resubmit: options.resubmit };
    await this.executeOn('task', taskId, command);
  }

  async withdraw(instanceId: string, by: string, options?: { readonly initiator?: string; readonly reason?: string }): Promise<void> {
    await this.execute(instanceId, { type: 'instance.withdraw', by, initiator: options?.initiator, reason: options?.reason });
  }

  async addSign(taskId: string, userIds: readonly string[], position: SignPosition, by: string, reason?: string): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.addSign', taskId, userIds, position, by, reason });
  }

  async removeSign(taskId: string, userId: string, by: string, reason?: string, options?: { readonly instanceId?: string }): Promise<void> {
    // A task whose handler signed while co-signers are pending has no inbox row: the caller names the instance.
    const command: Command = { type: 'task.removeSign', taskId, userId, by, reason };
    await (options?.instanceId === undefined ? this.executeOn('task', taskId, command) : this.execute(options.instanceId, command));
  }

  async urgeTask(taskId: string, by: string, options?: { readonly message?: string; readonly minIntervalMinutes?: number }): Promise<void> {
    const minIntervalMinutes = options?.minIntervalMinutes ?? this.deps.urgeIntervalMinutes ?? DEFAULT_URGE_INTERVAL_MINUTES;
    await this.executeOn('task', taskId, { type: 'task.urge', taskId, by, minIntervalMinutes, message: options?.message });
  }

  async cc(instanceId: string, by: string, recipients: { readonly userIds?: readonly string[]; readonly unitIds?: readonly string[] }, message?: string): Promise<void> {
    await this.execute(instanceId, { type: 'instance.cc', by, userIds: recipients.userIds ?? [], unitIds: recipients.unitIds ?? [], message });
  }

  /** Changes assignee, candidates or due date of an open task (`null` clears). */
  async updateTask(taskId: string, changes: TaskChanges): Promise<void> {
    await this.executeOn('task', taskId, { type: 'task.update', taskId, ...changes });
  }

  async completeJob(jobId: string, variables?: JsonObject): Promise<void> {
    await this.executeOn('job', jobId, { type: 'job.complete', jobId, variables });
  }

  async failJob(jobId: string, retries: number, message: string, options?: { readonly retryBackoff?: string }): Promise<void> {
    const retryBackoff = options?.retryBackoff;
    await this.executeOn('job', jobId, { type: 'job.fail', jobId, retries, message, ...(retryBackoff !== undefined && { retryBackoff }) });
  }

  async throwJobError(jobId: string, errorCode: string, options?: { readonly message?: string; readonly variables?: JsonObject }): Promise<void> {
    await this.executeOn('job', jobId, { type: 'job.throwError', jobId, errorCode, message: options?.message, variables: options?.variables });
  }

  /**
   * Applies a command to the instance owning an open task or job: the lookup runs in the unit of work's own
   * transaction (one transaction, not two; a retry after a version conflict looks again).
   */
  private async executeOn(kind: 'task' | 'job', id: string, command: Command): Promise<void> {
    const committed = await this.uow.run(async (tx) => this.uow.apply(tx, await this.ownerIn(tx, kind, id), command));
    await this.dispatcher.dispatch([committed]);
  }

  private async ownerOf(kind: 'task' | 'job', id: string): Promise<string> {
    return this.deps.store.transaction((tx) => this.ownerIn(tx, kind, id));
  }

  private async ownerIn(tx: StoreTransaction, kind: 'task' | 'job', id: string): Promise<string> {
    const row: { instanceId: string } | undefined = kind === 'task' ? await this.deps.store.getTask(tx, id) : await this.deps.store.getJob(tx, id);
    if (!row) throw new NotFoundError(kind, id);
    return row.instanceId;
  }

  async correlateMessage(input: { readonly name: string; readonly correlationKey?: string; readonly variables?: JsonObject }): Promise<CorrelateResult> {
    const candidates = await this.deps.store.transaction((tx) => this.deps.store.findMessageSubscriptions(tx, input.name, input.correlationKey));
    const matching = candidates.filter((s) => s.correlationKey === undefined || s.correlationKey === input.correlationKey);
    const waiting = matching.find((s) => s.instanceId !== undefined);
    if (waiting?.instanceId !== undefined) {
      await this.execute(waiting.instanceId, { type: 'message.correlate', subscriptionId: waiting.id, variables: input.variables });
      return { correlated: 1, started: 0, instanceIds: [waiting.instanceId] };
    }
    const start = matching.find((s) => s.instanceId === undefined);
    if (!start) return { correlated: 0, started: 0, instanceIds: [] };
    const started = await this.startProcess(start.processId, { definitionId: start.definitionId, startEventId: start.elementId, variables: input.variables });
    return { correlated: 0, started: 1, instanceIds: [started.instanceId] };
  }

  async broadcastSignal(input: { readonly name: string; readonly variables?: JsonObject }): Promise<BroadcastResult> {
    const subs = await this.deps.store.transaction((tx) => this.deps.store.findSignalSubscriptions(tx, input.name));
    const instanceIds: string[] = [];
    let delivered = 0;
    let started = 0;
    const instances = new Set(subs.flatMap((s) => (s.instanceId === undefined ? [] : [s.instanceId])));
    for (const instanceId of instances) {
      try {
        await this.execute(instanceId, { type: 'signal.broadcast', name: input.name, variables: input.variables });
        delivered += 1;
        instanceIds.push(instanceId);
      } catch (error) {
        if (!(error instanceof StaleStateError)) throw error;
      }
    }
    for (const s of subs.filter((sub) => sub.instanceId === undefined)) {
      const r = await this.startProcess(s.processId, { definitionId: s.definitionId, startEventId: s.elementId, variables: input.variables });
      started += 1;
      instanceIds.push(r.instanceId);
    }
    return { delivered, started, instanceIds };
  }

  async fireTimer(timerId: string): Promise<boolean> {
    const now = this.deps.clock.now().toISOString();
    const scheduled: TimerRecord[] = [];
    const committed = await this.uow.run(async (tx): Promise<Committed[] | undefined> => {
      scheduled.length = 0;
      const timer = await this.deps.store.getTimer(tx, timerId);
      if (!timer || !(await this.deps.store.markTimerFired(tx, timerId, now))) return undefined;
      if (timer.instanceId !== undefined) {
        const owner = await this.deps.store.getInstance(tx, timer.instanceId);
        if (owner?.status !== 'active') {
          // An orphan row (its instance ended): drop it so no scheduler keeps waking us for it.
          const orphan = emptyChanges();
          orphan.timers.delete.push(timer.id);
          await this.deps.store.applyProjections(tx, orphan);
          return [];
        }
        return [await this.uow.apply(tx, timer.instanceId, { type: 'timer.fire', timerId })];
      }
      const def = await this.uow.definition(timer.definitionId);
      const changes = emptyChanges();
      changes.timers.delete.push(timer.id);
      const next = nextOccurrence(timer);
      if (next) {
        const nextTimer = { ...timer, id: this.deps.ids.newId(), ...next };
        changes.timers.upsert.push(nextTimer);
        scheduled.push(nextTimer);
      }
      await this.deps.store.applyProjections(tx, changes);
      const started = await this.uow.start(tx, def, { startEventId: timer.elementId });
      return [started];
    });
    if (!committed?.length) return false;
    await this.dispatcher.scheduleTimers(scheduled);
    await this.dispatcher.dispatch(committed);
    return true;
  }

  async setVariables(instanceId: string, variables: JsonObject, options?: { readonly elementInstanceId?: string; readonly local?: boolean }): Promise<void> {
    await this.execute(instanceId, { type: 'variables.set', variables, elementInstanceId: options?.elementInstanceId, local: options?.local });
  }

  async migrateInstance(instanceId: string, input: { readonly targetDefinitionId: string; readonly mapping: Readonly<Record<string, string>> }, actor?: string): Promise<void> {
    const committed = await this.uow.run((tx) => this.uow.migrate(tx, instanceId, input, actor));
    await this.dispatcher.dispatch([committed]);
  }

  async triggerReceiveTask(instanceId: string, elementInstanceId: string, variables?: JsonObject): Promise<void> {
    await this.execute(instanceId, { type: 'receive.trigger', elementInstanceId, variables });
  }

  async cancelInstance(instanceId: string, reason?: string): Promise<void> {
    await this.execute(instanceId, { type: 'instance.cancel', reason });
  }

  async moveActivity(instanceId: string, elementInstanceId: string, targetElementId: string): Promise<void> {
    await this.execute(instanceId, { type: 'activity.move', elementInstanceId, targetElementId });
  }

  async resolveIncident(incidentId: string): Promise<void> {
    const incident = await this.deps.store.transaction((tx) => this.deps.store.getIncident(tx, incidentId));
    if (!incident) throw new NotFoundError('incident', incidentId);
    await this.execute(incident.instanceId, { type: 'incident.resolve', incidentId });
  }

  async recover(): Promise<number> {
    return this.dispatcher.recover();
  }

  /** Read-only view of one instance: its record, decoded state, model, what waits and its variables. */
  async inspect(instanceId: string): Promise<InstanceView> {
    const record = await this.deps.store.findInstance(instanceId);
    if (!record) throw new NotFoundError('instance', instanceId);
    const state = readInstanceState(record.state);
    const model = await this.modelOf(record.definitionId);
    return {
      record,
      state,
      model,
      waiting: waitingElements(state, model).map((e) => ({ elementInstanceId: e.id, elementId: e.elementId, status: e.status })),
      scopes: openScopes(state, model).map((e) => ({ elementInstanceId: e.id, elementId: e.elementId })),
      variables: processVariables(state),
    };
  }

  /** The compiled model of a definition (cached). */
  async modelOf(definitionId: string): Promise<CompiledProcess> {
    return this.uow.model(await this.uow.definition(definitionId));
  }
}

async function compileProcess(def: DefinitionRecord): Promise<CompiledProcess> {
  const compiled = await compileBpmn(def.xml);
  const proc = compiled.byId[def.processId];
  if (!proc) throw new NotFoundError('process', def.processId);
  return proc;
}
