import type { Task, TaskQuery, Variables } from '@zhifa/api-types';
import { toJsonObject, type EngineApi, type InstanceStore } from '@zhifa/engine';
import { ApiError, conflict, notFound } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { AccessService } from './access.service.js';
import type { TaskChange, TaskRows, TaskView } from './ports.js';
import { toTask, toTaskView } from './instance-view.js';

const LIST_LIMIT = 200;

export class TaskService {
  constructor(
    private readonly engine: EngineApi,
    private readonly store: InstanceStore,
    private readonly rows: TaskRows,
    private readonly access: AccessService,
  ) {}

  /**
   * Tasks for the caller. Open (default): admins and auditors see all, others their 待办 (assigned to them
   * or claimable by user, group or unit); `assignee=me` / `candidate=me` narrow that. `state=completed`:
   * the tasks the caller completed (已办). Cancelled tasks are not listed.
   */
  async list(principal: Principal, query: TaskQuery): Promise<Task[]> {
    const filter = query.processInstanceId === undefined ? {} : { instanceId: query.processInstanceId };
    if (query.state === 'completed') return (await this.rows.listDone(principal.id, filter)).map(toTaskView);
    if (query.state === 'cancelled') return [];
    if (hasRole(principal, 'admin', 'auditor') && query.assignee !== 'me' && query.candidate !== 'me') {
      return (await this.store.listTasks({ ...filter, limit: LIST_LIMIT })).map(toTask);
    }
    const viewer = { userId: principal.id, groups: [...principal.groups, principal.username], unitIds: principal.unitId ? [principal.unitId] : [] };
    const todo = await this.rows.listTodo(viewer, filter);
    return todo
      .filter((t) => (query.assignee !== 'me' || t.assignee === principal.id) && (query.candidate !== 'me' || t.assignee === undefined))
      .map(toTaskView);
  }

  /** One task, with its 委派 state (owner, delegation) from the instance state, which the task rows do not keep. */
  async get(principal: Principal, id: string): Promise<Task> {
    const task = await this.load(id);
    await this.access.assertTaskVisible(principal, task);
    const record = await this.engine.getTask(id);
    return { ...toTaskView(task), owner: record?.owner ?? null, delegation: record?.delegation ?? null };
  }

  async claim(principal: Principal, id: string): Promise<Task> {
    const task = await this.load(id);
    await this.access.assertTaskActionable(principal, task);
    this.assertOpen(task);
    // Strict: a claimed task cannot be claimed again, not even by its assignee (C2: one winner, the rest 409).
    if (task.assignee !== undefined) throw conflict(`task '${id}' is already claimed`, { assignee: task.assignee });
    // The task row arbitrates concurrent claims (one wins, the rest 409); the engine then records the
    // assignee in the instance state, so later projections of the task keep it.
    expectChanged(id, await this.rows.claim(id, principal.id));
    // The row update is not in the engine's transaction: if the engine (state + audit entry) fails, undo it.
    await this.engine.updateTask(id, { assignee: principal.id, actor: principal.id }).catch(async (error: unknown) => {
      await this.rows.unclaim(id, principal.id);
      throw error;
    });
    return toTaskView(await this.load(id));
  }

  async unclaim(principal: Principal, id: string): Promise<Task> {
    const task = await this.load(id);
    await this.access.assertTaskActionable(principal, task);
    this.assertOpen(task);
    if (task.assignee === undefined) return toTaskView(task);
    if (task.assignee !== principal.id && !hasRole(principal, 'admin')) {
      throw new ApiError('FORBIDDEN', 'only the assignee or an admin may unclaim a task');
    }
    const assignee = task.assignee;
    expectChanged(id, await this.rows.unclaim(id, assignee));
    await this.engine.updateTask(id, { assignee: null, actor: principal.id }).catch(async (error: unknown) => {
      await this.rows.claim(id, assignee);
      throw error;
    });
    return toTaskView(await this.load(id));
  }

  /**
   * Completes through the engine's unit of work. Candidate-group members claim first; a task completed by
   * someone else, before or concurrently, is 409 (exactly one of N concurrent completions succeeds).
   */
  async complete(
    principal: Principal,
    id: string,
    variables: Variables | undefined,
    approval: { readonly outcome?: 'approve' | 'reject' | undefined; readonly opinion?: string | undefined } = {},
  ): Promise<Task> {
    const task = await this.load(id);
    await this.access.assertTaskActionable(principal, task);
    this.assertOpen(task);
    const admin = hasRole(principal, 'admin');
    if (task.assignee !== undefined && task.assignee !== principal.id && !admin) {
      throw new ApiError('FORBIDDEN', 'the task is claimed by someone else');
    }
    if (task.assignee === undefined && !task.candidateUsers.includes(principal.id) && !admin) {
      throw new ApiError('FORBIDDEN', 'claim the task before completing it');
    }
    try {
      await this.engine.completeTask(id, toJsonObject(variables), {
        actor: principal.id,
        ...(approval.outcome !== undefined && { outcome: approval.outcome }),
        ...(approval.opinion !== undefined && { opinion: approval.opinion }),
      });
    } catch (error) {
      if (error instanceof Error && Reflect.get(error, 'code') === 'NOT_FOUND') {
        throw conflict(`task '${id}' was completed or cancelled meanwhile`);
      }
      throw error;
    }
    return toTaskView(await this.load(id));
  }

  private assertOpen(task: TaskView): void {
    if (task.state !== 'open') throw conflict(`task '${task.id}' is ${task.state}`, { state: task.state });
  }

  private async load(id: string): Promise<TaskView> {
    const found = await this.rows.get(id);
    if (!found) throw notFound('task', id);
    return found;
  }
}

function expectChanged(id: string, change: TaskChange): void {
  if (change.ok) return;
  if (change.reason === 'not-found') throw notFound('task', id);
  throw conflict(`task '${id}' changed meanwhile`, { reason: change.reason });
}
