/**
 * Public surface of the Engine service (the unit of work). The server and the conformance runner talk to
 * the engine only through this.
 */
import type { JsonObject } from '../json.js';
import type {
  AssignmentResolver,
  Clock,
  DefinitionRecord,
  DefinitionRepository,
  EffectListener,
  IdGenerator,
  InstanceStore,
  JobQueue,
  TimerScheduler,
} from '../ports.js';
import type { ReturnTarget } from '../kernel/approval-return.js';
import type { ApprovalOutcome, DecisionResolver, InstanceState, KernelContext, Resubmit, SignPosition } from '../kernel/types.js';
import type { CompiledProcess } from '../model/model.js';
import type { InstanceRecord, TaskRecord } from '../ports.js';

export interface EngineDeps {
  readonly store: InstanceStore;
  readonly definitions: DefinitionRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timers?: TimerScheduler;
  readonly jobs?: JobQueue;
  readonly listeners?: readonly EffectListener[];
  /** Decisions for business rule tasks (DMN), by decision id. */
  readonly decisions?: DecisionResolver;
  /** Functions callable from FEEL/JUEL expressions; default: `calendarFunctions` over the built-in calendar. */
  readonly expressionFunctions?: KernelContext['functions'];
  /** Working-day arithmetic for `zhifa:timerCalendar` / working deadlines; default: the built-in calendar. */
  readonly addWorkingDuration?: KernelContext['addWorkingDuration'];
  /** Attempts of one unit of work on version conflicts (default 5). */
  readonly maxAttempts?: number;
  /** Resolves `zhifa:assignment` to candidates inside the unit of work (without it, tasks keep the raw spec). */
  readonly assignments?: AssignmentResolver;
  /** 催办: at most one urge per task in this many minutes (default 30). */
  readonly urgeIntervalMinutes?: number;
}

export interface DeployResult {
  readonly deploymentId: string;
  readonly definitions: readonly DefinitionRecord[];
}

export interface StartInput {
  readonly variables?: JsonObject;
  readonly businessKey?: string;
  /** A specific definition version (default: latest of the process id). */
  readonly definitionId?: string;
  /** Start event to start at (default: the none start event). */
  readonly startEventId?: string;
  /**
   * The user starting it: kept in the state for 撤回 and the `onInitiator` rule, and stored as the
   * instance's `startedBy` in the start's transaction.
   */
  readonly initiator?: string;
  /** The org unit owning the instance (visibility rules), stored with the instance row in the same transaction. */
  readonly ownerUnitId?: string;
}

export interface StartResult {
  readonly instanceId: string;
  readonly definitionId: string;
}

export interface CorrelateResult {
  /** Instances whose waiting subscription received the message. */
  readonly correlated: number;
  /** Instances started by a message start event. */
  readonly started: number;
  readonly instanceIds: readonly string[];
}

export interface BroadcastResult {
  readonly delivered: number;
  readonly started: number;
  readonly instanceIds: readonly string[];
}

