/**
 * Kernel data: instance state, commands, effects and history events. All JSON-serialisable: a state that
 * went through `JSON.parse(JSON.stringify(state))` behaves identically.
 */
import type { JsonObject, JsonValue } from '../json.js';

export type Variables = JsonObject;

/** Why an element instance exists beyond "a token arrived". */
export const Role = {
  /** The process instance itself (root scope). */
  root: 'process',
  /** A flow node reached by a token. */
  node: 'node',
  /** Multi-instance body that owns the inner instances. */
  miBody: 'mi-body',
  /** One iteration of a multi-instance activity. */
  miInner: 'mi-inner',
  /** A compensation handler started by a compensation throw. */
  compensation: 'compensation',
  /** A co-signer added in parallel (加签) to a running user task; a child of that task. */
  sign: 'sign',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ElementStatus = {
  /** Created, its activation is on the agenda. */
  ready: 'ready',
  /** Waiting for an outside trigger (task, catch event, scope with children). */
  waiting: 'waiting',
  /** A token waiting at a joining gateway. */
  joining: 'joining',
  /** Stuck on an incident. */
  failed: 'failed',
} as const;
export type ElementStatus = (typeof ElementStatus)[keyof typeof ElementStatus];

export interface UserTaskState {
  name?: string;
  assignee?: string;
  candidateUsers: string[];
  candidateGroups: string[];
  dueAt?: string;
  followUpAt?: string;
  priority?: number;
  formKey?: string;
  createdAt: string;
  /** `zhifa:assignment` with the unit evaluated; the server resolves it to people. */
  orgAssignment?: OrgAssignment;
  /** `zhifa:signMode` of the (multi-instance) task. */
  signMode?: { mode: string; ratio?: number };
  /** `zhifa:deadline` reminders and escalations, for the deadline scheduler. */
  deadline?: TaskDeadline;
  /** 委派: the user the task returns to when the delegate resolves it. */
  owner?: string;
  /** 委派: `pending` while the delegate works on it (completion refused until resolved). */
  delegation?: 'pending' | 'resolved';
  /** Claimed, reassigned or delegated by someone since it was created (撤回 is then refused). */
  touched?: boolean;
  /** 加签 before/after: handlers still to sign this task in turn after the current assignee. */
  signQueue?: string[];
  /** Users added by 加签 (only they may be removed by 减签). */
  addedSigners?: string[];
  /** The main handler signed; the task waits for its parallel co-signers (hidden from the inbox). */
  done?: boolean;
  /** The step whose completion created this task (for 撤回). */
  previous?: { elementInstanceId: string; elementId: string; by?: string };
}

/** A user task this instance completed (for 退回 targets and 撤回). */
export interface TrailEntry {
  elementInstanceId: string;
  elementId: string;
  /** Scope instance the task ran in (the process, a subprocess instance). */
  scopeId: string;
  by?: string;
  at: string;
  outcome?: ApprovalOutcome;
  opinion?: string;
  /** Element instances its completion created that still wait (tasks, jobs, catch events, joins). */
  next: string[];
}

/** 退回 with direct resubmission: completing `target` again goes straight back to `returnTo`. */
export interface ReturnMark {
  scopeId: string;
  target: string;
  returnTo: string;
  by?: string;
}

/** Outcome of an approval task: 通过 / 不通过. */
export const ApprovalOutcome = { approve: 'approve', reject: 'reject' } as const;
export type ApprovalOutcome = (typeof ApprovalOutcome)[keyof typeof ApprovalOutcome];

/** Where 加签 puts the added signers: before the current handler, after, or alongside. */
export const SignPosition = { before: 'before', after: 'after', parallel: 'parallel' } as const;
export type SignPosition = (typeof SignPosition)[keyof typeof SignPosition];

/** 退回 resubmission: straight back to the step that returned it, or along the path again. */
export const Resubmit = { direct: 'direct', rerun: 'rerun' } as const;
export type Resubmit = (typeof Resubmit)[keyof typeof Resubmit];

/** The approval operations recorded in history (one `task.operation` event each). */
export const ApprovalOperation = {
  complete: 'complete',
  claim: 'claim',
  unclaim: 'unclaim',
  reassign: 'reassign',
  transfer: 'transfer',
  delegate: 'delegate',
  resolve: 'resolve',
  return: 'return',
  withdraw: 'withdraw',
  addSign: 'add-sign',
  removeSign: 'remove-sign',
  sign: 'sign',
  cc: 'cc',
  urge: 'urge',
  autoPass: 'auto-pass',
} as const;
export type ApprovalOperation = (typeof ApprovalOperation)[keyof typeof ApprovalOperation];

export interface OrgAssignment {
  unit?: string;
  relation?: string;
  section?: string;
  role?: string;
}

export interface TaskDeadline {
  calendar: 'calendar' | 'working';
  reminders: { before?: string; every?: string }[];
  escalations: { after?: string; to?: string }[];
}

export interface JobState {
  type: string;
  retries: number;
  createdAt: string;
  variables: Variables;
  /** After a failure with a retry backoff: the job is not offered to workers before this time (ISO). */
  notBefore?: string;
}

export interface MultiInstanceState {
  total: number;
  completed: number;
  active: number;
  /** Next loopCounter to start (sequential). */
  next: number;
  items?: JsonValue[];
  outputs?: JsonValue[];
}

export interface CompensationRecord {
  /** Activity that completed and can be compensated. */
  activityId: string;
  handlerId: string;
  /** Subprocesses the activity was nested in (innermost first), for `activityRef` on an enclosing one. */
  via: string[];
  seq: number;
}

/** One element instance: a token at a flow node, or a scope (process, subprocess, MI body). */
export interface ElementInstance {
  id: string;
  elementId: string;
  /** Parent scope instance (null only for the process instance). */
  parentId: string | null;
  role: Role;
  status: ElementStatus;
  /** Local variables (scopes, io-mapped activities, MI iterations). */
  variables?: Variables;
  /** Sequence flow the token arrived by (joins). */
  via?: string;
  /** Catch event reached through an event-based gateway that already fired: complete at once. */
  triggered?: boolean;
  task?: UserTaskState;
  job?: JobState;
  mi?: MultiInstanceState;
  loopCounter?: number;
  /** Call activity: the child instance id. */
  childInstanceId?: string;
  /** Scope: completed compensable activities, in completion order. */
  compensable?: CompensationRecord[];
  /** Compensation throw: handlers still to run (last first) and the one running. */
  compensating?: { pending: CompensationRecord[]; running?: string };
  /** Compensation handler: the throw instance waiting for it. */
  compensationOf?: string;
  /** Event subprocess: the start event that triggered it. */
  startEventId?: string;
  startedAt: string;
}

export interface SubscriptionState {
  id: string;
  kind: 'timer' | 'message' | 'signal' | 'conditional';
  /** Catch/boundary/start event the trigger belongs to. */
  elementId: string;
  /** Element instance that owns it: the catch event, the activity (boundary), the scope (event
   *  subprocess start) or the event-based gateway. */
  ownerId: string;
  name?: string;
  correlationKey?: string;
  dueAt?: string;
  /** Timer cycles: repetitions left after this one (null = unbounded) and the interval. */
  remaining?: number | null;
  interval?: string;
}

export interface IncidentState {
  id: string;
  elementInstanceId: string;
  elementId: string;
  kind: string;
  message: string;
  createdAt: string;
  /** What resolving re-runs: the activation, the completion, or (jobs) re-opening the job. */
  retry: 'activate' | 'complete' | 'job';
}

export interface InstanceState {
  schema: 1;
  id: string;
  processId: string;
  definitionId: string;
  status: 'active' | 'completed' | 'terminated' | 'cancelled';
  rootInstanceId: string;
  parent?: { instanceId: string; elementInstanceId: string };
  businessKey?: string;
  elements: Record<string, ElementInstance>;
  subscriptions: Record<string, SubscriptionState>;
  incidents: Record<string, IncidentState>;
  /** Monotonic counter for compensation order. */
  seq: number;
  /** Number of history events emitted so far (history rows are numbered from it). */
  eventCount: number;
  /** Who started the instance (for 撤回 and the initiator rule), when the caller said. */
  initiator?: string;
  /** User tasks completed so far, in order. */
  trail?: TrailEntry[];
  /** Open 退回 marks with direct resubmission. */
  returns?: ReturnMark[];
  /** Last 催办 per task id (rate limit). */
  urgedAt?: Record<string, string>;
  startedAt: string;
  endedAt?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Commands

export type Command =
  | { type: 'process.start'; startEventId?: string; variables?: Variables; trigger?: Variables; initiator?: string }
  | {
      type: 'task.complete';
      taskId: string;
      variables?: Variables;
      actor?: string;
      outcome?: ApprovalOutcome;
      opinion?: string;
      /** Completed by a rule, not a person (`empty-assignee`, `initiator`). */
      autoPass?: 'empty-assignee' | 'initiator';
    }
  | { type: 'task.transfer'; taskId: string; userId: string; by: string; reason?: string }
  | { type: 'task.delegate'; taskId: string; userId: string; by: string; reason?: string }
  | { type: 'task.resolve'; taskId: string; by: string; opinion?: string }
  | { type: 'task.return'; taskId: string; targetElementId: string; by: string; reason: string; resubmit?: Resubmit }
  | { type: 'instance.withdraw'; by: string; initiator?: string; reason?: string }
  | { type: 'task.addSign'; taskId: string; userIds: readonly string[]; position: SignPosition; by: string; reason?: string }
  | { type: 'task.removeSign'; taskId: string; userId: string; by: string; reason?: string }
  | { type: 'task.urge'; taskId: string; by: string; minIntervalMinutes: number; message?: string }
  | { type: 'instance.cc'; by: string; userIds: readonly string[]; unitIds: readonly string[]; message?: string }
  | {
      type: 'task.update';
      taskId: string;
      assignee?: string | null;
      candidateUsers?: readonly string[];
      candidateGroups?: readonly string[];
      dueAt?: string | null;
      actor?: string;
      /** Claim: refused (409) when someone else holds the task; decided inside the unit of work. */
      ifUnassigned?: boolean;
    }
  | { type: 'job.complete'; jobId: string; variables?: Variables }
  /** `retryBackoff`: ISO 8601 duration from now before the job is offered again (Zeebe's retry backoff). */
  | { type: 'job.fail'; jobId: string; retries: number; message: string; retryBackoff?: string }
  | { type: 'job.throwError'; jobId: string; errorCode: string; message?: string; variables?: Variables }
  | { type: 'message.correlate'; subscriptionId: string; variables?: Variables }
  | { type: 'signal.broadcast'; name: string; variables?: Variables }
  | { type: 'timer.fire'; timerId: string }
  | { type: 'variables.set'; variables: Variables; elementInstanceId?: string; local?: boolean }
  | { type: 'receive.trigger'; elementInstanceId: string; variables?: Variables }
  | { type: 'child.completed'; elementInstanceId: string; variables: Variables }
  | { type: 'child.failed'; elementInstanceId: string; message: string }
  | { type: 'child.thrown'; elementInstanceId: string; kind: 'error' | 'escalation'; code?: string }
  | { type: 'instance.cancel'; reason?: string }
  | { type: 'activity.move'; elementInstanceId: string; targetElementId: string }
  | { type: 'incident.resolve'; incidentId: string };

export type CommandType = Command['type'];

// ---------------------------------------------------------------------------------------------------------
// Effects: what should happen outside the instance after commit

export type Effect =
  | { type: 'child.start'; childInstanceId: string; processId: string; variables: Variables; parentElementInstanceId: string; businessKey?: string }
  | { type: 'child.cancel'; childInstanceId: string }
  | { type: 'instance.ended'; status: InstanceState['status']; variables: Variables; parent?: { instanceId: string; elementInstanceId: string } }
  | { type: 'message.thrown'; name: string; correlationKey?: string; variables: Variables; elementId: string }
  | { type: 'signal.thrown'; name: string; variables: Variables; elementId: string }
  | { type: 'escalation.unhandled'; code?: string; elementId: string }
  | { type: 'event.propagated'; kind: 'error' | 'escalation'; code?: string; parent: { instanceId: string; elementInstanceId: string } }
  | { type: 'timer.scheduled'; timerId: string; elementId: string; dueAt: string }
  | { type: 'timer.cancelled'; timerId: string }
  | { type: 'task.created'; taskId: string; elementId: string; assignee?: string; candidateUsers: string[]; candidateGroups: string[]; dueAt?: string; name?: string }
  | { type: 'task.updated'; taskId: string; elementId: string; assignee?: string }
  | { type: 'task.completed'; taskId: string; elementId: string; actor?: string }
  | { type: 'task.cancelled'; taskId: string; elementId: string }
  | { type: 'job.created'; jobId: string; elementId: string; jobType: string }
  | { type: 'job.cancelled'; jobId: string }
  | { type: 'incident.created'; incidentId: string; elementId: string; kind: string; message: string }
  | { type: 'incident.resolved'; incidentId: string }
  /** 抄送 / 催办 and notices of approval operations: for the notification outbox, never a state change. */
  | {
      type: 'notification.requested';
      kind: ApprovalOperation;
      by?: string;
      userIds: string[];
      unitIds: string[];
      taskId?: string;
      elementId?: string;
      message?: string;
    };

// ---------------------------------------------------------------------------------------------------------
// History events

export type KernelEvent =
  | { type: 'instance.started'; at: string; processId: string }
  | { type: 'instance.ended'; at: string; status: InstanceState['status'] }
  | { type: 'element.started'; at: string; elementId: string; elementInstanceId: string }
  | { type: 'element.completed'; at: string; elementId: string; elementInstanceId: string }
  | { type: 'element.cancelled'; at: string; elementId: string; elementInstanceId: string }
  | { type: 'flow.taken'; at: string; elementId: string }
  | { type: 'variable.set'; at: string; name: string; value: JsonValue; elementInstanceId: string }
  | { type: 'incident.created'; at: string; elementId: string; elementInstanceId: string; kind: string; message: string }
  | { type: 'incident.resolved'; at: string; elementId: string; elementInstanceId: string }
  /** Moved to another version of the process (admin migration), with the elements renamed on the way. */
  | { type: 'instance.migrated'; at: string; fromDefinitionId: string; toDefinitionId: string; moved: { from: string; to: string }[]; actor?: string }
  /** A business rule task evaluated a decision: version, inputs, matched rules and the result. */
  | { type: 'decision.evaluated'; at: string; elementId: string; elementInstanceId: string; applied: AppliedDecision; result: JsonValue }
  /** One approval operation (audit entry): who, when, on what, why. */
  | {
      type: 'task.operation';
      at: string;
      operation: ApprovalOperation;
      actor?: string;
      elementId: string;
      elementInstanceId: string;
      reason?: string;
      opinion?: string;
      outcome?: ApprovalOutcome;
      /** Users the operation names (transfer/delegate target, added signers, cc recipients...). */
      users?: string[];
      units?: string[];
      /** 退回 target / 撤回 reactivated step. */
      target?: string;
      resubmit?: Resubmit;
    };

/** Looks up a deployed decision for business rule tasks (kept outside so the kernel stays pure). */
export type DecisionResolver = (
  decisionId: string,
  variables: Readonly<Record<string, unknown>>,
) => { ok: true; result: JsonValue; applied?: AppliedDecision } | { ok: false; error: string; ruleIds?: readonly string[] };

/** What a business rule task applied — recorded in history: "which row applied, and why". */
export interface AppliedDecision {
  readonly decisionId: string;
  readonly decisionName?: string;
  /** The stored decision definition (DMN resource version) evaluated, when the resolver knows it. */
  readonly definitionId?: string;
  readonly version?: number;
  /** Input values by column label / expression, of the decision the task called. */
  readonly inputs: JsonObject;
  readonly matchedRules: readonly {
    readonly decisionId: string;
    readonly ruleId: string;
    readonly ruleIndex: number;
    readonly annotations: Readonly<Record<string, string>>;
    readonly outputs: JsonObject;
  }[];
}

export interface KernelContext {
  readonly now: Date;
  readonly newId: () => string;
  readonly decide?: DecisionResolver;
  /** Extra functions callable from expressions (e.g. the working-day calendar's `addWorkingDays`). */
  readonly functions?: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  /** Steps one command may take without reaching a wait state (default MAX_OPERATIONS). */
  readonly maxSteps?: number;
  /** Adds working days/durations for `zhifa:timerCalendar calendar="working"`; calendar time when absent. */
  readonly addWorkingDuration?: (fromIso: string, isoDuration: string) => string;
}

export interface TransitionResult {
  readonly state: InstanceState;
  readonly effects: readonly Effect[];
  readonly events: readonly KernelEvent[];
}
