/**
 * InstanceStore in memory. Transactions are serialised (one at a time) and rolled back through an undo
 * log, so a unit of work that throws leaves nothing behind, like the SQL adapter.
 */
import {
  VersionConflictError,
  type HistoryRecord,
  type IncidentRecord,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceStatus,
  type InstanceStore,
  type JobFilter,
  type JobRecord,
  type JsonObject,
  type OutboxRecord,
  type ProjectionChanges,
  type StoreTransaction,
  type SubscriptionKind,
  type SubscriptionRecord,
  type TaskQuery,
  type TaskRecord,
  type TimerRecord,
} from '@zhifa/engine';

interface MemoryTransaction extends StoreTransaction {
  readonly kind: 'memory';
  readonly undo: (() => void)[];
}

type Table<T> = Map<string, T>;

export class InMemoryInstanceStore implements InstanceStore {
  readonly instances: Table<InstanceRecord> = new Map();
  readonly tasks: Table<TaskRecord> = new Map();
  readonly timers: Table<TimerRecord> = new Map();
  readonly firedTimers = new Set<string>();
  readonly subscriptions: Table<SubscriptionRecord> = new Map();
  readonly jobs: Table<JobRecord> = new Map();
  readonly incidents: Table<IncidentRecord> = new Map();
  readonly history: HistoryRecord[] = [];
  readonly outbox: Table<OutboxRecord> = new Map();
  private queue: Promise<unknown> = Promise.resolve();

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const tx: MemoryTransaction = { kind: 'memory', undo: [] };
      try {
        return await work(tx);
      } catch (error) {
        for (const undo of tx.undo.reverse()) undo();
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private put<T>(tx: StoreTransaction, table: Table<T>, id: string, row: T): void {
    const old = table.get(id);
    table.set(id, row);
    undoLog(tx).push(() => (old === undefined ? table.delete(id) : table.set(id, old)));
  }

  private remove<T>(tx: StoreTransaction, table: Table<T>, id: string): void {
    const old = table.get(id);
    if (old === undefined) return;
    table.delete(id);
    undoLog(tx).push(() => table.set(id, old));
  }

  async insertInstance(tx: StoreTransaction, instance: InstanceRecord): Promise<void> {
    if (this.instances.has(instance.id)) throw new Error(`instance '${instance.id}' exists`);
    this.put(tx, this.instances, instance.id, { ...clone(instance), state: viaJson(instance.state) });
  }

  async getInstance(_tx: StoreTransaction, instanceId: string): Promise<InstanceRecord | undefined> {
    const row = this.instances.get(instanceId);
    return row && clone(row);
  }

  async updateInstance(
    tx: StoreTransaction,
    update: {
      readonly id: string; readonly expectedVersion: number; readonly state: JsonObject; readonly status: InstanceStatus; readonly endedAt?: string;
      readonly definitionId?: string;
    },
  ): Promise<void> {
    const row = this.instances.get(update.id);
    if (!row || row.version !== update.expectedVersion) throw new VersionConflictError(update.id, update.expectedVersion);
    this.put(tx, this.instances, update.id, {
      ...row,
      ...(update.definitionId !== undefined && { definitionId: update.definitionId }),
      state: viaJson(update.state),
      status: update.status,
      endedAt: update.endedAt,
      version: row.version + 1,
    });
  }

  async applyProjections(tx: StoreTransaction, changes: ProjectionChanges): Promise<void> {
    const apply = <T extends { id: string }>(table: Table<T>, c: { readonly upsert: readonly T[]; readonly delete: readonly string[] }) => {
      for (const id of c.delete) this.remove(tx, table, id);
      for (const row of c.upsert) this.put(tx, table, row.id, clone(row));
    };
    apply(this.tasks, changes.tasks);
    apply(this.timers, changes.timers);
    apply(this.subscriptions, changes.subscriptions);
    apply(this.jobs, changes.jobs);
    apply(this.incidents, changes.incidents);
  }

  async appendHistory(tx: StoreTransaction, records: readonly HistoryRecord[]): Promise<void> {
    const start = this.history.length;
    this.history.push(...records.map(clone));
    undoLog(tx).push(() => this.history.splice(start));
  }

  async appendOutbox(tx: StoreTransaction, records: readonly OutboxRecord[]): Promise<void> {
    for (const r of records) this.put(tx, this.outbox, r.id, clone(r));
  }

  async findMessageSubscriptions(_tx: StoreTransaction, name: string, correlationKey?: string): Promise<readonly SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter(
      (s) => s.kind === 'message' && s.name === name && (correlationKey === undefined || s.correlationKey === undefined || s.correlationKey === correlationKey),
    );
  }

