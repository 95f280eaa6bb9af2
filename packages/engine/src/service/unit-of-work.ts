/**
 * The unit of work: load instance + model → kernel transition → commit state, projections, history and
 * outbox in one store transaction. Version conflicts retry the whole unit (bounded). Effects are handed
 * back for dispatch after commit.
 */
import { builtinCalendarData, calendarFunctions, workingDurationAdder } from '../calendar/index.js';
import { NotFoundError, VersionConflictError } from '../errors.js';
import { isJsonObject, toJson, type JsonObject } from '../json.js';
import { initialState, projectInstance, readInstanceState, transition } from '../kernel/index.js';
import type { InstanceProjection } from '../kernel/projection.js';
import { migrateState, type MigrationInput } from '../kernel/migrate.js';
import type { Command, Effect, InstanceState, KernelContext, KernelEvent, TransitionResult } from '../kernel/types.js';
import type { CompiledProcess } from '../model/model.js';
import type { DefinitionRecord, HistoryRecord, InstanceRecord, OutboxRecord, ProjectionChanges, StoreTransaction } from '../ports.js';
import type { EngineDeps } from './engine-api.js';
import { settleNewTasks } from './task-settlement.js';

/** Effects of a committed unit, with the instance they came from. */
export interface Committed {
  readonly instanceId: string;
  readonly effects: readonly Effect[];
  readonly outboxIds: readonly string[];
  readonly projection: InstanceProjection;
}

let builtinAdder: KernelContext['addWorkingDuration'];
let builtinFunctions: KernelContext['functions'];

/** Without a configured calendar, working days follow the built-in Chinese holiday table. */
function builtinWorkingDuration(): KernelContext['addWorkingDuration'] {
  builtinAdder ??= workingDurationAdder(builtinCalendarData());
  return builtinAdder;
}

function builtinCalendarFunctions(): KernelContext['functions'] {
  builtinFunctions ??= calendarFunctions(builtinCalendarData());
  return builtinFunctions;
}

export class UnitOfWork {
  private readonly models = new Map<string, Promise<CompiledProcess>>();

  constructor(
    private readonly deps: EngineDeps,
    private readonly compile: (definition: DefinitionRecord) => Promise<CompiledProcess>,
  ) {}

