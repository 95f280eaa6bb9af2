import { forbidden, notFound } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { Directory, InstanceVisibility, OwnershipStore, TaskView, Viewer } from './ports.js';

/**
 * Access rules of issue 3 item 4, one place for every route. Something the caller may not see is 404 when
 * it belongs to another unit (its existence is not revealed) and 403 within the caller's unit chain; what
 * the caller may see but not change is 403.
 */
export class AccessService {
  constructor(
    private readonly directory: Directory,
    private readonly ownership: OwnershipStore,
    private readonly visibility: InstanceVisibility,
  ) {}

  /** Whether the task names the caller: assignee, candidate user, member of a candidate group or unit. */
  isCandidate(principal: Principal, task: TaskView): boolean {
    return (
      task.assignee === principal.id ||
      task.candidateUsers.includes(principal.id) ||
      task.candidateUsers.includes(principal.username) ||
      task.candidateGroups.some((group) => principal.groups.includes(group)) ||
      (principal.unitId !== null && task.candidateUnits.includes(principal.unitId))
    );
  }

  /** Tasks are seen by the people they name, admins, auditors, and whoever may see their instance. */
  async assertTaskVisible(principal: Principal, task: TaskView): Promise<void> {
    if (hasRole(principal, 'admin', 'auditor') || this.isCandidate(principal, task)) return;
    if (await this.visibility.canView(task.instanceId, await this.viewerOf(principal))) return;
    if (!(await this.sameUnit(principal, task.instanceId))) throw notFound('task', task.id);
    throw forbidden('the task is not assigned to you or your groups');
  }

  /** Acting on a task (claim, unclaim, complete): admins and the people the task names. */
  async assertTaskActionable(principal: Principal, task: TaskView): Promise<void> {
    await this.assertTaskVisible(principal, task);
    if (hasRole(principal, 'admin') || this.isCandidate(principal, task)) return;
    throw forbidden('the task is not assigned to you or your groups');
  }

  /**
   * Instances are seen by their initiator, participants (task assignee, candidate or completer), people
   * copied on them, supervisors of the owning unit, auditors and admins — the same rule the lists use.
   */
  async assertInstanceVisible(principal: Principal, instanceId: string): Promise<void> {
    if (hasRole(principal, 'admin', 'auditor')) return;
    if (await this.visibility.canView(instanceId, await this.viewerOf(principal))) return;
    if (!(await this.sameUnit(principal, instanceId))) throw notFound('process instance', instanceId);
    throw forbidden('you are not a participant of this process instance');
  }

  /** Of `instanceIds`, those the caller may see (the rule of {@link assertInstanceVisible}, for a whole list at once). */
  async visibleInstances(principal: Principal, instanceIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (hasRole(principal, 'admin', 'auditor')) return new Set(instanceIds);
    return this.visibility.visibleAmong(instanceIds, await this.viewerOf(principal));
  }

  /** Changing an instance (cancel, variables): admins, the initiator and supervisors of the owning unit. */
  async assertInstanceManageable(principal: Principal, instanceId: string): Promise<void> {
    await this.assertInstanceVisible(principal, instanceId);
    if (hasRole(principal, 'admin')) return;
    const owner = await this.ownership.get(instanceId);
    if (owner?.startedBy === principal.id) return;
    if (owner?.ownerUnitId && (await this.directory.supervises(principal.id, owner.ownerUnitId))) return;
    throw forbidden('only the initiator, a supervisor or an admin may change this process instance');
  }

  /** The caller as the SQL visibility filter sees them. */
  async viewerOf(principal: Principal): Promise<Viewer & { readonly supervisedUnitIds: readonly string[] }> {
    return {
      userId: principal.id,
      groups: [...principal.groups, principal.username],
      unitIds: principal.unitId ? [principal.unitId] : [],
      supervisedUnitIds: await this.directory.supervisedUnitIds(principal.id),
    };
  }

  /**
   * Same unit: the instance's owning unit is the caller's unit, lies under it, or lies above it. Instances
   * without an owner (started by the system) belong to everybody's unit.
   */
  async sameUnit(principal: Principal, instanceId: string): Promise<boolean> {
    const owner = await this.ownership.get(instanceId);
    if (!owner?.ownerUnitId) return true;
    if (!principal.unitId) return false;
    if (owner.ownerUnitId === principal.unitId) return true;
    const ownerChain = await this.directory.ancestorsOf(owner.ownerUnitId);
    if (ownerChain.includes(principal.unitId)) return true;
    const callerChain = await this.directory.ancestorsOf(principal.unitId);
    return callerChain.includes(owner.ownerUnitId);
  }
}
