/**
 * Ports: what the Engine service needs from the outside world, named by capability. Adapters implement
 * them (`InMemoryInstanceStore` in @zhifa/testing, `TypeormInstanceStore` in @zhifa/store-postgres, ...).
 *
 * Design rules (for adapter authors):
 * - Every record here is plain JSON-safe data with a string `id`; dates are ISO-8601 strings (UTC, `Z`).
 * - Instance state is an opaque JSON document (store it as `jsonb`); never inspect it in an adapter.
 * - All writes of one command happen inside ONE `InstanceStore.transaction(...)` call; the `tx` object it
 *   hands out must be passed to every repository method so a SQL adapter can run them on one connection.
 * - Optimistic locking: `updateInstance` must change exactly one row `WHERE id = $1 AND version = $2`
 *   and throw `VersionConflictError` otherwise. The Engine retries the whole unit of work (bounded).
 * - Projections (tasks, timers, subscriptions, jobs, incidents) are derived from instance state by the
 *   engine and handed to the store as upserts/deletes by id; the store keeps them as indexed rows for
 *   queries (inbox, due timers, message correlation) but the instance state stays the source of truth.
 * - History is append-only.
 */
import type { JsonObject } from './json.js';

export type { JsonObject, JsonValue } from './json.js';

// ---------------------------------------------------------------------------------------------------------
// Records

/** A deployed version of one executable process. `id` is unique per version (e.g. `proc:3`-like, opaque). */
export interface DefinitionRecord {
  readonly id: string;
  /** BPMN `process/@id`. Several versions share it. */
  readonly processId: string;
  /** 1, 2, 3 ... per processId, assigned by the store on insert (see `DefinitionRepository.insert`). */
  readonly version: number;
  readonly name?: string;
  /** Id of the deployment (one XML file may hold several processes). */
  readonly deploymentId: string;
  /** The BPMN XML as deployed (the compiled model is rebuilt from it and cached by the Engine). */
  readonly xml: string;
  /** SHA-like fingerprint of the XML computed by the engine; lets the store skip duplicate deployments. */
  readonly checksum: string;
  readonly deployedAt: string;
}

/** Instance status as stored in its own column (for listing without reading state). */
export const InstanceStatus = {
  active: 'active',
  completed: 'completed',
  terminated: 'terminated',
  cancelled: 'cancelled',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

/** One process instance row. `state` is the kernel's JSON state; `version` the optimistic-lock counter. */
export interface InstanceRecord {
  readonly id: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly businessKey?: string;
  /** Set when started by a call activity. */
  readonly parentInstanceId?: string;
  /** Root of the call tree (itself when not called). */
  readonly rootInstanceId: string;
  readonly status: InstanceStatus;
  readonly state: JsonObject;
  /** Starts at 1 on insert; +1 on every successful update. */
  readonly version: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  /**
   * Who started the instance (the start's `initiator`) and the org unit that owns it. Written with the
   * instance row on insert, in the start's transaction, and never changed by `updateInstance`. Absent for
   * instances started by the system (timers, messages, call activities: those belong to their root).
   */
  readonly startedBy?: string;
  readonly ownerUnitId?: string;
}

/** An open user task (the inbox row). Removed (deleted) when completed or cancelled; history keeps the trail. */
export interface TaskRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly definitionId: string;
  readonly processId: string;
  /** BPMN element id of the user task. */
  readonly elementId: string;
  /** Element instance the task belongs to (stable across updates). */
  readonly elementInstanceId: string;
  readonly name?: string;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly dueAt?: string;
  readonly followUpAt?: string;
  readonly priority?: number;
  readonly formKey?: string;
  readonly createdAt: string;
  /** `zhifa:assignment` (unit already evaluated): candidates by org tree, resolved by the server. */
  readonly orgAssignment?: {
    readonly unit?: string;
    readonly relation?: string;
    readonly section?: string;
    readonly role?: string;
  };
  /** `zhifa:signMode` of a countersign (会签) task. */
  readonly signMode?: { readonly mode: string; readonly ratio?: number };
  /** 委派: the owner the task returns to once the delegate resolves it. */
  readonly owner?: string;
  /** 委派 state: `pending` while the delegate holds it (completion refused), `resolved` after. */
  readonly delegation?: 'pending' | 'resolved';
  /** 加签 in parallel: the task this co-signer task belongs to. */
  readonly coSignOf?: string;
  /** 加签 in parallel: the handler of the task this co-signer task belongs to (who may remove the co-signer). */
  readonly coSignHandler?: string;
  /** The step whose completion created this task (for 撤回). */
  readonly previous?: { readonly elementInstanceId: string; readonly elementId: string; readonly by?: string };
  /** `zhifa:deadline` reminders/escalations (relative to `dueAt`), for the deadline scheduler. */
  readonly deadline?: {
    readonly calendar: 'calendar' | 'working';
    readonly reminders: readonly { readonly before?: string; readonly every?: string }[];
    readonly escalations: readonly { readonly after?: string; readonly to?: string }[];
  };
}