export interface InstanceView {
  readonly record: InstanceRecord;
  readonly state: InstanceState;
  readonly model: CompiledProcess;
  /** Tasks and catch events waiting (failed ones carry an incident). */
  readonly waiting: readonly { readonly elementInstanceId: string; readonly elementId: string; readonly status: string }[];
  /** Open subprocesses and call activities. */
  readonly scopes: readonly { readonly elementInstanceId: string; readonly elementId: string }[];
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface CompleteOptions {
  readonly actor?: string;
  readonly outcome?: ApprovalOutcome;
  readonly opinion?: string;
}

/** Reassignment (转办/委托) and rescheduling of an open user task; absent fields stay as they are. */
export interface TaskChanges {
  readonly assignee?: string | null;
  readonly candidateUsers?: readonly string[];
  readonly candidateGroups?: readonly string[];
  readonly dueAt?: string | null;
  readonly actor?: string;
}

/** What the server / runner can ask of the engine. Every method is one (or a few chained) units of work. */
export interface EngineApi {
  /** Compile and store every executable process of the XML as a new version; (re)arms start timers and
   *  message/signal start subscriptions of the new latest versions. Throws `DeployError`. */
  deploy(xml: string, options?: { readonly name?: string }): Promise<DeployResult>;
  startProcess(processId: string, input?: StartInput): Promise<StartResult>;
  /** Completes a task, optionally with an outcome (通过/不通过) and an opinion (审批意见), kept as task-local
   *  variables `outcome` / `opinion` and in the audit entry. A delegated task (委派) is refused (409) until resolved. */
  completeTask(taskId: string, variables?: JsonObject, options?: CompleteOptions): Promise<void>;
  /** An open task row (undefined once completed or cancelled). */
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  /** Open tasks of one instance (co-signer tasks included). */
  instanceTasks(instanceId: string): Promise<readonly TaskRecord[]>;
  /** Claims an unassigned task (409 when someone holds it). */
  claimTask(taskId: string, userId: string): Promise<void>;
  /** Gives a claimed task back to its candidates. */
  unclaimTask(taskId: string, by: string): Promise<void>;
  /** 转办: the task goes to `userId` for good. */
  transferTask(taskId: string, userId: string, by: string, reason?: string): Promise<void>;
  /** 委派: owner := current assignee (or `by`), assignee := `userId`, delegation pending. */
  delegateTask(taskId: string, userId: string, by: string, reason?: string): Promise<void>;
  /** Ends a delegation: the task goes back to its owner. */
  resolveTask(taskId: string, by: string, opinion?: string): Promise<void>;
  /** 退回 targets: user tasks this instance completed upstream of the task in its scope chain. */
  returnTargets(taskId: string): Promise<readonly ReturnTarget[]>;
  /** 退回: cancels the work the target leads to in its scope and starts the target again (400 if not a target). */
  returnTask(taskId: string, targetActivityId: string, reason: string, options: { readonly by: string; readonly resubmit?: Resubmit }): Promise<void>;
  /** 撤回 by the previous approver or the initiator while the next step is untouched (else 409). */
  withdraw(instanceId: string, by: string, options?: { readonly initiator?: string; readonly reason?: string }): Promise<void>;
  /** 加签 before / after / in parallel on an open task (409 when it is not open). */
  addSign(taskId: string, userIds: readonly string[], position: SignPosition, by: string, reason?: string): Promise<void>;
  /** 减签: removes a signer that add-sign added and who has not signed yet. `instanceId` is needed when the
   *  task's own handler already signed (its row left the inbox while co-signers are pending). */
  removeSign(taskId: string, userId: string, by: string, reason?: string, options?: { readonly instanceId?: string }): Promise<void>;
  /** 催办: notifies the current handler; once per task per interval (else `RateLimitedError`, 429). */
  urgeTask(taskId: string, by: string, options?: { readonly message?: string; readonly minIntervalMinutes?: number }): Promise<void>;
  /** 抄送: notifies users / units about the instance (audit entry + `notification.requested` effect). */
  cc(instanceId: string, by: string, recipients: { readonly userIds?: readonly string[]; readonly unitIds?: readonly string[] }, message?: string): Promise<void>;
  /** Changes assignee, candidates or due date of an open task (`null` clears); emits `task.updated`. */
  updateTask(taskId: string, changes: TaskChanges): Promise<void>;
  completeJob(jobId: string, variables?: JsonObject): Promise<void>;
  /** `retryBackoff`: ISO 8601 duration; the job is not offered again before now + backoff. */
  failJob(jobId: string, retries: number, message: string, options?: { readonly retryBackoff?: string }): Promise<void>;
  throwJobError(jobId: string, errorCode: string, options?: { readonly message?: string; readonly variables?: JsonObject }): Promise<void>;
  correlateMessage(input: { readonly name: string; readonly correlationKey?: string; readonly variables?: JsonObject }): Promise<CorrelateResult>;
  broadcastSignal(input: { readonly name: string; readonly variables?: JsonObject }): Promise<BroadcastResult>;
  /** Fire a due timer. Returns false when the timer is gone, already fired or not yet due. */
  fireTimer(timerId: string): Promise<boolean>;
  setVariables(instanceId: string, variables: JsonObject, options?: { readonly elementInstanceId?: string; readonly local?: boolean }): Promise<void>;
  /** Moves a running instance to another version of its process; `mapping` renames active elements (400 naming one that has no counterpart). */
  migrateInstance(instanceId: string, input: { readonly targetDefinitionId: string; readonly mapping: Readonly<Record<string, string>> }, actor?: string): Promise<void>;
  triggerReceiveTask(instanceId: string, elementInstanceId: string, variables?: JsonObject): Promise<void>;
  cancelInstance(instanceId: string, reason?: string): Promise<void>;
  /** Cancel one element instance and start `targetElementId` in the same scope (退回 / migration). */
  moveActivity(instanceId: string, elementInstanceId: string, targetElementId: string): Promise<void>;
  resolveIncident(incidentId: string): Promise<void>;
  /** Dispatch outbox rows left undispatched (call once on boot). */
  recover(): Promise<number>;
}
