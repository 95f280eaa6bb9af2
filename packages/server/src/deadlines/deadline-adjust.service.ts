import { ancestorUnits, findUserById, getInboxTask, responsibleUserOf, type InboxTask, type PostgresDb } from '@zhifa/store-postgres';
import type { Clock } from '@zhifa/engine';
import { hasRole, type Principal } from '../auth/principal.js';
import { ApiError, forbidden, notFound } from '../http/api-error.js';
import { recordAdjustment } from './deadline-adjustments.js';
import type { DeadlineService } from './deadline.service.js';
import type { Adjustment } from './deadline-state.js';

export type AdjustRequest =
  | { readonly action: 'pause'; readonly reason: string }
  | { readonly action: 'resume'; readonly reason: string }
  | { readonly action: 'extend'; readonly reason: string; readonly days?: number; readonly until?: string; readonly calendar?: 'calendar' | 'working' };

/**
 * Pause / resume / extend a task's deadline with a reason (`POST /api/tasks/:id/deadline`), and the deadline view
 * with its trace. Allowed to admins and to the responsible persons of the assignee's unit and the units above.
 */
export class DeadlineAdjustService {
  constructor(
    private readonly db: PostgresDb,
    private readonly clock: Clock,
    private readonly deadlines: DeadlineService,
  ) {}

  async view(principal: Principal, taskId: string) {
    const task = await this.openTask(taskId);
    const supervisor = await this.supervises(principal, task);
    const involved = task.assignee === principal.id || task.candidateUsers.includes(principal.id);
    if (!supervisor && !involved && !hasRole(principal, 'auditor')) throw notFound('task', taskId);
    const computed = await this.deadlines.stateOf(task);
    return {
      taskId: task.id,
      dueAt: task.dueAt ?? null,
      provisional: computed?.state.provisional ?? false,
      paused: computed?.state.pausedAt !== undefined,
      pausedAt: computed?.state.pausedAt ?? null,
      steps: computed?.state.steps ?? [],
      timers: await this.deadlines.timersOf(task.id),
    };
  }

  async adjust(principal: Principal, taskId: string, request: AdjustRequest) {
    const task = await this.openTask(taskId);
    if (!(await this.supervises(principal, task))) {
      // Someone who may not even see the task learns nothing about it.
      if (task.assignee === principal.id || task.candidateUsers.includes(principal.id)) throw forbidden('only a supervisor or an admin may change a deadline');
      throw notFound('task', taskId);
    }
    const current = await this.deadlines.stateOf(task);
    const paused = current?.state.pausedAt !== undefined;
    if (request.action === 'pause' && paused) throw new ApiError('CONFLICT', 'the deadline is already paused');
    if (request.action === 'resume' && !paused) throw new ApiError('CONFLICT', 'the deadline is not paused');
    if (request.action === 'extend' && paused) throw new ApiError('CONFLICT', 'resume the deadline before extending it');
    if (request.action !== 'pause' && !current?.state.dueAt && !task.dueAt) throw new ApiError('CONFLICT', 'the task has no due date');
    const adjustment = toAdjustment(request, this.clock.now().toISOString(), principal.id);
    await this.db.transaction((tx) => recordAdjustment(tx, task, adjustment, { dueBefore: task.dueAt ?? null }));
    await this.deadlines.syncTask(task.id);
    return this.view(principal, task.id);
  }

  private async openTask(taskId: string): Promise<InboxTask> {
    const task = await getInboxTask(this.db, taskId);
    if (task?.state !== 'open') throw notFound('task', taskId);
    return task;
  }

  private async supervises(principal: Principal, task: InboxTask): Promise<boolean> {
    if (hasRole(principal, 'admin')) return true;
    const assignee = task.assignee ? await findUserById(this.db, task.assignee) : undefined;
    const unitId = assignee?.unitId ?? task.ownerUnitId;
    if (!unitId) return false;
    for (const unit of [unitId, ...(await ancestorUnits(this.db, unitId)).map((u) => u.id)]) {
      if ((await responsibleUserOf(this.db, unit)) === principal.id) return true;
    }
    return false;
  }
}

function toAdjustment(request: AdjustRequest, at: string, actor: string): Adjustment {
  switch (request.action) {
    case 'pause':
      return { type: 'pause', at, actor, reason: request.reason };
    case 'resume':
      return { type: 'resume', at, actor, reason: request.reason };
    case 'extend':
      return {
        type: 'extend', at, actor, reason: request.reason,
        ...(request.days !== undefined && { days: request.days }), ...(request.until !== undefined && { until: request.until }),
        ...(request.calendar && { calendar: request.calendar }),
      };
    default: {
      const never: never = request;
      throw new ApiError('INVALID_INPUT', `unknown action ${JSON.stringify(never)}`);
    }
  }
}