/** Kinds of timer: on an instance (catch/boundary/event-subprocess) or on a definition (timer start event). */
export interface TimerRecord {
  readonly id: string;
  /** Absent for timer start events (they belong to the definition). */
  readonly instanceId?: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly dueAt: string;
  /** Repetitions still to schedule after this one (`null` = unbounded, absent = not a cycle). */
  readonly remaining?: number | null;
  /** Cycle interval (ISO duration or `cron:<expr>`), for computing the next occurrence. */
  readonly interval?: string;
}

export const SubscriptionKind = { message: 'message', signal: 'signal', conditional: 'conditional' } as const;
export type SubscriptionKind = (typeof SubscriptionKind)[keyof typeof SubscriptionKind];

/** An open event subscription. Message/signal start events have no `instanceId`. */
export interface SubscriptionRecord {
  readonly id: string;
  readonly kind: SubscriptionKind;
  readonly instanceId?: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly elementId: string;
  /** Message or signal name (absent for conditional). */
  readonly name?: string;
  /** Evaluated correlation key (messages only, when the model defines one). */
  readonly correlationKey?: string;
}

/** An external job (service task worker item). Deleted when completed or cancelled. */
export interface JobRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly elementInstanceId: string;
  /** `zeebe:taskDefinition type` or camunda external `topic`. */
  readonly type: string;
  readonly retries: number;
  readonly createdAt: string;
  /** Variables visible at the job when it was created (a worker's input). */
  readonly variables: JsonObject;
  /** Set after a failure with a retry backoff: workers are not offered the job before this time (ISO). */
  readonly notBefore?: string;
}

export interface JobFilter {
  readonly type?: string;
  readonly instanceId?: string;
  readonly limit?: number;
  readonly availableAt?: string;
}

/** A failure recorded in the instance that needs a human (or a retry) before it can continue. */
export interface IncidentRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly elementInstanceId: string;
  /** Stable code: `NO_OUTGOING_FLOW`, `EXPRESSION_FAILED`, `JOB_FAILED`, `UNHANDLED_ERROR`, `DECISION_FAILED` ... */
  readonly kind: string;
  readonly message: string;
  readonly createdAt: string;
}

/** Append-only history row (one per kernel event). `seq` orders rows of one instance. */
export interface HistoryRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly seq: number;
  /** Event type, e.g. `element.completed`, `flow.taken`, `variable.set` (see `KernelEvent`). */
  readonly type: string;
  readonly elementId?: string;
  readonly elementInstanceId?: string;
  readonly at: string;
  /** Who caused it (user id), when known. */
  readonly actor?: string;
  readonly data: JsonObject;
}

/** An effect to dispatch after commit (transactional outbox). */
export interface OutboxRecord {
  readonly id: string;
  readonly instanceId?: string;
  readonly createdAt: string;
  /** The effect itself (`Effect` from the kernel, as JSON). */
  readonly effect: JsonObject;
  readonly dispatchedAt?: string;
}

/** Upserts and deletes of projection rows in one commit. Upsert = insert or replace by `id`. */
export interface ProjectionChanges {
  readonly tasks: { readonly upsert: readonly TaskRecord[]; readonly delete: readonly string[] };
  readonly timers: { readonly upsert: readonly TimerRecord[]; readonly delete: readonly string[] };
  readonly subscriptions: { readonly upsert: readonly SubscriptionRecord[]; readonly delete: readonly string[] };
  readonly jobs: { readonly upsert: readonly JobRecord[]; readonly delete: readonly string[] };
  readonly incidents: { readonly upsert: readonly IncidentRecord[]; readonly delete: readonly string[] };
}

// ---------------------------------------------------------------------------------------------------------
// Queries

