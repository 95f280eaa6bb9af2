/**
 * `AssignmentResolver` over an organisation tree held in memory (tests, scenarios). Same rules as the
 * PostgreSQL resolver: relation `self`/`upper`, then the nearest section with the tag (own subtree first,
 * then each ancestor's), then members with the role as candidate users, or the unit itself as the group.
 */
import type { AssignmentRequest, AssignmentResolution, AssignmentResolver, StoreTransaction } from '@zhifa/engine';

export interface OrgUnitSpec {
  readonly id: string;
  readonly parentId?: string;
  readonly tags?: readonly string[];
  /** Memberships: user id → role in the unit (`leader`, `member`, `admin`). */
  readonly members?: Readonly<Record<string, string>>;
}

const NONE: AssignmentResolution = { candidateUsers: [], candidateGroups: [] };

export class InMemoryAssignmentResolver implements AssignmentResolver {
  private readonly units: ReadonlyMap<string, OrgUnitSpec>;
  /** Requests seen, for assertions. */
  readonly requests: AssignmentRequest[] = [];

  constructor(units: readonly OrgUnitSpec[]) {
    this.units = new Map(units.map((u) => [u.id, u]));
  }

  async resolve(_tx: StoreTransaction, request: AssignmentRequest): Promise<AssignmentResolution> {
    this.requests.push(request);
    const { unit, relation, section, role } = request.orgAssignment;
    let target = unit === undefined ? undefined : this.units.get(unit);
    if (target && relation === 'upper') target = target.parentId === undefined ? undefined : this.units.get(target.parentId);
    if (target && section) target = this.nearestTagged(target, section);
    if (!target) return NONE;
    if (role === undefined || role === '') return { candidateUsers: [], candidateGroups: [target.id] };
    const users = Object.entries(target.members ?? {}).filter(([, r]) => r === role).map(([userId]) => userId).sort();
    return { candidateUsers: users, candidateGroups: [] };
  }

  private nearestTagged(from: OrgUnitSpec, tag: string): OrgUnitSpec | undefined {
    for (let level: OrgUnitSpec | undefined = from; level; level = level.parentId === undefined ? undefined : this.units.get(level.parentId)) {
      const found = this.subtree(level).find((u) => u.tags?.includes(tag));
      if (found) return found;
    }
    return undefined;
  }

  /** The unit and everything below it, shallowest first. */
  private subtree(root: OrgUnitSpec): OrgUnitSpec[] {
    const out: OrgUnitSpec[] = [];
    const queue = [root];
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      out.push(unit);
      for (const child of this.units.values()) if (child.parentId === unit.id) queue.push(child);
    }
    return out;
  }
}
