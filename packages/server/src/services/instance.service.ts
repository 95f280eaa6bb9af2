import type { HistoryEntry, ProcessInstance, StartInstanceRequest, Variables } from '@zhifa/api-types';
import { toJsonObject, type EngineApi, type InstanceRecord, type InstanceStore, type InstanceStatus } from '@zhifa/engine';
import { notFound } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { AccessService } from './access.service.js';
import type { InstanceLister } from './ports.js';
import { toHistoryEntry, toProcessInstance } from './instance-view.js';

export interface InstanceFilter {
  readonly state?: InstanceStatus;
  readonly key?: string;
  readonly businessKey?: string;
}

export class InstanceService {
  constructor(
    private readonly engine: EngineApi,
    private readonly store: InstanceStore,
    private readonly access: AccessService,
    private readonly lister: InstanceLister,
  ) {}

  /**
   * Starts the latest version of `key`; the caller becomes the initiator and their unit the owner, both
   * written with the instance row in the start's transaction (no committed instance without its owner).
   */
  async start(principal: Principal, key: string, request: StartInstanceRequest): Promise<ProcessInstance> {
    const result = await this.engine.startProcess(key, {
      variables: toJsonObject(request.variables),
      initiator: principal.id,
      ...(principal.unitId !== null && { ownerUnitId: principal.unitId }),
      ...(request.businessKey !== undefined && { businessKey: request.businessKey }),
    });
    return toProcessInstance(await this.load(result.instanceId));
  }

  async get(principal: Principal, id: string): Promise<ProcessInstance> {
    const record = await this.visible(principal, id);
    return toProcessInstance(record);
  }

  async history(principal: Principal, id: string): Promise<HistoryEntry[]> {
    await this.visible(principal, id);
    return (await this.store.listHistory(id)).map(toHistoryEntry);
  }

  /**
   * Instances the caller may see, filtered in SQL: everything for admins and auditors; otherwise those they
   * started, take part in (task assignee, candidate or completer), were copied on, or supervise.
   */
  async list(principal: Principal, filter: InstanceFilter): Promise<ProcessInstance[]> {
    const viewer = hasRole(principal, 'admin', 'auditor') ? undefined : await this.access.viewerOf(principal);
    const records = await this.lister.list(viewer, {
      ...(filter.key !== undefined && { processId: filter.key }),
      ...(filter.state !== undefined && { status: filter.state }),
      ...(filter.businessKey !== undefined && { businessKey: filter.businessKey }),
    });
    return records.map(toProcessInstance);
  }

  async cancel(principal: Principal, id: string, reason: string): Promise<ProcessInstance> {
    await this.load(id);
    await this.access.assertInstanceManageable(principal, id);
    await this.engine.cancelInstance(id, `${reason} (by ${principal.username})`);
    return toProcessInstance(await this.load(id));
  }

  async setVariables(principal: Principal, id: string, variables: Variables): Promise<ProcessInstance> {
    await this.load(id);
    await this.access.assertInstanceManageable(principal, id);
    await this.engine.setVariables(id, toJsonObject(variables));
    return toProcessInstance(await this.load(id));
  }

  private async visible(principal: Principal, id: string): Promise<InstanceRecord> {
    const record = await this.load(id);
    await this.access.assertInstanceVisible(principal, id);
    return record;
  }

  private async load(id: string): Promise<InstanceRecord> {
    const record = await this.store.findInstance(id);
    if (!record) throw notFound('process instance', id);
    return record;
  }
}