export interface TaskQuery {
  readonly instanceId?: string;
  readonly elementId?: string;
  readonly assignee?: string;
  /** Tasks where the user is assignee, candidate user, or in one of the candidate groups. */
  readonly visibleTo?: { readonly userId: string; readonly groups: readonly string[] };
  readonly limit?: number;
  readonly offset?: number;
}

export interface InstanceQuery {
  readonly processId?: string;
  readonly status?: InstanceStatus;
  readonly parentInstanceId?: string;
  readonly rootInstanceId?: string;
  readonly limit?: number;
  readonly offset?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Ports

/**
 * An open transaction. Adapters put what they need in it (a TypeORM `EntityManager`, a pg client); the
 * engine only passes it along. One transaction = one unit of work.
 */
export interface StoreTransaction {
  /** Adapter-defined; the engine never reads it. */
  readonly kind: string;
}

/**
 * Persistence of instances and their projections. Every method taking `tx` runs inside the transaction
 * opened by `transaction`; methods without `tx` are plain reads outside any unit of work.
 */
export interface InstanceStore {
  /**
   * Run `work` in one transaction: commit when it resolves, roll back when it throws (and rethrow). A SQL
   * adapter uses READ COMMITTED plus the version check on `updateInstance`.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;

  /** Insert a new instance (version must be 1), with its `startedBy`/`ownerUnitId` when given. */
  insertInstance(tx: StoreTransaction, instance: InstanceRecord): Promise<void>;
  /** Load an instance (inside the unit of work, so it reads the latest committed version). */
  getInstance(tx: StoreTransaction, instanceId: string): Promise<InstanceRecord | undefined>;
  /**
   * Replace state/status/endedAt where `version = expectedVersion`, setting `version = expectedVersion + 1`.
   * Throws `VersionConflictError` when no row matched — an adapter that holds writes back (see `flush`) throws
   * it from `flush` or `transaction` instead; either way the transaction rolls back and the engine retries.
   */
  updateInstance(
    tx: StoreTransaction,
    update: {
      readonly id: string;
      readonly expectedVersion: number;
      readonly state: JsonObject;
      readonly status: InstanceStatus;
      readonly endedAt?: string;
      /** Set only by a migration to another version of the process. */
      readonly definitionId?: string;
    },
  ): Promise<void>;

  /** Apply projection upserts/deletes (rows of any instance, or of definitions for start events). */
  applyProjections(tx: StoreTransaction, changes: ProjectionChanges): Promise<void>;
  appendHistory(tx: StoreTransaction, records: readonly HistoryRecord[]): Promise<void>;
  appendOutbox(tx: StoreTransaction, records: readonly OutboxRecord[]): Promise<void>;
  /**
   * Optional, for adapters that hold the writes above back to send them together (one round trip): send
   * them now. The engine calls it when a unit of work has made all its writes, so the unit holds its row
   * locks from then on as if every write had gone out at once; the adapter must also send what is still
   * held back before any read on `tx` and before commit.
   */
  flush?(tx: StoreTransaction): Promise<void>;

  /** Open message subscriptions with this name, oldest first; when `correlationKey` is given, only those whose
   *  key equals it or that have no key. Includes message start events (no `instanceId`). */
  findMessageSubscriptions(
    tx: StoreTransaction,
    name: string,
    correlationKey?: string,
  ): Promise<readonly SubscriptionRecord[]>;
  /** Open signal subscriptions with this name (instances and signal start events). */
  findSignalSubscriptions(tx: StoreTransaction, name: string): Promise<readonly SubscriptionRecord[]>;
  /** Conditional subscriptions of one instance. */
  findSubscriptionsOfInstance(tx: StoreTransaction, instanceId: string): Promise<readonly SubscriptionRecord[]>;

  getTask(tx: StoreTransaction, taskId: string): Promise<TaskRecord | undefined>;
  getJob(tx: StoreTransaction, jobId: string): Promise<JobRecord | undefined>;
  getTimer(tx: StoreTransaction, timerId: string): Promise<TimerRecord | undefined>;
  getIncident(tx: StoreTransaction, incidentId: string): Promise<IncidentRecord | undefined>;
  /**
   * Claim a timer for firing: atomically mark it fired if it exists, is not fired yet and `dueAt <= now`.
   * Returns false otherwise (a duplicate delivery or a timer that was cancelled); the caller then does nothing.
   */
  markTimerFired(tx: StoreTransaction, timerId: string, now: string): Promise<boolean>;

