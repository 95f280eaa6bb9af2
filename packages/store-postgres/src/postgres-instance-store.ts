import {
  VersionConflictError,
  type HistoryRecord,
  type IncidentRecord,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceStore,
  type JobFilter,
  type JobRecord,
  type OutboxRecord,
  type ProjectionChanges,
  type StoreTransaction,
  type SubscriptionKind,
  type SubscriptionRecord,
  type TaskQuery,
  type TaskRecord,
  type TimerRecord,
} from '@zhifa/engine';
import { AuditSealer } from './audit-sealer.js';
import { auditInsert, listAudit, type AuditEntryInput } from './history.repository.js';
import { listUndispatched, outboxInsertParam, outboxInsertSql, taskClosesOf, type TaskClose } from './outbox.repository.js';
import {
  incidentColumns,
  instanceColumns,
  jobColumns,
  subscriptionSelect,
  taskColumns,
  timerColumns,
  toIncident,
  toInstance,
  toJob,
  toSubscription,
  toTask,
  toTimer,
  type IncidentRow,
  type InstanceRow,
  type JobRow,
  type SubscriptionRow,
  type TaskRow,
  type TimerRow,
} from './projection-rows.js';
import { combineStatements, projectionStatements, runStatements, type Statement } from './projection.writer.js';
import { asPostgresTx, type PostgresDb, type PostgresTx, type Sql } from './sql.js';
import { claimTimer } from './timer.repository.js';

// The engine's own timers only: reminder and escalation rows (kind reminder|escalation) belong to the deadline service.
const pendingTimer = "kind = 'bpmn' AND fired_at IS NULL AND cancelled_at IS NULL";

/** A write of a unit of work held back until the transaction's next read or its commit (see `PostgresInstanceStore`). */
type InstanceUpdate = Parameters<InstanceStore['updateInstance']>[1];

type DeferredWrite =
  | { readonly kind: 'instance'; readonly instance: InstanceRecord }
  | { readonly kind: 'update'; readonly update: InstanceUpdate }
  | { readonly kind: 'projections'; readonly changes: ProjectionChanges }
  | { readonly kind: 'history'; readonly entries: readonly AuditEntryInput[] }
  | { readonly kind: 'outbox'; readonly records: readonly OutboxRecord[] };

/**
 * The engine's `InstanceStore` on PostgreSQL: one transaction per unit of work, instance state as jsonb
 * guarded by its version column, projections as indexed rows, history on the hash chain, a transactional
 * outbox. Methods without `tx` read from the pool.
 *
 * Inside a transaction opened by {@link PostgresInstanceStore.transaction}, the writes of a unit (instance
 * insert or version-checked update, projections, history, outbox) are held back and sent as ONE statement of
 * data-modifying CTEs when the engine calls `flush` at the end of the unit's writes (at the latest before
 * this store's next statement on the transaction, or its COMMIT): a unit pays one round trip for all of them
 * instead of one per table. Nothing else changes: the writes are in the unit's transaction, a failing one
 * (a version conflict included) fails it before COMMIT, and every read of this store on the transaction
 * sends them first. Writes that would touch one row twice go out one by one, in order.
 */
export class PostgresInstanceStore implements InstanceStore {
  /** Chains audit entries onto the hash chain after the transactions that wrote them commit (any on this db). */
  readonly sealer: AuditSealer;
  private readonly deferred = new WeakMap<StoreTransaction, DeferredWrite[]>();
  private nextMarks: MarkBatch | undefined;
  private marking = false;