  async findSignalSubscriptions(_tx: StoreTransaction, name: string): Promise<readonly SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter((s) => s.kind === 'signal' && s.name === name);
  }

  async findSubscriptionsOfInstance(_tx: StoreTransaction, instanceId: string): Promise<readonly SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter((s) => s.instanceId === instanceId);
  }

  async getTask(_tx: StoreTransaction, taskId: string): Promise<TaskRecord | undefined> {
    return this.tasks.get(taskId);
  }

  async getJob(_tx: StoreTransaction, jobId: string): Promise<JobRecord | undefined> {
    return this.jobs.get(jobId);
  }

  async getTimer(_tx: StoreTransaction, timerId: string): Promise<TimerRecord | undefined> {
    return this.timers.get(timerId);
  }

  async getIncident(_tx: StoreTransaction, incidentId: string): Promise<IncidentRecord | undefined> {
    return this.incidents.get(incidentId);
  }

  async markTimerFired(tx: StoreTransaction, timerId: string, now: string): Promise<boolean> {
    const timer = this.timers.get(timerId);
    if (!timer || this.firedTimers.has(timerId) || Date.parse(timer.dueAt) > Date.parse(now)) return false;
    this.firedTimers.add(timerId);
    undoLog(tx).push(() => this.firedTimers.delete(timerId));
    return true;
  }

  async findDueTimers(until: string, limit: number): Promise<readonly TimerRecord[]> {
    const due = Date.parse(until);
    return this.pendingTimers()
      .filter((t) => Date.parse(t.dueAt) <= due)
      .slice(0, limit);
  }

  async listTimers(filter?: { readonly instanceId?: string; readonly definitionId?: string }): Promise<readonly TimerRecord[]> {
    return this.pendingTimers().filter(
      (t) => (filter?.instanceId === undefined || t.instanceId === filter.instanceId) && (filter?.definitionId === undefined || t.definitionId === filter.definitionId),
    );
  }

  private pendingTimers(): TimerRecord[] {
    return [...this.timers.values()].filter((t) => !this.firedTimers.has(t.id)).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  async listSubscriptions(filter?: { readonly instanceId?: string; readonly definitionId?: string; readonly kind?: SubscriptionKind }): Promise<readonly SubscriptionRecord[]> {
    return [...this.subscriptions.values()].filter(
      (s) =>
        (filter?.instanceId === undefined || s.instanceId === filter.instanceId) &&
        (filter?.definitionId === undefined || s.definitionId === filter.definitionId) &&
        (filter?.kind === undefined || s.kind === filter.kind),
    );
  }

  async listTasks(query: TaskQuery): Promise<readonly TaskRecord[]> {
    const rows = [...this.tasks.values()].filter((t) => {
      if (query.instanceId !== undefined && t.instanceId !== query.instanceId) return false;
      if (query.elementId !== undefined && t.elementId !== query.elementId) return false;
      if (query.assignee !== undefined && t.assignee !== query.assignee) return false;
      const v = query.visibleTo;
      if (v && t.assignee !== v.userId && !t.candidateUsers.includes(v.userId) && !t.candidateGroups.some((g) => v.groups.includes(g))) return false;
      return true;
    });
    return rows.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? rows.length));
  }

  async listJobs(filter: JobFilter): Promise<readonly JobRecord[]> {
    const available = (j: JobRecord) => filter.availableAt === undefined || j.notBefore === undefined || Date.parse(j.notBefore) <= Date.parse(filter.availableAt);
    const rows = [...this.jobs.values()].filter(
      (j) => (filter.type === undefined || j.type === filter.type) && (filter.instanceId === undefined || j.instanceId === filter.instanceId) && available(j),
    );
    return rows.slice(0, filter.limit ?? rows.length);
  }

  async listIncidents(filter: { readonly instanceId?: string }): Promise<readonly IncidentRecord[]> {
    return [...this.incidents.values()].filter((i) => filter.instanceId === undefined || i.instanceId === filter.instanceId);
  }

  async findInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const row = this.instances.get(instanceId);
    return row && clone(row);
  }

  async listInstances(query: InstanceQuery): Promise<readonly InstanceRecord[]> {
    const rows = [...this.instances.values()].filter(
      (i) =>
        (query.processId === undefined || i.processId === query.processId) &&
        (query.status === undefined || i.status === query.status) &&
        (query.parentInstanceId === undefined || i.parentInstanceId === query.parentInstanceId) &&
        (query.rootInstanceId === undefined || i.rootInstanceId === query.rootInstanceId),
    );
    return rows.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? rows.length)).map(clone);
  }

  async listHistory(instanceId: string): Promise<readonly HistoryRecord[]> {
    return this.history.filter((h) => h.instanceId === instanceId).sort((a, b) => a.seq - b.seq);
  }

  async listUndispatchedOutbox(limit: number): Promise<readonly OutboxRecord[]> {
    return [...this.outbox.values()].filter((o) => o.dispatchedAt === undefined).slice(0, limit);
  }

  async markOutboxDispatched(ids: readonly string[], at: string): Promise<void> {
    for (const id of ids) {
      const row = this.outbox.get(id);
      if (row) this.outbox.set(id, { ...row, dispatchedAt: at });
    }
  }
}

function undoLog(tx: StoreTransaction): (() => void)[] {
  if (!isMemoryTransaction(tx)) throw new Error('not a transaction of this store');
  return tx.undo;
}

function isMemoryTransaction(tx: StoreTransaction): tx is MemoryTransaction {
  return tx.kind === 'memory' && 'undo' in tx && Array.isArray(tx.undo);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** State goes through JSON like a jsonb column would, so every test proves it survives serialisation. */
function viaJson(state: JsonObject): JsonObject {
  const copy: JsonObject = JSON.parse(JSON.stringify(state));
  return copy;
}