  /** Timers not yet fired with `dueAt <= until`, oldest first. */
  findDueTimers(until: string, limit: number): Promise<readonly TimerRecord[]>;
  /** All timers not yet fired (for reconcilers and tests), by dueAt. */
  listTimers(filter?: { readonly instanceId?: string; readonly definitionId?: string }): Promise<readonly TimerRecord[]>;
  listSubscriptions(filter?: {
    readonly instanceId?: string;
    readonly definitionId?: string;
    readonly kind?: SubscriptionKind;
  }): Promise<readonly SubscriptionRecord[]>;
  listTasks(query: TaskQuery): Promise<readonly TaskRecord[]>;
  /** Open jobs by creation time. With `availableAt` (ISO), only those a worker may take then: no `notBefore` after it. */
  listJobs(filter: JobFilter): Promise<readonly JobRecord[]>;
  listIncidents(filter: { readonly instanceId?: string }): Promise<readonly IncidentRecord[]>;
  findInstance(instanceId: string): Promise<InstanceRecord | undefined>;
  listInstances(query: InstanceQuery): Promise<readonly InstanceRecord[]>;
  /** History of one instance ordered by `seq`. */
  listHistory(instanceId: string): Promise<readonly HistoryRecord[]>;

  /** Outbox rows not yet dispatched (re-dispatched on boot), oldest first. */
  listUndispatchedOutbox(limit: number): Promise<readonly OutboxRecord[]>;
  markOutboxDispatched(ids: readonly string[], at: string): Promise<void>;
}

/** Deployed process definitions. */
export interface DefinitionRepository {
  /**
   * Store a new version. The repository assigns `version` = (highest version of `processId`) + 1 and returns
   * the stored record. Runs inside the deploy transaction.
   */
  insert(tx: StoreTransaction, definition: Omit<DefinitionRecord, 'version'>): Promise<DefinitionRecord>;
  get(definitionId: string): Promise<DefinitionRecord | undefined>;
  /** Highest version of the process, if any. */
  latest(processId: string): Promise<DefinitionRecord | undefined>;
  list(filter?: { readonly processId?: string }): Promise<readonly DefinitionRecord[]>;
}

/** The current time. Production: the system clock; tests: a manual clock. */
export interface Clock {
  now(): Date;
}

/** Unique ids (UUIDs in production; counters in tests). Must not contain `:` (BullMQ job ids). */
export interface IdGenerator {
  newId(): string;
}

/**
 * Wakes the engine when a timer is due. The timer table is the truth; the scheduler is only an alarm that
 * calls `Engine.fireTimer(timerId)` at or after `dueAt`. Delivering twice or late is safe.
 */
export interface TimerScheduler {
  schedule(timer: TimerRecord): Promise<void>;
  cancel(timerId: string): Promise<void>;
}

/** Tells workers a job is available (the job row is the truth; workers may also poll `listJobs`). */
export interface JobQueue {
  publish(job: JobRecord): Promise<void>;
  withdraw(jobId: string): Promise<void>;
}

/** Receives dispatched effects after commit (notifications, webhooks, metrics). Optional. */
export interface EffectListener {
  onEffect(effect: JsonObject, instanceId: string | undefined): Promise<void>;
}

/** A task's `zhifa:assignment` (unit already evaluated) to turn into people. */
export interface AssignmentRequest {
  readonly instanceId: string;
  readonly taskId: string;
  readonly elementId: string;
  readonly orgAssignment: {
    /** Org unit id (the evaluated unit expression). */
    readonly unit?: string;
    /** `self` (default): the unit itself; `upper`: the unit one level up (上级业务主管部门). */
    readonly relation?: string;
    /** Unit tag of a section (科室) to look for from there, e.g. `legal-affairs` (法制科). */
    readonly section?: string;
    /** Membership role (`leader`, `member`, `admin`): named users; absent: the unit as a candidate group. */
    readonly role?: string;
  };
}

/** Candidates for a task. Groups are org unit ids. */
export interface AssignmentResolution {
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
}

/**
 * Resolves organisation-based assignment inside the unit of work, before commit (so a task is never visible
 * without its candidates). Must read only; runs in the command's transaction.
 */
export interface AssignmentResolver {
  resolve(tx: StoreTransaction, request: AssignmentRequest): Promise<AssignmentResolution>;
}
