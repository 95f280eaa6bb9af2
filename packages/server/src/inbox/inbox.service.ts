import type { Clock } from '@zhifa/engine';
import {
  listCcInstances, listInstancesScoped, listTodoTasks, type InboxFilter, type InboxTask, type InstanceSummary, type PostgresDb,
} from '@zhifa/store-postgres';
import { invalidInput } from '../http/api-error.js';
import type { Principal } from '../auth/principal.js';
import type { AccessService } from '../services/access.service.js';
import { listDoneBy } from './done-tasks.query.js';
import { deadlineState, type DeadlineState } from './deadline-colour.js';
import type { InboxQuery, InboxView } from './inbox.schemas.js';

/** A task row of 待办 (with its deadline state) or 已办. */
export type InboxTaskItem = InboxTask & { readonly deadline?: DeadlineState };

/** An instance row of 我发起的 / 抄送我的 (the state document is left out: open the instance for it). */
export interface InboxInstanceItem {
  readonly id: string;
  readonly definitionId: string;
  readonly processId: string;
  readonly businessKey?: string;
  readonly status: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly startedBy?: string;
  readonly ownerUnitId?: string;
  readonly ccAt?: string;
  readonly ccBy?: string;
}

export type InboxPage =
  | { readonly view: 'todo' | 'done'; readonly items: readonly InboxTaskItem[]; readonly next?: string }
  | { readonly view: 'started' | 'cc'; readonly items: readonly InboxInstanceItem[]; readonly next?: string };

const DEFAULT_LIMIT = 50;

/** The four inbox views of the caller, each cut to what the caller may see. */
export class InboxService {
  constructor(
    private readonly db: PostgresDb,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async view(principal: Principal, view: InboxView, query: InboxQuery): Promise<InboxPage> {
    const page = { ...(query.after !== undefined && { after: query.after }), limit: query.limit ?? DEFAULT_LIMIT };
    const filter: InboxFilter = {
      ...(query.processKey !== undefined && { processId: query.processKey }),
      ...(query.unitId !== undefined && { ownerUnitId: query.unitId }),
      ...(query.processInstanceId !== undefined && { instanceId: query.processInstanceId }),
      ...(query.dueBefore !== undefined && { dueBefore: query.dueBefore }),
      ...(query.search !== undefined && { search: query.search }),
    };
    switch (view) {
      case 'todo': {
        const result = await listTodoTasks(this.db, await this.access.viewerOf(principal), filter, page);
        const now = this.clock.now();
        const items = result.items.map((task) => {
          const deadline = deadlineState(task.createdAt, task.dueAt, now);
          return { ...task, ...(deadline && { deadline }) };
        });
        return { view, items, ...(result.next !== undefined && { next: result.next }) };
      }
      case 'done': {
        const result = await listDoneBy(this.db, principal.id, filter, page);
        return { view, items: result.items, ...(result.next !== undefined && { next: result.next }) };
      }
      case 'started': {
        const result = await listInstancesScoped(this.db, { type: 'all' }, {
          startedBy: principal.id,
          ...(filter.processId !== undefined && { processId: filter.processId }),
          ...(filter.ownerUnitId !== undefined && { ownerUnitId: filter.ownerUnitId }),
        }, page);
        return { view, items: result.items.map(toItem), ...(result.next !== undefined && { next: result.next }) };
      }
      case 'cc':
        return this.cc(principal, filter, page);
      default: {
        const unknown: never = view;
        throw invalidInput(`unknown view '${String(unknown)}'`);
      }
    }
  }

  /** 抄送我的 pages by offset in the store; the cursor carries it, so clients page alike in every view. */
  private async cc(principal: Principal, filter: InboxFilter, page: { readonly after?: string; readonly limit: number }): Promise<InboxPage> {
    const offset = page.after === undefined ? 0 : Number.parseInt(page.after, 10);
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidInput("bad 'after' cursor");
    const rows = await listCcInstances(this.db, await this.access.viewerOf(principal), { limit: page.limit + 1, offset });
    const items = rows
      .slice(0, page.limit)
      .filter((r) => (filter.processId === undefined || r.processId === filter.processId) && (filter.ownerUnitId === undefined || r.ownerUnitId === filter.ownerUnitId))
      .map((r) => ({ ...toItem(r), ccAt: r.ccAt, ...(r.ccBy !== undefined && { ccBy: r.ccBy }) }));
    return { view: 'cc', items, ...(rows.length > page.limit && { next: String(offset + page.limit) }) };
  }
}

function toItem(s: InstanceSummary): InboxInstanceItem {
  return {
    id: s.id,
    definitionId: s.definitionId,
    processId: s.processId,
    ...(s.businessKey !== undefined && { businessKey: s.businessKey }),
    status: s.status,
    startedAt: s.startedAt,
    ...(s.endedAt !== undefined && { endedAt: s.endedAt }),
    ...(s.startedBy !== undefined && { startedBy: s.startedBy }),
    ...(s.ownerUnitId !== undefined && { ownerUnitId: s.ownerUnitId }),
  };
}