  constructor(private readonly db: PostgresDb) {
    this.sealer = new AuditSealer(db);
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      this.deferred.set(tx, []);
      const result = await work(tx);
      await this.flushed(tx);
      return result;
    });
  }

  async insertInstance(tx: StoreTransaction, instance: InstanceRecord): Promise<void> {
    await this.write(tx, { kind: 'instance', instance });
  }

  /** Holds `write` back when `tx` is one of this store's transactions; runs it at once otherwise. */
  private async write(tx: StoreTransaction, write: DeferredWrite): Promise<void> {
    const pg = asPostgresTx(tx);
    if (write.kind === 'history') pg.markAuditWritten();
    const queue = this.deferred.get(tx);
    if (queue) queue.push(write);
    else await runWrite(pg, write);
  }

  /** Sends the held-back writes of `tx` now (the engine calls it once a unit of work has made all its writes). */
  async flush(tx: StoreTransaction): Promise<void> {
    await this.flushed(tx);
  }

  /** Sends the held-back writes of `tx` (before any other statement of this store on it, and before COMMIT). */
  private async flushed(tx: StoreTransaction): Promise<PostgresTx> {
    const pg = asPostgresTx(tx);
    const queue = this.deferred.get(tx);
    if (queue && queue.length > 0) {
      const writes = queue.splice(0);
      const combined = combinedStatement(writes);
      if (!combined) {
        for (const w of writes) await runWrite(pg, w);
      } else {
        const [row] = await pg.query<{ updated: number }>(combined.text, combined.params);
        if (combined.update && row?.updated !== 1) throw new VersionConflictError(combined.update.id, combined.update.expectedVersion);
      }
    }
    return pg;
  }

  async getInstance(tx: StoreTransaction, instanceId: string): Promise<InstanceRecord | undefined> {
    return readInstance(await this.flushed(tx), instanceId);
  }

  /** Held back like the other writes (at most one per batch); a version conflict then surfaces when they are sent. */
  async updateInstance(tx: StoreTransaction, update: InstanceUpdate): Promise<void> {
    const queue = this.deferred.get(tx);
    if (queue?.some((w) => w.kind === 'update')) await this.flushed(tx);
    await this.write(tx, { kind: 'update', update: { ...update } });
  }

  async applyProjections(tx: StoreTransaction, changes: ProjectionChanges): Promise<void> {
    // Copied: the caller's lists may change after the call, the held-back write must not.
    const copy = <T>(c: { readonly upsert: readonly T[]; readonly delete: readonly string[] }) => ({ upsert: [...c.upsert], delete: [...c.delete] });
    await this.write(tx, {
      kind: 'projections',
      changes: { tasks: copy(changes.tasks), timers: copy(changes.timers), subscriptions: copy(changes.subscriptions), jobs: copy(changes.jobs), incidents: copy(changes.incidents) },
    });
  }

  async appendHistory(tx: StoreTransaction, records: readonly HistoryRecord[]): Promise<void> {
    if (records.length === 0) return;
    const entries = records.map((r) => ({
      id: r.id,
      instanceId: r.instanceId,
      instanceSeq: r.seq,
      at: r.at,
      ...(r.actor !== undefined && { actor: r.actor }),
      action: r.type,
      ...(r.elementId !== undefined && { elementId: r.elementId }),
      ...(r.elementInstanceId !== undefined && { elementInstanceId: r.elementInstanceId }),
      data: r.data,
    }));
    await this.write(tx, { kind: 'history', entries });
  }

  async appendOutbox(tx: StoreTransaction, records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.write(tx, { kind: 'outbox', records: [...records] });
  }

  async findMessageSubscriptions(tx: StoreTransaction, name: string, correlationKey?: string): Promise<readonly SubscriptionRecord[]> {
    const rows = await (await this.flushed(tx)).query<SubscriptionRow>(
      `${subscriptionSelect('message')} WHERE name = $1 AND ($2::text IS NULL OR correlation_key = $2 OR correlation_key IS NULL)
       ORDER BY created_at, id`,
      [name, correlationKey ?? null],
    );
    return rows.map(toSubscription);
  }

  async findSignalSubscriptions(tx: StoreTransaction, name: string): Promise<readonly SubscriptionRecord[]> {
    const rows = await (await this.flushed(tx)).query<SubscriptionRow>(`${subscriptionSelect('signal')} WHERE name = $1 ORDER BY created_at, id`, [name]);
    return rows.map(toSubscription);
  }

  async findSubscriptionsOfInstance(tx: StoreTransaction, instanceId: string): Promise<readonly SubscriptionRecord[]> {
    return (await selectSubscriptions(await this.flushed(tx), { instanceId })).map(toSubscription);
  }

  async getTask(tx: StoreTransaction, taskId: string): Promise<TaskRecord | undefined> {
    const [row] = await (await this.flushed(tx)).query<TaskRow>(`SELECT ${taskColumns} FROM task t WHERE t.id = $1 AND t.state = 'open'`, [taskId]);
    return row && toTask(row);
  }

  async getJob(tx: StoreTransaction, jobId: string): Promise<JobRecord | undefined> {
    const [row] = await (await this.flushed(tx)).query<JobRow>(`SELECT ${jobColumns} FROM external_job WHERE id = $1 AND state = 'open'`, [jobId]);
    return row && toJob(row);
  }

  async getTimer(tx: StoreTransaction, timerId: string): Promise<TimerRecord | undefined> {
    const [row] = await (await this.flushed(tx)).query<TimerRow>(`SELECT ${timerColumns} FROM timer WHERE id = $1 AND ${pendingTimer}`, [timerId]);
    return row && toTimer(row);
  }

  async getIncident(tx: StoreTransaction, incidentId: string): Promise<IncidentRecord | undefined> {
    const [row] = await (await this.flushed(tx)).query<IncidentRow>(
      `SELECT ${incidentColumns} FROM incident WHERE id = $1 AND resolved_at IS NULL`,
      [incidentId],
    );
    return row && toIncident(row);
  }

  async markTimerFired(tx: StoreTransaction, timerId: string, now: string): Promise<boolean> {
    return (await claimTimer(await this.flushed(tx), timerId, now)) !== undefined;
  }

  async findDueTimers(until: string, limit: number): Promise<readonly TimerRecord[]> {
    const rows = await this.db.query<TimerRow>(
      `SELECT ${timerColumns} FROM timer WHERE ${pendingTimer} AND due_at <= $1 ORDER BY due_at, id LIMIT $2`,
      [until, limit],
    );
    return rows.map(toTimer);
  }

  async listTimers(filter: { readonly instanceId?: string; readonly definitionId?: string } = {}): Promise<readonly TimerRecord[]> {
    const rows = await this.db.query<TimerRow>(
      `SELECT ${timerColumns} FROM timer WHERE ${pendingTimer}
          AND ($1::text IS NULL OR instance_id = $1) AND ($2::text IS NULL OR definition_id = $2)
        ORDER BY due_at, id`,
      [filter.instanceId ?? null, filter.definitionId ?? null],
    );
    return rows.map(toTimer);
  }

  async listSubscriptions(
    filter: { readonly instanceId?: string; readonly definitionId?: string; readonly kind?: SubscriptionKind } = {},
  ): Promise<readonly SubscriptionRecord[]> {
    return (await selectSubscriptions(this.db, filter)).map(toSubscription);
  }

  async listTasks(query: TaskQuery): Promise<readonly TaskRecord[]> {
    const rows = await this.db.query<TaskRow>(
      `SELECT ${taskColumns} FROM task t
        WHERE t.state = 'open' AND ($1::text IS NULL OR t.instance_id = $1) AND ($2::text IS NULL OR t.activity_id = $2)
          AND ($3::text IS NULL OR t.assignee = $3)
          AND ($4::text IS NULL OR t.assignee = $4 OR $4 = ANY(t.candidate_users) OR t.candidate_groups && $5::text[])
        ORDER BY t.created_at, t.id LIMIT $6 OFFSET $7`,
      [
        query.instanceId ?? null,
        query.elementId ?? null,
        query.assignee ?? null,
        query.visibleTo?.userId ?? null,
        query.visibleTo?.groups ?? [],
        query.limit ?? 1000,
        query.offset ?? 0,
      ],
    );
    return rows.map(toTask);
  }

  async listJobs(filter: JobFilter): Promise<readonly JobRecord[]> {
    const rows = await this.db.query<JobRow>(
      `SELECT ${jobColumns} FROM external_job
        WHERE state = 'open' AND ($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR instance_id = $2)
          AND ($4::timestamptz IS NULL OR not_before IS NULL OR not_before <= $4)
        ORDER BY created_at, id LIMIT $3`,
      [filter.type ?? null, filter.instanceId ?? null, filter.limit ?? 1000, filter.availableAt ?? null],
    );
    return rows.map(toJob);
  }

  async listIncidents(filter: { readonly instanceId?: string }): Promise<readonly IncidentRecord[]> {
    const rows = await this.db.query<IncidentRow>(
      `SELECT ${incidentColumns} FROM incident WHERE resolved_at IS NULL AND ($1::text IS NULL OR instance_id = $1) ORDER BY created_at, id`,
      [filter.instanceId ?? null],
    );
    return rows.map(toIncident);
  }

  findInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return readInstance(this.db, instanceId);
  }

  async listInstances(query: InstanceQuery): Promise<readonly InstanceRecord[]> {
    const rows = await this.db.query<InstanceRow>(
      `SELECT ${instanceColumns} FROM process_instance i
        WHERE ($1::text IS NULL OR i.process_key = $1) AND ($2::text IS NULL OR i.status = $2)
          AND ($3::text IS NULL OR i.parent_instance_id = $3) AND ($4::text IS NULL OR i.root_instance_id = $4)
        ORDER BY i.started_at, i.id LIMIT $5 OFFSET $6`,
      [query.processId ?? null, query.status ?? null, query.parentInstanceId ?? null, query.rootInstanceId ?? null, query.limit ?? 1000, query.offset ?? 0],
    );
    return rows.map(toInstance);
  }

  async listHistory(instanceId: string): Promise<readonly HistoryRecord[]> {
    const entries = await listAudit(this.db, { instanceId, limit: 10_000 });
    return entries
      .map((e) => ({
        id: e.id,
        instanceId,
        seq: e.instanceSeq ?? 0,
        type: e.action,
        ...(e.elementId !== undefined && { elementId: e.elementId }),
        ...(e.elementInstanceId !== undefined && { elementInstanceId: e.elementInstanceId }),
        at: e.at,
        ...(e.actor !== undefined && { actor: e.actor }),
        data: e.data,
      }))
      .sort((a, b) => a.seq - b.seq);
  }

  listUndispatchedOutbox(limit: number): Promise<readonly OutboxRecord[]> {
    return listUndispatched(this.db, limit);
  }

  /**
   * Marks are grouped: while one batch is on its way, the marks of other units collect into the next, so
   * concurrent units share a statement (each caller still returns only once its rows are marked).
   */
  markOutboxDispatched(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const batch = (this.nextMarks ??= markBatch());
    for (const id of ids) {
      batch.ids.push(id);
      batch.ats.push(at);
    }
    if (!this.marking) void this.sendMarks();
    return batch.done;
  }

  private async sendMarks(): Promise<void> {
    this.marking = true;
    try {
      for (let batch = this.nextMarks; batch; batch = this.nextMarks) {
        this.nextMarks = undefined;
        try {
          // Losing a mark in a crash only means a re-dispatch on boot, which every effect tolerates
          // (at-least-once), so it need not wait for the WAL flush. One auto-committed statement:
          // `set_config(…, true)` turns synchronous_commit off for its own implicit transaction, commit included.
          await this.db.query(
            `WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true) AS setting)
             UPDATE outbox o SET dispatched_at = x.at
               FROM async_commit, unnest($1::text[], $2::timestamptz[]) AS x(id, at)
              WHERE o.id = x.id AND o.dispatched_at IS NULL`,
            [batch.ids, batch.ats],
          );
          batch.resolve();
        } catch (error) {
          batch.reject(error);
        }
      }
    } finally {
      this.marking = false;
    }
  }
}

