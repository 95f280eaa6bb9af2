/** BPMN fixtures and helpers for the approval-operation tests (Chinese approval practice). */
import type { TaskRecord } from '@zhifa/engine';
import type { TestEngine } from './test-engine.js';

export function definitions(processes: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="defs" targetNamespace="test">${processes}</definitions>`;
}

const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/** 起草 → 科室审核 → 局长审批 (draft by the initiator, review by li, approval by wang). */
export const linearApproval = (approvalExtras = '') =>
  definitions(`<process id="linear" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'draft')}
  <userTask id="draft" name="起草" camunda:assignee="\${initiator}"/>${flow('f2', 'draft', 'review')}
  <userTask id="review" name="科室审核" camunda:assignee="li"/>${flow('f3', 'review', 'approve')}
  <userTask id="approve" name="局长审批" camunda:assignee="wang">${approvalExtras}</userTask>${flow('f4', 'approve', 'e')}<endEvent id="e"/></process>`);

/**
 * 起草 → parallel split → (法制审核 legal → 法制复核 legalCheck) ‖ (财务审核 finance) → join → 签发 issue.
 */
export const parallelApproval = definitions(`<process id="parallel" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'draft')}
  <userTask id="draft" camunda:assignee="zhang"/>${flow('f2', 'draft', 'split')}<parallelGateway id="split"/>
  ${flow('a1', 'split', 'legal')}<userTask id="legal" camunda:assignee="li"/>${flow('a2', 'legal', 'legalCheck')}
  <userTask id="legalCheck" camunda:assignee="feng"/>${flow('a3', 'legalCheck', 'join')}
  ${flow('b1', 'split', 'finance')}<userTask id="finance" camunda:assignee="wang"/>${flow('b2', 'finance', 'join')}
  <parallelGateway id="join"/>${flow('f3', 'join', 'issue')}<userTask id="issue" camunda:assignee="chen"/>${flow('f4', 'issue', 'e')}<endEvent id="e"/></process>`);

/** One countersign task over the `signers` list in the given mode, then a follow-up task. */
export const signModeProcess = (mode: string, ratio = '') =>
  definitions(`<process id="sign" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'countersign')}
  <userTask id="countersign" name="会签"><extensionElements><zhifa:signMode mode="${mode}" ${ratio && `ratio="${ratio}"`} candidates="signers"/></extensionElements></userTask>
  ${flow('f2', 'countersign', 'after')}<userTask id="after" camunda:assignee="chen"/>${flow('f3', 'after', 'e')}<endEvent id="e"/></process>`);

export async function openTasks(t: TestEngine, instanceId: string): Promise<readonly TaskRecord[]> {
  return t.store.listTasks({ instanceId });
}

/** The single open task at `elementId` (throws when there is none or several). */
export async function taskAt(t: TestEngine, instanceId: string, elementId: string): Promise<TaskRecord> {
  const found = (await openTasks(t, instanceId)).filter((task) => task.elementId === elementId);
  const [task] = found;
  if (!task || found.length > 1) throw new Error(`expected one task at '${elementId}', found ${found.length}`);
  return task;
}

export async function activeElements(t: TestEngine, instanceId: string): Promise<string[]> {
  return (await openTasks(t, instanceId)).map((task) => task.elementId).sort();
}

export async function operations(t: TestEngine, instanceId: string): Promise<{ operation: unknown; actor?: string; data: Record<string, unknown> }[]> {
  return (await t.store.listHistory(instanceId))
    .filter((h) => h.type === 'task.operation')
    .map((h) => ({ operation: h.data['operation'], ...(h.actor !== undefined && { actor: h.actor }), data: h.data }));
}

/** Effects written to the outbox for one instance, in order. */
export function outboxEffects(t: TestEngine, instanceId: string): Record<string, unknown>[] {
  return [...t.store.outbox.values()].filter((o) => o.instanceId === instanceId).map((o) => ({ ...o.effect }));
}
