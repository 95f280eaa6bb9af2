/**
 * Binds the server's ports (services/ports.ts) to @zhifa/store-postgres. The only place in the server that
 * knows the store's function names.
 */
import { randomUUID } from 'node:crypto';
import { InstanceState as InstanceStatusSchema, Role } from '@zhifa/api-types';
import type { DefinitionRepository } from '@zhifa/engine';
import type { IdempotencyStore, StoredResponse } from '../http/idempotency.middleware.js';
import {
  appendAudit, ancestorUnits, canViewInstance, visibleInstanceIds, claimTask, completeIdempotencyKey, reserveIdempotencyKey, createUser, deployVersioned, descendantUnitIds, listDoneTasks, listInstancesScoped,
  listTodoTasks, listUnits, listVersioned, findUserById, getInboxTask, getInstanceSummary, getUnit, listDeployments,
  membershipsOf, responsibleUserOf, saveDeployment, unclaimTask, verifyUserCredentials,
  type PostgresDb, type User,
} from '@zhifa/store-postgres';
import type {
  DeploymentStore, Directory, DirectoryUser, HealthProbe, InstanceLister, InstanceVisibility, InstanceOwnership, OwnershipStore, TaskRows,
  StoredVersion, Viewer,
} from '../services/ports.js';

/** Rows per list response (pagination is not in the contract yet). */
const LIST_LIMIT = 200;

function toDirectoryUser(user: User): DirectoryUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles.flatMap((r) => {
      const role = Role.safeParse(r);
      return role.success ? [role.data] : [];
    }),
    unitId: user.unitId ?? null,
  };
}

export class PostgresDirectory implements Directory {
  constructor(private readonly db: PostgresDb) {}

  async verifyCredentials(username: string, password: string): Promise<DirectoryUser | undefined> {
    const user = await verifyUserCredentials(this.db, username, password);
    return user && toDirectoryUser(user);
  }

  async findUser(userId: string): Promise<DirectoryUser | undefined> {
    const user = await findUserById(this.db, userId);
    return user?.active ? toDirectoryUser(user) : undefined;
  }

  /** Roles, the ids and codes of the user's units, so BPMN candidate groups may name any of them. */
  async groupsOf(user: DirectoryUser): Promise<readonly string[]> {
    const memberships = await membershipsOf(this.db, user.id);
    const unitIds = new Set([...(user.unitId ? [user.unitId] : []), ...memberships.map((m) => m.unitId)]);
    const groups = new Set<string>([...user.roles]);
    for (const unitId of unitIds) {
      groups.add(unitId);
      const unit = await getUnit(this.db, unitId);
      if (unit?.code) groups.add(unit.code);
    }
    return [...groups];
  }

  async ancestorsOf(unitId: string): Promise<readonly string[]> {
    return [unitId, ...(await ancestorUnits(this.db, unitId)).map((u) => u.id)];
  }

  async supervises(userId: string, unitId: string): Promise<boolean> {
    for (const id of await this.ancestorsOf(unitId)) {
      if ((await responsibleUserOf(this.db, id)) === userId) return true;
    }
    return false;
  }

  async supervisedUnitIds(userId: string): Promise<readonly string[]> {
    const led = (await listUnits(this.db)).filter((u) => u.responsibleUserId === userId).map((u) => u.id);
    return led.length === 0 ? [] : descendantUnitIds(this.db, led);
  }

  async createUser(input: Parameters<Directory['createUser']>[0]): Promise<DirectoryUser> {
    return toDirectoryUser(await createUser(this.db, { ...input, roles: [...input.roles] }));
  }
}

/**
 * Who started an instance and its owning unit. The engine writes both with the instance row in the start's
 * transaction (`StartInput.initiator`/`ownerUnitId`); an instance without them was started by the system.
 */
export class PostgresOwnershipStore implements OwnershipStore {
  constructor(private readonly db: PostgresDb) {}

  async get(instanceId: string): Promise<InstanceOwnership | undefined> {
    const summary = await getInstanceSummary(this.db, instanceId);
    if (!summary) return undefined;
    // Called instances belong to whoever owns the root of the call tree.
    if (!summary.startedBy && !summary.ownerUnitId && summary.rootInstanceId !== instanceId) return this.get(summary.rootInstanceId);
    return { startedBy: summary.startedBy ?? null, ownerUnitId: summary.ownerUnitId ?? null };
  }
}

export class PostgresDeploymentStore implements DeploymentStore {
  constructor(
    private readonly db: PostgresDb,
    private readonly definitions: DefinitionRepository,
  ) {}

  async saveResources(input: Parameters<DeploymentStore['saveResources']>[0]): ReturnType<DeploymentStore['saveResources']> {
    return this.db.transaction(async (tx) => {
      const saved = await saveDeployment(tx, {
        ...(input.deploymentId !== undefined && { id: input.deploymentId }),
        name: input.name,
        deployedBy: input.deployedBy,
        resources: input.resources.map((r) => ({ name: r.name, content: r.content, kind: r.kind })),
      });
      const versions: StoredVersion[] = [];
      for (const r of input.resources) {
        const { definition } = await deployVersioned(tx, r.kind === 'dmn' ? 'decision' : 'form', { key: r.key, deploymentId: saved.id, name: r.name, content: r.content });
        versions.push({ definitionId: definition.id, version: definition.version });
      }
      // The deployment's one audit entry, in the transaction that records who deployed it (A1).
      await appendAudit(tx, [{
        id: randomUUID(), at: input.at, actor: input.deployedBy, action: 'deployment.created',
        data: { deploymentId: saved.id, name: input.name, processDefinitions: [...input.processDefinitions], resources: input.resources.map((r) => r.name), definitions: versions.map((v) => v.definitionId) },
      }]);
      return { deploymentId: saved.id, versions };
    });
  }

