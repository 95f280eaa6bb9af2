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
import { AuditSealer } from './audit-sealer.js';
import { appendAudit, listAudit } from './history.repository.js';
import { appendOutboxRows, listUndispatched, markDispatched } from './outbox.repository.js';
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
import { writeProjections } from './projection.writer.js';
import { asPostgresTx, type PostgresDb, type Sql } from './sql.js';
import { claimTimer } from './timer.repository.js';

// The engine's own timers only: reminder and escalation rows (kind reminder|escalation) belong to the deadline service.
const pendingTimer = "kind = 'bpmn' AND fired_at IS NULL AND cancelled_at IS NULL";

/**
 * The engine's `InstanceStore` on PostgreSQL: one transaction per unit of work, instance state as jsonb
 * guarded by its version column, projections as indexed rows, history on the hash chain, a transactional
 * outbox. Methods without `tx` read from the pool.
 */
export class PostgresInstanceStore implements InstanceStore {
  /** Chains audit entries onto the hash chain after the transactions that wrote them commit (any on this db). */
  readonly sealer: AuditSealer;

  constructor(private readonly db: PostgresDb) {
    this.sealer = new AuditSealer(db);
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertInstance(tx: StoreTransaction, instance: InstanceRecord): Promise<void> {
    await asPostgresTx(tx).query(
      `INSERT INTO process_instance (id, definition_id, process_key, business_key, parent_instance_id, root_instance_id,
                                     state, version, status, started_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
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
      ],
    );
  }

  getInstance(tx: StoreTransaction, instanceId: string): Promise<InstanceRecord | undefined> {
    return readInstance(asPostgresTx(tx), instanceId);
  }

  async updateInstance(
    tx: StoreTransaction,
    update: {
      readonly id: string; readonly expectedVersion: number; readonly state: JsonObject; readonly status: InstanceStatus; readonly endedAt?: string;
      readonly definitionId?: string;
    },
  ): Promise<void> {
    const result = await asPostgresTx(tx).execute(
      `UPDATE process_instance SET state = $3, status = $4, ended_at = $5, definition_id = COALESCE($6, definition_id), version = version + 1
        WHERE id = $1 AND version = $2`,
      [update.id, update.expectedVersion, JSON.stringify(update.state), update.status, update.endedAt ?? null, update.definitionId ?? null],
    );
    if (result.rowCount !== 1) throw new VersionConflictError(update.id, update.expectedVersion);
  }

  applyProjections(tx: StoreTransaction, changes: ProjectionChanges): Promise<void> {
    return writeProjections(asPostgresTx(tx), changes);
  }

  async appendHistory(tx: StoreTransaction, records: readonly HistoryRecord[]): Promise<void> {
    await appendAudit(
      asPostgresTx(tx),
      records.map((r) => ({
        id: r.id,
        instanceId: r.instanceId,
        instanceSeq: r.seq,
        at: r.at,
        ...(r.actor !== undefined && { actor: r.actor }),
        action: r.type,
        ...(r.elementId !== undefined && { elementId: r.elementId }),
        ...(r.elementInstanceId !== undefined && { elementInstanceId: r.elementInstanceId }),
        data: r.data,
      })),
    );
  }

  appendOutbox(tx: StoreTransaction, records: readonly OutboxRecord[]): Promise<void> {
    return appendOutboxRows(asPostgresTx(tx), records);
  }

  async findMessageSubscriptions(tx: StoreTransaction, name: string, correlationKey?: string): Promise<readonly SubscriptionRecord[]> {
    const rows = await asPostgresTx(tx).query<SubscriptionRow>(
      `${subscriptionSelect('message')} WHERE name = $1 AND ($2::text IS NULL OR correlation_key = $2 OR correlation_key IS NULL)
       ORDER BY created_at, id`,
      [name, correlationKey ?? null],
    );
    return rows.map(toSubscription);
  }

  async findSignalSubscriptions(tx: StoreTransaction, name: string): Promise<readonly SubscriptionRecord[]> {
    const rows = await asPostgresTx(tx).query<SubscriptionRow>(`${subscriptionSelect('signal')} WHERE name = $1 ORDER BY created_at, id`, [name]);
    return rows.map(toSubscription);
  }

  async findSubscriptionsOfInstance(tx: StoreTransaction, instanceId: string): Promise<readonly SubscriptionRecord[]> {
    return (await selectSubscriptions(asPostgresTx(tx), { instanceId })).map(toSubscription);
  }

  async getTask(tx: StoreTransaction, taskId: string): Promise<TaskRecord | undefined> {
    const [row] = await asPostgresTx(tx).query<TaskRow>(`SELECT ${taskColumns} FROM task t WHERE t.id = $1 AND t.state = 'open'`, [taskId]);
    return row && toTask(row);
  }

  async getJob(tx: StoreTransaction, jobId: string): Promise<JobRecord | undefined> {
    const [row] = await asPostgresTx(tx).query<JobRow>(`SELECT ${jobColumns} FROM external_job WHERE id = $1 AND state = 'open'`, [jobId]);
    return row && toJob(row);
  }

  async getTimer(tx: StoreTransaction, timerId: string): Promise<TimerRecord | undefined> {
    const [row] = await asPostgresTx(tx).query<TimerRow>(`SELECT ${timerColumns} FROM timer WHERE id = $1 AND ${pendingTimer}`, [timerId]);
    return row && toTimer(row);
  }

  async getIncident(tx: StoreTransaction, incidentId: string): Promise<IncidentRecord | undefined> {
    const [row] = await asPostgresTx(tx).query<IncidentRow>(
      `SELECT ${incidentColumns} FROM incident WHERE id = $1 AND resolved_at IS NULL`,
      [incidentId],
    );
    return row && toIncident(row);
  }

  async markTimerFired(tx: StoreTransaction, timerId: string, now: string): Promise<boolean> {
    return (await claimTimer(asPostgresTx(tx), timerId, now)) !== undefined;
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

  markOutboxDispatched(ids: readonly string[], at: string): Promise<void> {
    // Losing this mark in a crash only means a re-dispatch on boot, which every effect tolerates
    // (at-least-once), so it need not wait for the WAL flush.
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL synchronous_commit TO OFF`);
      await markDispatched(tx, ids, at);
    });
  }
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
