import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@zhifa/engine';
import { appendAudit, listAudit, type Sql } from '@zhifa/store-postgres';
import type { Adjustment } from './deadline-state.js';

/** Audit action of a pause / resume / extension: the audit chain is where adjustments live. */
export const DEADLINE_AUDIT_ACTION = 'task.deadline';

/** Records one adjustment of a task's deadline (inside the caller's transaction). */
export async function recordAdjustment(
  tx: Sql,
  task: { readonly id: string; readonly instanceId: string; readonly activityId: string; readonly elementInstanceId: string },
  adjustment: Adjustment,
  result: JsonObject,
): Promise<void> {
  const data: JsonObject = { taskId: task.id, ...toJson(adjustment), result };
  await appendAudit(tx, [{
    id: randomUUID(), instanceId: task.instanceId, at: adjustment.at, action: DEADLINE_AUDIT_ACTION,
    elementId: task.activityId, elementInstanceId: task.elementInstanceId, data,
    ...(adjustment.actor && { actor: adjustment.actor }),
  }]);
}

export interface RecordedAdjustments {
  readonly adjustments: readonly Adjustment[];
  /** The engine's due date before the first adjustment (a model without a literal duration keeps it as base). */
  readonly givenDueAt?: string;
}

/** The task's adjustments in the order they were made. */
export async function adjustmentsOf(sql: Sql, task: { readonly id: string; readonly instanceId: string }): Promise<RecordedAdjustments> {
  const entries = await listAudit(sql, { instanceId: task.instanceId, action: DEADLINE_AUDIT_ACTION, limit: 10_000 });
  const adjustments: Adjustment[] = [];
  let givenDueAt: string | undefined;
  for (const entry of entries) {
    if (entry.data['taskId'] !== task.id) continue;
    const parsed = fromJson(entry.data, entry.at, entry.actor);
    if (!parsed) continue;
    if (adjustments.length === 0) {
      const result = entry.data['result'];
      const before = typeof result === 'object' && result !== null && !Array.isArray(result) ? result['dueBefore'] : undefined;
      if (typeof before === 'string') givenDueAt = before;
    }
    adjustments.push(parsed);
  }
  return { adjustments, ...(givenDueAt && { givenDueAt }) };
}

function toJson(a: Adjustment): JsonObject {
  switch (a.type) {
    case 'pause':
    case 'resume':
      return { type: a.type, reason: a.reason };
    case 'extend':
      return {
        type: a.type, reason: a.reason,
        ...(a.days !== undefined && { days: a.days }), ...(a.until !== undefined && { until: a.until }), ...(a.calendar && { calendar: a.calendar }),
      };
    default: {
      const never: never = a;
      throw new Error(`unknown adjustment ${JSON.stringify(never)}`);
    }
  }
}

function fromJson(data: JsonObject, at: string, actor: string | undefined): Adjustment | undefined {
  const reason = typeof data['reason'] === 'string' ? data['reason'] : '';
  const who = { at, reason, ...(actor && { actor }) };
  const type = data['type'];
  if (type === 'pause' || type === 'resume') return { type, ...who };
  if (type !== 'extend') return undefined;
  const { days, until, calendar } = data;
  return {
    type, ...who,
    ...(typeof days === 'number' && { days }),
    ...(typeof until === 'string' && { until }),
    ...((calendar === 'working' || calendar === 'calendar') && { calendar }),
  };
}
