/**
 * Public surface of the Engine service (the unit of work). The server and the conformance runner talk to
 * the engine only through this.
 */
import type { JsonObject } from '../json.js';
import type {
  Clock,
  DefinitionRecord,
  DefinitionRepository,
  EffectListener,
  IdGenerator,
  InstanceStore,
  JobQueue,
  TimerScheduler,
} from '../ports.js';
import type { DecisionResolver, InstanceState, KernelContext } from '../kernel/types.js';
import type { CompiledProcess } from '../model/model.js';
import type { InstanceRecord } from '../ports.js';

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
  completeTask(taskId: string, variables?: JsonObject, options?: { readonly actor?: string }): Promise<void>;
  /** Changes assignee, candidates or due date of an open task (`null` clears); emits `task.updated`. */
  updateTask(taskId: string, changes: TaskChanges): Promise<void>;
  completeJob(jobId: string, variables?: JsonObject): Promise<void>;
  failJob(jobId: string, retries: number, message: string): Promise<void>;
  throwJobError(jobId: string, errorCode: string, options?: { readonly message?: string; readonly variables?: JsonObject }): Promise<void>;
  correlateMessage(input: { readonly name: string; readonly correlationKey?: string; readonly variables?: JsonObject }): Promise<CorrelateResult>;
  broadcastSignal(input: { readonly name: string; readonly variables?: JsonObject }): Promise<BroadcastResult>;
  /** Fire a due timer. Returns false when the timer is gone, already fired or not yet due. */
  fireTimer(timerId: string): Promise<boolean>;
  setVariables(instanceId: string, variables: JsonObject, options?: { readonly elementInstanceId?: string; readonly local?: boolean }): Promise<void>;
  triggerReceiveTask(instanceId: string, elementInstanceId: string, variables?: JsonObject): Promise<void>;
  cancelInstance(instanceId: string, reason?: string): Promise<void>;
  /** Cancel one element instance and start `targetElementId` in the same scope (退回 / migration). */
  moveActivity(instanceId: string, elementInstanceId: string, targetElementId: string): Promise<void>;
  resolveIncident(incidentId: string): Promise<void>;
  /** Dispatch outbox rows left undispatched (call once on boot). */
  recover(): Promise<number>;
}