  async latestForms(key?: string) {
    const all = await listVersioned(this.db, 'form', key === undefined ? {} : { key });
    // Sorted by key, then version descending: the first row of each key is its latest version.
    return all.filter((form, i) => all[i - 1]?.key !== form.key);
  }

  async allDecisions(): ReturnType<DeploymentStore['allDecisions']> {
    const all = await listVersioned(this.db, 'decision');
    return [...all]
      .sort((a, b) => a.deployedAt.localeCompare(b.deployedAt) || a.version - b.version)
      .map((d) => ({ content: d.content, definitionId: d.id, version: d.version }));
  }

  async list() {
    const [deployments, definitions] = await Promise.all([listDeployments(this.db, { limit: 500 }), this.definitions.list()]);
    return deployments.map((d) => ({
      id: d.id,
      name: d.name ?? '',
      deployedAt: d.deployedAt,
      processDefinitions: definitions
        .filter((p) => p.deploymentId === d.id)
        .map((p) => ({ id: p.id, key: p.processId, version: p.version })),
    }));
  }
}

export class PostgresTaskRows implements TaskRows {
  constructor(private readonly db: PostgresDb) {}

  get(taskId: string) {
    return getInboxTask(this.db, taskId);
  }

  async listTodo(viewer: Viewer, filter: { readonly instanceId?: string }) {
    return (await listTodoTasks(this.db, viewer, filter, { limit: LIST_LIMIT })).items;
  }

  async listDone(userId: string, filter: { readonly instanceId?: string }) {
    return (await listDoneTasks(this.db, userId, filter, { limit: LIST_LIMIT })).items;
  }

  claim(taskId: string, userId: string) {
    return claimTask(this.db, taskId, userId);
  }

  unclaim(taskId: string, userId: string) {
    return unclaimTask(this.db, taskId, userId);
  }
}

export class PostgresInstanceLister implements InstanceLister {
  constructor(private readonly db: PostgresDb) {}

  async list(viewer: Parameters<InstanceLister['list']>[0], filter: Parameters<InstanceLister['list']>[1]) {
    const scope = viewer
      ? { type: 'viewer' as const, viewer: { userId: viewer.userId, groups: viewer.groups, unitIds: viewer.unitIds }, supervisedUnitIds: viewer.supervisedUnitIds }
      : { type: 'all' as const };
    const status = InstanceStatusSchema.safeParse(filter.status);
    const page = await listInstancesScoped(this.db, scope, {
      ...(status.success && { status: status.data }),
      ...(filter.processId !== undefined && { processId: filter.processId }),
      ...(filter.businessKey !== undefined && { businessKey: filter.businessKey }),
    }, { limit: LIST_LIMIT });
    return page.items;
  }
}

export class PostgresInstanceVisibility implements InstanceVisibility {
  constructor(private readonly db: PostgresDb) {}

  canView(instanceId: string, viewer: Parameters<InstanceVisibility['canView']>[1]): Promise<boolean> {
    return canViewInstance(this.db, instanceId, scopeOf(viewer));
  }

  visibleAmong(instanceIds: readonly string[], viewer: Parameters<InstanceVisibility['canView']>[1]): Promise<ReadonlySet<string>> {
    return visibleInstanceIds(this.db, instanceIds, scopeOf(viewer));
  }
}

function scopeOf(viewer: Parameters<InstanceVisibility['canView']>[1]) {
  return {
    type: 'viewer' as const,
    viewer: { userId: viewer.userId, groups: viewer.groups, unitIds: viewer.unitIds },
    supervisedUnitIds: viewer.supervisedUnitIds,
  };
}

export class PostgresHealthProbe implements HealthProbe {
  constructor(private readonly db: PostgresDb) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}

/** Raised inside the reservation transaction to roll it back without storing a 5xx answer. */
class NotStored extends Error {}

/**
 * Keys live in their own small pool: a request holding its reservation open while its command runs must
 * never take a connection the command itself needs.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: PostgresDb) {}

  async once(input: Parameters<IdempotencyStore['once']>[0], execute: () => Promise<StoredResponse>) {
    let outcome: { replayed: boolean; response: StoredResponse } | undefined;
    try {
      await this.db.transaction(async (tx) => {
        const reservation = await reserveIdempotencyKey(tx, input);
        if (reservation.type === 'replay') {
          const { statusCode: status, body, contentType } = reservation;
          outcome = { replayed: true, response: { status, ...(body !== undefined && { body }), ...(contentType !== undefined && { contentType }) } };
          return;
        }
        const response = await execute();
        outcome = { replayed: false, response };
        if (response.status >= 500) throw new NotStored();
        await completeIdempotencyKey(tx, { ...input, statusCode: response.status, body: response.body, contentType: response.contentType });
      });
    } catch (error) {
      if (!(error instanceof NotStored)) throw error;
    }
    if (!outcome) throw new Error('idempotent request ended without an outcome');
    return outcome;
  }
}