/** Outbox marks waiting to be sent together (see `markOutboxDispatched`). */
interface MarkBatch {
  readonly ids: string[];
  readonly ats: string[];
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function markBatch(): MarkBatch {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { ids: [], ats: [], done, resolve, reject };
}

async function readInstance(sql: Sql, instanceId: string): Promise<InstanceRecord | undefined> {
  const [row] = await sql.query<InstanceRow>(`SELECT ${instanceColumns} FROM process_instance i WHERE i.id = $1`, [instanceId]);
  return row && toInstance(row);
}

function selectSubscriptions(
  sql: Sql,
  filter: { readonly instanceId?: string; readonly definitionId?: string; readonly kind?: SubscriptionKind },
): Promise<SubscriptionRow[]> {
  const kinds: readonly SubscriptionKind[] = filter.kind ? [filter.kind] : ['message', 'signal', 'conditional'];
  const union = kinds.map((kind) => subscriptionSelect(kind)).join(' UNION ALL ');
  return sql.query<SubscriptionRow>(
    `SELECT * FROM (${union}) s WHERE ($1::text IS NULL OR s.instance_id = $1) AND ($2::text IS NULL OR s.definition_id = $2)
      ORDER BY s.created_at, s.id`,
    [filter.instanceId ?? null, filter.definitionId ?? null],
  );
}

function insertInstanceStatement(instance: InstanceRecord): Statement {
  return {
    text: `INSERT INTO process_instance (id, definition_id, process_key, business_key, parent_instance_id, root_instance_id,
                                     state, version, status, started_at, ended_at, started_by, owner_unit_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    params: [
      instance.id,
      instance.definitionId,
      instance.processId,
      instance.businessKey ?? null,
      instance.parentInstanceId ?? null,
      instance.rootInstanceId,
      JSON.stringify(instance.state),
      instance.version,
      instance.status,
      instance.startedAt,
      instance.endedAt ?? null,
      instance.startedBy ?? null,
      instance.ownerUnitId ?? null,
    ],
  };
}

function taskCloseStatement(close: TaskClose): Statement {
  return { text: `UPDATE task SET state = $2, ended_at = $3, completed_by = $4 WHERE id = $1`, params: [close.id, close.state, close.endedAt, close.completedBy] };
}

function updateInstanceStatement(update: InstanceUpdate): Statement {
  return {
    text: `UPDATE process_instance SET state = $3, status = $4, ended_at = $5, definition_id = COALESCE($6, definition_id), version = version + 1
        WHERE id = $1 AND version = $2`,
    params: [update.id, update.expectedVersion, JSON.stringify(update.state), update.status, update.endedAt ?? null, update.definitionId ?? null],
  };
}

/** One write on its own, as its own statement(s). */
async function runWrite(sql: Sql, w: DeferredWrite): Promise<void> {
  switch (w.kind) {
    case 'update': {
      const statement = updateInstanceStatement(w.update);
      const result = await sql.execute(statement.text, statement.params);
      if (result.rowCount !== 1) throw new VersionConflictError(w.update.id, w.update.expectedVersion);
      return;
    }
    case 'instance':
      return runStatements(sql, [insertInstanceStatement(w.instance)]);
    case 'projections':
      return runStatements(sql, projectionStatements(w.changes));
    case 'history':
      return runStatements(sql, w.entries.length ? [auditInsert(w.entries)] : []);
    case 'outbox':
      return runStatements(sql, w.records.length ? [{ text: outboxInsertSql, params: [outboxInsertParam(w.records)] }, ...taskClosesOf(w.records).map(taskCloseStatement)] : []);
  }
}

/**
 * The writes as one statement of data-modifying CTEs, or undefined when two of them would touch the same row
 * (one statement cannot update a row twice) — the caller then runs them one by one. A task a projection
 * removes and an effect closes (`task.completed`) is written once, with its final state: what the two
 * updates in a row would leave.
 */
function combinedStatement(writes: readonly DeferredWrite[]): (Statement & { readonly update?: InstanceUpdate }) | undefined {
  if (writes.length === 1 && writes[0]?.kind !== 'projections' && writes[0]?.kind !== 'outbox') return undefined;
  const instances = writes.flatMap((w) => (w.kind === 'instance' ? [w.instance] : []));
  const updates = writes.flatMap((w) => (w.kind === 'update' ? [w.update] : []));
  const update = updates[0];
  const all = writes.flatMap((w) => (w.kind === 'projections' ? [w.changes] : []));
  const history = writes.flatMap((w) => (w.kind === 'history' ? w.entries : []));
  const outbox = writes.flatMap((w) => (w.kind === 'outbox' ? w.records : []));
  const merged: ProjectionChanges = {
    tasks: { upsert: all.flatMap((c) => c.tasks.upsert), delete: all.flatMap((c) => c.tasks.delete) },
    timers: { upsert: all.flatMap((c) => c.timers.upsert), delete: all.flatMap((c) => c.timers.delete) },
    subscriptions: { upsert: all.flatMap((c) => c.subscriptions.upsert), delete: all.flatMap((c) => c.subscriptions.delete) },
    jobs: { upsert: all.flatMap((c) => c.jobs.upsert), delete: all.flatMap((c) => c.jobs.delete) },
    incidents: { upsert: all.flatMap((c) => c.incidents.upsert), delete: all.flatMap((c) => c.incidents.delete) },
  };
  // Final state per task row that ends here: closed by an effect (completed/cancelled, by whom) or just ended.
  const ends = new Map<string, { id: string; state: string; endedAt: string | null; completedBy: string | null; close: boolean }>();
  for (const id of merged.tasks.delete) ends.set(id, { id, state: 'ended', endedAt: null, completedBy: null, close: false });
  for (const c of taskClosesOf(outbox)) ends.set(c.id, { ...c, close: true });
  const disjoint = (upsert: readonly { id: string }[], removed: Iterable<string>): boolean => {
    const ids = new Set(upsert.map((r) => r.id));
    if (ids.size !== upsert.length) return false;
    for (const id of removed) if (ids.has(id)) return false;
    return true;
  };
  const safe =
    new Set(instances.map((i) => i.id)).size === instances.length &&
    updates.length <= 1 &&
    (update === undefined || !instances.some((i) => i.id === update.id)) &&
    disjoint(merged.tasks.upsert, ends.keys()) &&
    disjoint(merged.timers.upsert, merged.timers.delete) &&
    disjoint(merged.subscriptions.upsert, merged.subscriptions.delete) &&
    disjoint(merged.jobs.upsert, merged.jobs.delete) &&
    disjoint(merged.incidents.upsert, merged.incidents.delete);
  if (!safe) return undefined;
  // The version-checked update first (its row lock before the rest), answering how many rows it changed.
  const statements: Statement[] = [
    ...(update ? [{ ...updateInstanceStatement(update), text: `${updateInstanceStatement(update).text} RETURNING 1` }] : []),
    ...instances.map(insertInstanceStatement),
    ...projectionStatements(merged, { skipTaskDeletes: true }),
  ];
  if (ends.size > 0) {
    statements.push({
      text: `UPDATE task t SET state = x."state", ended_at = COALESCE(x."endedAt", now()),
                    completed_by = CASE WHEN x."close" THEN x."completedBy" ELSE t.completed_by END
               FROM jsonb_to_recordset($1::jsonb) AS x("id" text, "state" text, "endedAt" timestamptz, "completedBy" text, "close" boolean)
              WHERE t.id = x."id" AND (x."close" OR t.state = 'open')`,
      params: [JSON.stringify([...ends.values()])],
    });
  }
  if (history.length > 0) statements.push(auditInsert(history));
  if (outbox.length > 0) statements.push({ text: outboxInsertSql, params: [outboxInsertParam(outbox)] });
  const combined = combineStatements(statements, update ? 'SELECT count(*)::int AS updated FROM w0' : 'SELECT 1');
  return combined && (update ? { ...combined, update } : combined);
}
