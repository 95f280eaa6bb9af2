/**
 * The compiled model: a frozen, indexed graph per process. Produced by `compileBpmn`, read by the kernel.
 * Everything is plain data so a compiled model could be cached or shipped to a browser.
 */
import type { ElementType } from './registry.js';

/** An expression as classified at compile time (`=` → FEEL, `${…}` → JUEL, else a literal string). */
export type Expr =
  | { readonly kind: 'feel'; readonly source: string }
  | { readonly kind: 'juel'; readonly source: string }
  | { readonly kind: 'literal'; readonly value: string };

export type TimerDef =
  | { readonly kind: 'duration'; readonly expr: Expr }
  | { readonly kind: 'date'; readonly expr: Expr }
  | { readonly kind: 'cycle'; readonly expr: Expr };

/** What an event catches or throws. */
export type EventDef =
  | { readonly kind: 'none' }
  | { readonly kind: 'timer'; readonly timer: TimerDef; readonly workingCalendar: boolean }
  | { readonly kind: 'message'; readonly name: string; readonly correlationKey?: Expr }
  | { readonly kind: 'signal'; readonly name: string }
  /** `code` undefined on a catch = catch every error. */
  | { readonly kind: 'error'; readonly code?: string }
  | { readonly kind: 'escalation'; readonly code?: string }
  | { readonly kind: 'conditional'; readonly condition: Expr }
  | { readonly kind: 'link'; readonly name: string }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'compensate'; readonly activityRef?: string };

export interface Mapping {
  /** Source expression (FEEL/JUEL/literal). For a plain variable copy, a FEEL/JUEL path. */
  readonly source: Expr;
  readonly target: string;
}

export interface IoMapping {
  readonly inputs: readonly Mapping[];
  readonly outputs: readonly Mapping[];
}

export interface AssignmentDef {
  readonly assignee?: Expr;
  readonly candidateUsers?: Expr;
  readonly candidateGroups?: Expr;
  readonly dueDate?: Expr;
  readonly followUpDate?: Expr;
  readonly priority?: Expr;
  readonly formKey?: string;
}

export interface DeadlineDef {
  /** The attribute as written (an ISO duration, or an expression). */
  readonly duration: string;
  /** The same, classified: evaluated per task when it is an expression. */
  readonly durationExpr: Expr;
  readonly calendar: 'calendar' | 'working';
  readonly reminders: readonly { readonly before?: string; readonly every?: string }[];
  readonly escalations: readonly { readonly after?: string; readonly to?: string }[];
}

/** `zhifa:assignment`: candidates by organisation tree (resolved by the server against the org table). */
export interface OrgAssignmentDef {
  /** Unit id, or an expression yielding it (e.g. `=caseUnitId`). */
  readonly unit?: Expr;
  /** `self`, `upper`, `lower`... relative to `unit`. */
  readonly relation?: string;
  /** Section (科室) within the unit, e.g. `legal-affairs`. */
  readonly section?: string;
  readonly role?: string;
}

/**
 * `zhifa:signMode`: multi-approver mode of a user task — 会签 `all` (everyone) or `ratio` (that share of
 * signers), 或签 `any` (the first one), 依次 `sequential` (one after another). With `candidates` (a list
 * variable or expression) the task is compiled to multi-instance over it, one signer per iteration.
 */
export interface SignModeDef {
  readonly mode: string;
  readonly ratio?: number;
  /** Expression or variable name yielding the signers (user ids). */
  readonly candidates?: string;
}

/**
 * `zhifa:approval`: rules of an approval task. `resubmit`: after a 退回 from this task, whether the target
 * goes straight back here (`direct`) or runs the path again (`rerun`, default). `onEmptyAssignee`: when
 * nobody could be assigned, `auto-pass` (complete it) or `unit-admin` (candidates = the administrators of
 * the assignment unit). `onInitiator`: `auto-pass` when the approver is the instance's initiator.
 */
export interface ApprovalRulesDef {
  readonly resubmit?: 'direct' | 'rerun';
  readonly onEmptyAssignee?: 'auto-pass' | 'unit-admin';
  readonly onInitiator?: 'auto-pass';
}

export interface MultiInstanceDef {
  readonly sequential: boolean;
  readonly cardinality?: Expr;
  /** Expression (or variable name as JUEL/FEEL path) yielding the collection. */
  readonly collection?: Expr;
  readonly elementVariable?: string;
  readonly outputCollection?: string;
  readonly outputElement?: Expr;
  readonly completionCondition?: Expr;
}

export interface CallDef {
  readonly processId: Expr;
  /** camunda `variables="all"` on `camunda:in`, or zeebe default (propagate parent variables). */
  readonly inAll: boolean;
  readonly outAll: boolean;
  readonly inputs: readonly Mapping[];
  readonly outputs: readonly Mapping[];
}

export interface ScriptDef {
  readonly expr: Expr;
  readonly resultVariable?: string;
}

export interface DecisionDef {
  readonly decisionId: Expr;
  readonly resultVariable?: string;
}

export interface FlowNode {
  readonly id: string;
  readonly type: ElementType;
  readonly name?: Expr;
  /** Id of the enclosing scope: the process id or a subprocess id. */
  readonly scope: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly defaultFlow?: string;
  /** Event definition (start, end, intermediate, boundary events). */
  readonly event?: EventDef;
  /** Boundary events attached to this activity. */
  readonly boundaryEvents: readonly string[];
  readonly attachedTo?: string;
  /** Boundary: cancelActivity; event-subprocess start: isInterrupting. */
  readonly interrupting: boolean;
  /** Subprocess with triggeredByEvent. */
  readonly eventSubprocess: boolean;
  readonly forCompensation: boolean;
  /** Handler activity of this activity (via its compensation boundary event). */
  readonly compensationHandler?: string;
  readonly loop?: MultiInstanceDef;
  readonly io?: IoMapping;
  readonly assignment?: AssignmentDef;
  readonly deadline?: DeadlineDef;
  readonly orgAssignment?: OrgAssignmentDef;
  readonly signMode?: SignModeDef;
  readonly approval?: ApprovalRulesDef;
  /** `zhifa:caseCode`: this task issues the case code (一案一码). */
  readonly caseCode?: boolean;
  readonly job?: { readonly type: Expr; readonly retries: number };
  readonly script?: ScriptDef;
  readonly call?: CallDef;
  readonly decision?: DecisionDef;
  readonly message?: { readonly name: string; readonly correlationKey?: Expr };
}

export interface SequenceFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly condition?: Expr;
}

/** The content of a process or a subprocess. */
export interface Scope {
  readonly id: string;
  /** None start events (normally one). */
  readonly noneStarts: readonly string[];
  /** All start events directly in this scope. */
  readonly starts: readonly string[];
  readonly eventSubprocesses: readonly string[];
  /** Link catch events by link name. */
  readonly linkTargets: Readonly<Record<string, string>>;
}

export interface CompiledProcess {
  readonly id: string;
  readonly name?: string;
  readonly nodes: Readonly<Record<string, FlowNode>>;
  readonly flows: Readonly<Record<string, SequenceFlow>>;
  readonly scopes: Readonly<Record<string, Scope>>;
  /** For every inclusive gateway: ids of the nodes from which it can be reached (join evaluation). */
  readonly reachesInclusive: Readonly<Record<string, readonly string[]>>;
}

export interface CompiledDefinitions {
  readonly processes: readonly CompiledProcess[];
  readonly byId: Readonly<Record<string, CompiledProcess>>;
}
