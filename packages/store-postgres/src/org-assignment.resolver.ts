/**
 * The engine's `AssignmentResolver` on the organisation tables: a task's `zhifa:assignment` (unit, relation,
 * section tag, role) becomes candidate users (members with the role) or a candidate group (the unit id).
 * Runs inside the command's transaction, so the task is committed with its candidates.
 */
import type { AssignmentRequest, AssignmentResolution, AssignmentResolver, StoreTransaction } from '@zhifa/engine';
import { findNearestUnitByTag, findUnitByCode, getUnit, unitMembers, upperLevelUnit, UnitTag, type OrgUnit } from './org.repository.js';
import { asPostgresTx, type Sql } from './sql.js';

const NONE: AssignmentResolution = { candidateUsers: [], candidateGroups: [] };

export class PostgresAssignmentResolver implements AssignmentResolver {
  async resolve(tx: StoreTransaction, request: AssignmentRequest): Promise<AssignmentResolution> {
    return resolveOrgAssignment(asPostgresTx(tx), request.orgAssignment);
  }
}

/**
 * `unit` may be a unit id or its business code. `relation`: `self` (default) or `upper` (上级业务主管部门).
 * `section`: the nearest unit with that tag — in the unit's own subtree, then each ancestor's; for several at
 * one level, the one inside the justice bureau (it reviews for bureaus without their own 法制科).
 * `role`: active members holding it; without a role the unit itself is the candidate group.
 */
export async function resolveOrgAssignment(sql: Sql, spec: AssignmentRequest['orgAssignment']): Promise<AssignmentResolution> {
  if (spec.unit === undefined || spec.unit === '') return NONE;
  let unit: OrgUnit | undefined = (await getUnit(sql, spec.unit)) ?? (await findUnitByCode(sql, spec.unit));
  if (unit && spec.relation === 'upper') unit = await upperLevelUnit(sql, unit.id);
  if (unit && spec.section) unit = await findNearestUnitByTag(sql, unit.id, spec.section, { prefer: UnitTag.justiceBureau });
  if (!unit) return NONE;
  if (spec.role === undefined || spec.role === '') return { candidateUsers: [], candidateGroups: [unit.id] };
  const members = await unitMembers(sql, unit.id, spec.role);
  return { candidateUsers: members.filter((m) => m.active).map((m) => m.id), candidateGroups: [] };
}
