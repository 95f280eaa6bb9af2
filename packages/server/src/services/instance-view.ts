import type { HistoryEntry, ProcessInstance, Task } from '@zhifa/api-types';
import type { TaskView } from './ports.js';
import { processVariables, readInstanceState, type HistoryRecord, type InstanceRecord, type TaskRecord } from '@zhifa/engine';

/** Read-only projections of engine records into API shapes (state read through the engine's own readers). */
export function toProcessInstance(record: InstanceRecord): ProcessInstance {
  const state = readInstanceState(record.state);
  const active = new Set<string>();
  for (const element of Object.values(state.elements)) {
    // The process itself and multi-instance iterations are not activities of their own here.
    if (element.role !== 'process' && element.role !== 'mi-inner') active.add(element.elementId);
  }
  return {
    id: record.id,
    state: record.status,
    definitionId: record.definitionId,
    definitionKey: record.processId,
    businessKey: record.businessKey ?? null,
    variables: processVariables(state),
    activeActivityIds: [...active].sort(),
    startedAt: record.startedAt,
    endedAt: record.endedAt ?? null,
  };
}

export function toTask(record: TaskRecord): Task {
  return {
    id: record.id,
    name: record.name ?? null,
    activityId: record.elementId,
    processInstanceId: record.instanceId,
    definitionId: record.definitionId,
    state: 'open',
    assignee: record.assignee ?? null,
    candidateUsers: [...record.candidateUsers],
    candidateGroups: [...record.candidateGroups],
    formKey: record.formKey ?? null,
    createdAt: record.createdAt,
    dueAt: record.dueAt ?? null,
    completedAt: null,
  };
}

/** A task row as the inbox keeps it; `ended` (its instance ended under it) shows as cancelled. */
export function toTaskView(view: TaskView): Task {
  return {
    id: view.id,
    name: view.name ?? null,
    activityId: view.activityId,
    processInstanceId: view.instanceId,
    definitionId: view.definitionId,
    state: view.state === 'ended' ? 'cancelled' : view.state,
    assignee: view.assignee ?? null,
    candidateUsers: [...view.candidateUsers],
    candidateGroups: [...view.candidateGroups],
    formKey: view.formKey ?? null,
    createdAt: view.createdAt,
    dueAt: view.dueAt ?? null,
    completedAt: view.state === 'completed' ? (view.endedAt ?? null) : null,
  };
}

export function toHistoryEntry(record: HistoryRecord): HistoryEntry {
  return {
    seq: record.seq,
    at: record.at,
    actor: record.actor ?? null,
    type: record.type,
    activityId: record.elementId ?? null,
    details: record.data,
  };
}
