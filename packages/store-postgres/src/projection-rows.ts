import type {
  IncidentRecord,
  InstanceRecord,
  InstanceStatus,
  JobRecord,
  JsonObject,
  SubscriptionKind,
  SubscriptionRecord,
  TaskRecord,
  TimerRecord,
} from '@zhifa/engine';

/** Row shapes of the projection tables and their mapping to the engine's records. */

const iso = (date: Date): string => date.toISOString();

export interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  business_key: string | null;
  parent_instance_id: string | null;
  root_instance_id: string;
  status: InstanceStatus;
  state: JsonObject;
  version: number;
  started_at: Date;
  ended_at: Date | null;
  started_by: string | null;
  owner_unit_id: string | null;
}

export const instanceColumns =
  'i.id, i.definition_id, i.process_key, i.business_key, i.parent_instance_id, i.root_instance_id, i.status, i.state, i.version, i.started_at, i.ended_at, i.started_by, i.owner_unit_id';

export function toInstance(row: InstanceRow): InstanceRecord {
  return {
    id: row.id,
    definitionId: row.definition_id,
    processId: row.process_key,
    ...(row.business_key !== null && { businessKey: row.business_key }),
    ...(row.parent_instance_id !== null && { parentInstanceId: row.parent_instance_id }),
    rootInstanceId: row.root_instance_id,
    status: row.status,
    state: row.state,
    version: row.version,
    startedAt: iso(row.started_at),
    ...(row.ended_at !== null && { endedAt: iso(row.ended_at) }),
    ...(row.started_by !== null && { startedBy: row.started_by }),
    ...(row.owner_unit_id !== null && { ownerUnitId: row.owner_unit_id }),
  };
}

export interface TaskRow {
  id: string;
  instance_id: string;
  definition_id: string;
  process_key: string;
  activity_id: string;
  element_instance_id: string;
  name: string | null;
  assignee: string | null;
  candidate_users: string[];
  candidate_groups: string[];
  due_at: Date | null;
  follow_up_at: Date | null;
  priority: number | null;
  form_key: string | null;
  created_at: Date;
  org_assignment: TaskRecord['orgAssignment'] | null;
  sign_mode: TaskRecord['signMode'] | null;
}

export const taskColumns =
  't.id, t.instance_id, t.definition_id, t.process_key, t.activity_id, t.element_instance_id, t.name, t.assignee, t.candidate_users, t.candidate_groups, t.due_at, t.follow_up_at, t.priority, t.form_key, t.created_at, t.org_assignment, t.sign_mode';

export function toTask(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    definitionId: row.definition_id,
    processId: row.process_key,
    elementId: row.activity_id,
    elementInstanceId: row.element_instance_id,
    ...(row.name !== null && { name: row.name }),
    ...(row.assignee !== null && { assignee: row.assignee }),
    candidateUsers: row.candidate_users,
    candidateGroups: row.candidate_groups,
    ...(row.due_at !== null && { dueAt: iso(row.due_at) }),
    ...(row.follow_up_at !== null && { followUpAt: iso(row.follow_up_at) }),
    ...(row.priority !== null && { priority: row.priority }),
    ...(row.form_key !== null && { formKey: row.form_key }),
    createdAt: iso(row.created_at),
    ...(row.org_assignment && { orgAssignment: row.org_assignment }),
    ...(row.sign_mode && { signMode: row.sign_mode }),
  };
}

export interface TimerRow {
  id: string;
  instance_id: string | null;
  definition_id: string;
  process_key: string;
  element_id: string;
  due_at: Date;
  is_cycle: boolean;
  remaining: number | null;
  cycle_interval: string | null;
}

export const timerColumns = 'id, instance_id, definition_id, process_key, element_id, due_at, is_cycle, remaining, cycle_interval';

export function toTimer(row: TimerRow): TimerRecord {
  return {
    id: row.id,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    definitionId: row.definition_id,
    processId: row.process_key,
    elementId: row.element_id,
    dueAt: iso(row.due_at),
    ...(row.is_cycle && { remaining: row.remaining }),
    ...(row.cycle_interval !== null && { interval: row.cycle_interval }),
  };
}

export interface SubscriptionRow {
  id: string;
  kind: SubscriptionKind;
  name: string | null;
  correlation_key: string | null;
  instance_id: string | null;
  definition_id: string;
  process_key: string;
  element_id: string;
}

export const subscriptionTables = {
  message: 'message_subscription',
  signal: 'signal_subscription',
  conditional: 'conditional_subscription',
} as const satisfies Record<SubscriptionKind, string>;

/** `SELECT` list for one subscription table, tagging rows with their kind. */
export function subscriptionSelect(kind: SubscriptionKind): string {
  return `SELECT id, '${kind}' AS kind, name, correlation_key, instance_id, definition_id, process_key, element_id, created_at FROM ${subscriptionTables[kind]}`;
}

export function toSubscription(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    kind: row.kind,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    definitionId: row.definition_id,
    processId: row.process_key,
    elementId: row.element_id,
    ...(row.name !== null && { name: row.name }),
    ...(row.correlation_key !== null && { correlationKey: row.correlation_key }),
  };
}

export interface JobRow {
  id: string;
  instance_id: string;
  definition_id: string;
  process_key: string;
  element_id: string;
  element_instance_id: string;
  type: string;
  retries: number;
  created_at: Date;
  variables: JsonObject;
  not_before: Date | null;
}

export const jobColumns = 'id, instance_id, definition_id, process_key, element_id, element_instance_id, type, retries, created_at, variables, not_before';

export function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    definitionId: row.definition_id,
    processId: row.process_key,
    elementId: row.element_id,
    elementInstanceId: row.element_instance_id,
    type: row.type,
    retries: row.retries,
    createdAt: iso(row.created_at),
    variables: row.variables,
    ...(row.not_before !== null && { notBefore: iso(row.not_before) }),
  };
}

export interface IncidentRow {
  id: string;
  instance_id: string;
  definition_id: string;
  process_key: string;
  element_id: string;
  element_instance_id: string;
  kind: string;
  message: string;
  created_at: Date;
}

export const incidentColumns = 'id, instance_id, definition_id, process_key, element_id, element_instance_id, kind, message, created_at';

export function toIncident(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    definitionId: row.definition_id,
    processId: row.process_key,
    elementId: row.element_id,
    elementInstanceId: row.element_instance_id,
    kind: row.kind,
    message: row.message,
    createdAt: iso(row.created_at),
  };
}
