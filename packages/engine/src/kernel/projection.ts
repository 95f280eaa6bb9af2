/**
 * Projections: the rows a store keeps for queries (inbox tasks, due timers, open subscriptions, jobs,
 * incidents), derived from instance state. Diffing two projections yields the projection effects.
 */
import type { IncidentRecord, JobRecord, SubscriptionRecord, TaskRecord, TimerRecord } from '../ports.js';
import type { Effect, InstanceState } from './types.js';

export interface InstanceProjection {
  readonly tasks: Map<string, TaskRecord>;
  readonly timers: Map<string, TimerRecord>;
  readonly subscriptions: Map<string, SubscriptionRecord>;
  readonly jobs: Map<string, JobRecord>;
  readonly incidents: Map<string, IncidentRecord>;
}

export function projectInstance(state: InstanceState): InstanceProjection {
  const p: InstanceProjection = { tasks: new Map(), timers: new Map(), subscriptions: new Map(), jobs: new Map(), incidents: new Map() };
  const base = { instanceId: state.id, definitionId: state.definitionId, processId: state.processId };
  if (state.status !== 'active') return p;
  for (const el of Object.values(state.elements)) {
    if (el.task && el.status === 'waiting' && !el.task.done) {
      const t = el.task;
      p.tasks.set(el.id, {
        id: el.id,
        ...base,
        elementId: el.elementId,
        elementInstanceId: el.id,
        name: t.name,
        assignee: t.assignee,
        candidateUsers: t.candidateUsers,
        candidateGroups: t.candidateGroups,
        dueAt: t.dueAt,
        followUpAt: t.followUpAt,
        priority: t.priority,
        formKey: t.formKey,
        createdAt: t.createdAt,
        orgAssignment: t.orgAssignment,
        signMode: t.signMode,
        deadline: t.deadline,
        ...(t.owner !== undefined && { owner: t.owner }),
        ...(t.delegation !== undefined && { delegation: t.delegation }),
        ...(el.role === 'sign' && { coSignOf: el.parentId ?? undefined, coSignHandler: state.elements[el.parentId ?? '']?.task?.assignee }),
        ...(t.previous !== undefined && { previous: { ...t.previous } }),
      });
    }
    if (el.job && el.status === 'waiting') {
      p.jobs.set(el.id, { id: el.id, ...base, elementId: el.elementId, elementInstanceId: el.id, type: el.job.type, retries: el.job.retries, createdAt: el.job.createdAt, variables: el.job.variables, ...(el.job.notBefore !== undefined && { notBefore: el.job.notBefore }) });
    }
  }
  for (const s of Object.values(state.subscriptions)) {
    if (s.kind === 'timer') {
      p.timers.set(s.id, { id: s.id, ...base, elementId: s.elementId, dueAt: s.dueAt ?? state.startedAt, remaining: s.remaining, interval: s.interval });
    } else {
      p.subscriptions.set(s.id, { id: s.id, kind: s.kind, ...base, elementId: s.elementId, name: s.name, correlationKey: s.correlationKey });
    }
  }
  for (const i of Object.values(state.incidents)) {
    p.incidents.set(i.id, { id: i.id, ...base, elementId: i.elementId, elementInstanceId: i.elementInstanceId, kind: i.kind, message: i.message, createdAt: i.createdAt });
  }
  return p;
}

/** Effects describing how projections changed (timers to (un)schedule, tasks/jobs opened or closed...). */
export function projectionEffects(
  before: InstanceProjection,
  after: InstanceProjection,
  completedIds: ReadonlySet<string>,
  /** Who completed the tasks of this command (for 已办); absent for rule-driven completions. */
  actor?: string,
): Effect[] {
  const out: Effect[] = [];
  for (const [id, t] of after.timers) if (!before.timers.has(id)) out.push({ type: 'timer.scheduled', timerId: id, elementId: t.elementId, dueAt: t.dueAt });
  for (const id of before.timers.keys()) if (!after.timers.has(id)) out.push({ type: 'timer.cancelled', timerId: id });
  for (const [id, t] of after.tasks) {
    const old = before.tasks.get(id);
    if (!old) {
      out.push({ type: 'task.created', taskId: id, elementId: t.elementId, assignee: t.assignee, candidateUsers: [...t.candidateUsers], candidateGroups: [...t.candidateGroups], dueAt: t.dueAt, name: t.name });
    } else if (old.assignee !== t.assignee || old.dueAt !== t.dueAt || String(old.candidateGroups) !== String(t.candidateGroups) || String(old.candidateUsers) !== String(t.candidateUsers)) {
      out.push({ type: 'task.updated', taskId: id, elementId: t.elementId, assignee: t.assignee });
    }
  }
  for (const [id, t] of before.tasks) {
    if (!after.tasks.has(id)) out.push(completedIds.has(id) ? { type: 'task.completed', taskId: id, elementId: t.elementId, ...(actor !== undefined && { actor }) } : { type: 'task.cancelled', taskId: id, elementId: t.elementId });
  }
  for (const [id, j] of after.jobs) if (!before.jobs.has(id)) out.push({ type: 'job.created', jobId: id, elementId: j.elementId, jobType: j.type });
  for (const id of before.jobs.keys()) if (!after.jobs.has(id) && !completedIds.has(id)) out.push({ type: 'job.cancelled', jobId: id });
  for (const [id, i] of after.incidents) if (!before.incidents.has(id)) out.push({ type: 'incident.created', incidentId: id, elementId: i.elementId, kind: i.kind, message: i.message });
  for (const id of before.incidents.keys()) if (!after.incidents.has(id)) out.push({ type: 'incident.resolved', incidentId: id });
  return out;
}