  /** Runs `work` in a transaction, retrying on version conflicts. */
  async run<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const attempts = this.deps.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.store.transaction(work);
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= attempts) throw error;
      }
    }
  }

  /** Primes the model cache right after a deploy compiled it. */
  seed(definitionId: string, model: CompiledProcess): void {
    this.models.set(definitionId, Promise.resolve(model));
  }

  model(definition: DefinitionRecord): Promise<CompiledProcess> {
    let cached = this.models.get(definition.id);
    if (!cached) {
      cached = this.compile(definition);
      this.models.set(definition.id, cached);
      cached.catch(() => this.models.delete(definition.id));
    }
    return cached;
  }

  async definition(definitionId: string): Promise<DefinitionRecord> {
    const def = await this.deps.definitions.get(definitionId);
    if (!def) throw new NotFoundError('definition', definitionId);
    return def;
  }

  context(): KernelContext {
    return {
      now: this.deps.clock.now(),
      newId: () => this.deps.ids.newId(),
      decide: this.deps.decisions,
      addWorkingDuration: this.deps.addWorkingDuration ?? builtinWorkingDuration(),
      functions: this.deps.expressionFunctions ?? builtinCalendarFunctions(),
    };
  }

  /** Applies a command to an existing instance inside `tx`. */
  async apply(tx: StoreTransaction, instanceId: string, command: Command): Promise<Committed> {
    const record = await this.deps.store.getInstance(tx, instanceId);
    if (!record) throw new NotFoundError('instance', instanceId);
    const def = await this.definition(record.definitionId);
    const model = await this.model(def);
    const before = stateOf(record);
    const ctx = this.context();
    const result = await this.settle(tx, model, before, transition(model, before, command, ctx), ctx);
    const status = result.state.status;
    await this.deps.store.updateInstance(tx, {
      id: instanceId,
      expectedVersion: record.version,
      state: jsonState(result.state),
      status,
      endedAt: result.state.endedAt,
    });
    return this.record(tx, before, result.state, result.events, result.effects, ctx);
  }

  /** Moves a running instance to another version of its process inside `tx` (see `migrateState`). */
  async migrate(tx: StoreTransaction, instanceId: string, input: MigrationInput, actor?: string): Promise<Committed> {
    const record = await this.deps.store.getInstance(tx, instanceId);
    if (!record) throw new NotFoundError('instance', instanceId);
    const source = await this.model(await this.definition(record.definitionId));
    const targetDefinition = await this.definition(input.targetDefinitionId);
    const target = await this.model(targetDefinition);
    const before = stateOf(record);
    const ctx = this.context();
    const { state, moved } = migrateState(before, source, target, input);
    await this.deps.store.updateInstance(tx, {
      id: instanceId,
      expectedVersion: record.version,
      state: jsonState(state),
      status: state.status,
      endedAt: state.endedAt,
      definitionId: targetDefinition.id,
    });
    const event: KernelEvent = {
      type: 'instance.migrated', at: ctx.now.toISOString(), fromDefinitionId: record.definitionId, toDefinitionId: targetDefinition.id,
      moved: [...moved], ...(actor !== undefined && { actor }),
    };
    return this.record(tx, before, state, [event], [], ctx);
  }

  /** Creates and starts an instance inside `tx`. */
  async start(
    tx: StoreTransaction,
    def: DefinitionRecord,
    input: {
      id?: string;
      startEventId?: string;
      variables?: JsonObject;
      businessKey?: string;
      initiator?: string;
      ownerUnitId?: string;
      parent?: { instanceId: string; elementInstanceId: string; rootInstanceId: string };
    },
  ): Promise<Committed> {
    const model = await this.model(def);
    const ctx = this.context();
    const id = input.id ?? ctx.newId();
    const empty = initialState({
      id,
      processId: def.processId,
      definitionId: def.id,
      startedAt: ctx.now.toISOString(),
      businessKey: input.businessKey,
      parent: input.parent ? { instanceId: input.parent.instanceId, elementInstanceId: input.parent.elementInstanceId } : undefined,
      rootInstanceId: input.parent?.rootInstanceId,
    });
    const started = transition(model, empty, { type: 'process.start', startEventId: input.startEventId, variables: input.variables, initiator: input.initiator }, ctx);
    const result = await this.settle(tx, model, empty, started, ctx);
    const record: InstanceRecord = {
      id,
      definitionId: def.id,
      processId: def.processId,
      businessKey: input.businessKey,
      parentInstanceId: input.parent?.instanceId,
      rootInstanceId: empty.rootInstanceId,
      status: result.state.status,
      state: jsonState(result.state),
      version: 1,
      startedAt: empty.startedAt,
      endedAt: result.state.endedAt,
      // The owner goes in with the instance row: no committed instance without it.
      ...(input.initiator !== undefined && { startedBy: input.initiator }),
      ...(input.ownerUnitId !== undefined && { ownerUnitId: input.ownerUnitId }),
    };
    await this.deps.store.insertInstance(tx, record);
    return this.record(tx, empty, result.state, result.events, result.effects, ctx);
  }

  /** New tasks get their org candidates and approval rules applied before anything is committed. */
  private settle(tx: StoreTransaction, model: CompiledProcess, before: InstanceState, result: TransitionResult, ctx: KernelContext) {
    return settleNewTasks({ tx, model, before, result, resolver: this.deps.assignments, apply: (state, command) => transition(model, state, command, ctx) });
  }

  private async record(
    tx: StoreTransaction,
    before: InstanceState,
    after: InstanceState,
    events: readonly KernelEvent[],
    effects: readonly Effect[],
    ctx: KernelContext,
  ): Promise<Committed> {
    const store = this.deps.store;
    const projection = projectInstance(after);
    await store.applyProjections(tx, projectionChanges(projectInstance(before), projection));
    const history: HistoryRecord[] = events.map((e, i) => historyOf(after.id, before.eventCount + i + 1, e, ctx));
    if (history.length) await store.appendHistory(tx, history);
    const at = ctx.now.toISOString();
    const outbox: OutboxRecord[] = effects.map((effect) => ({ id: ctx.newId(), instanceId: after.id, createdAt: at, effect: effectJson(effect) }));
    if (outbox.length) await store.appendOutbox(tx, outbox);
    // A store that batches the writes above sends them now, so the unit holds its row locks before it returns.
    await store.flush?.(tx);
    return { instanceId: after.id, effects, outboxIds: outbox.map((o) => o.id), projection };
  }
}

function stateOf(record: InstanceRecord): InstanceState {
  return readInstanceState(record.state);
}

function jsonState(state: InstanceState): JsonObject {
  const json = toJson(state);
  if (!isJsonObject(json)) throw new Error('state is not a JSON object');
  return json;
}

function effectJson(effect: Effect): JsonObject {
  const json = toJson(effect);
  return isJsonObject(json) ? json : {};
}

function historyOf(instanceId: string, seq: number, e: KernelEvent, ctx: KernelContext): HistoryRecord {
  const { type, at, ...rest } = e;
  const data = toJson(rest);
  return {
    id: ctx.newId(),
    instanceId,
    seq,
    type,
    elementId: 'elementId' in e ? e.elementId : undefined,
    elementInstanceId: 'elementInstanceId' in e ? e.elementInstanceId : undefined,
    at,
    ...('actor' in e && e.actor !== undefined && { actor: e.actor }),
    data: isJsonObject(data) ? data : {},
  };
}

/** Upserts for new or changed rows, deletes for rows that disappeared. */
export function projectionChanges(before: InstanceProjection, after: InstanceProjection): ProjectionChanges {
  const diff = <T extends { id: string }>(a: Map<string, T>, b: Map<string, T>) => ({
    upsert: [...b.values()].filter((row) => {
      const old = a.get(row.id);
      return !old || JSON.stringify(old) !== JSON.stringify(row);
    }),
    delete: [...a.keys()].filter((id) => !b.has(id)),
  });
  return {
    tasks: diff(before.tasks, after.tasks),
    timers: diff(before.timers, after.timers),
    subscriptions: diff(before.subscriptions, after.subscriptions),
    jobs: diff(before.jobs, after.jobs),
    incidents: diff(before.incidents, after.incidents),
  };
}
