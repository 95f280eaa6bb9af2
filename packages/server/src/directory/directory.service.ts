import type { DirectoryUnit, DirectoryUser, DirectoryUserQuery, InstanceNames } from '@zhifa/api-types';
import { getInstanceSummary, listUnits, membershipsOf, type OrgUnit, type PostgresDb } from '@zhifa/store-postgres';
import { hasRole, type Principal } from '../auth/principal.js';
import { notFound } from '../http/api-error.js';
import type { AccessService } from '../services/access.service.js';
import { namesInInstance, searchDirectoryUsers } from './directory.queries.js';

/** Unit kinds that make a 机关 (an office with its own sections): the root of a caller's directory. */
const OFFICE_KINDS: ReadonlySet<string> = new Set(['bureau', 'township', 'subdistrict']);

const DEFAULT_LIMIT = 50;

/**
 * The user directory the pickers read (转办, 委派, 加签, 抄送), scoped like an identity service per office:
 * an admin sees everyone; anyone else sees the users of their 机关 — the nearest bureau, township or
 * sub-district at or above each of their units (their own unit when there is none, e.g. the city
 * government) — with every unit below it, plus the users of the unit directly above the 机关 (上级, e.g.
 * 市人民政府). A user with no unit and no membership sees nobody.
 */
export class DirectoryService {
  constructor(
    private readonly db: PostgresDb,
    private readonly access: AccessService,
  ) {}

  async users(principal: Principal, query: DirectoryUserQuery): Promise<DirectoryUser[]> {
    const units = await listUnits(this.db);
    const scope = await this.scopeOf(principal, units);
    const byId = new Map(units.map((u) => [u.id, u]));
    if (query.unitId !== undefined && scope !== 'all' && !scope.has(query.unitId)) return [];
    const rows = await searchDirectoryUsers(this.db, {
      ...(scope !== 'all' && { unitIds: [...scope] }),
      ...(query.q && { q: query.q }),
      ...(query.unitId !== undefined && { unitId: query.unitId }),
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return rows.map((r) => {
      const unit = r.unitId === null ? undefined : byId.get(r.unitId);
      return { ...r, unitName: unit?.name ?? null, unitPath: unit ? pathOf(unit, byId) : null };
    });
  }

  async units(principal: Principal, q: string | undefined): Promise<DirectoryUnit[]> {
    const units = await listUnits(this.db);
    const scope = await this.scopeOf(principal, units);
    const byId = new Map(units.map((u) => [u.id, u]));
    const text = q?.trim().toLowerCase();
    return units
      .filter((u) => (scope === 'all' || scope.has(u.id)) && (!text || pathOf(u, byId).toLowerCase().includes(text)))
      .map((u) => ({ id: u.id, name: u.name, parentId: u.parentId ?? null, path: pathOf(u, byId) }));
  }

  /** Display names for an instance's timeline, for whoever may see the instance. */
  async instanceNames(principal: Principal, instanceId: string): Promise<InstanceNames> {
    await this.access.assertInstanceVisible(principal, instanceId);
    if (!(await getInstanceSummary(this.db, instanceId))) throw notFound('process instance', instanceId);
    return namesInInstance(this.db, instanceId);
  }

  private async scopeOf(principal: Principal, units: readonly OrgUnit[]): Promise<'all' | Set<string>> {
    if (hasRole(principal, 'admin')) return 'all';
    const byId = new Map(units.map((u) => [u.id, u]));
    const own = new Set([...(principal.unitId ? [principal.unitId] : []), ...(await membershipsOf(this.db, principal.id)).map((m) => m.unitId)]);
    const scope = new Set<string>();
    for (const unitId of own) {
      const unit = byId.get(unitId);
      if (!unit) continue;
      const office = officeOf(unit, byId);
      for (const id of subtree(office.id, units)) scope.add(id);
      if (office.parentId !== undefined) scope.add(office.parentId);
    }
    return scope;
  }
}

function officeOf(unit: OrgUnit, byId: ReadonlyMap<string, OrgUnit>): OrgUnit {
  for (let current: OrgUnit | undefined = unit, depth = 0; current && depth < 64; current = current.parentId ? byId.get(current.parentId) : undefined, depth += 1) {
    if (OFFICE_KINDS.has(current.kind)) return current;
  }
  return unit;
}

/** The unit and every unit below it (`units` lists parents before children). */
function subtree(rootId: string, units: readonly OrgUnit[]): Set<string> {
  const ids = new Set([rootId]);
  for (const u of units) if (u.parentId !== undefined && ids.has(u.parentId)) ids.add(u.id);
  return ids;
}

/** `市市场监督管理局 / 法制科`: the unit's ancestors without the top-level one, unless it is the top. */
export function pathOf(unit: OrgUnit, byId: ReadonlyMap<string, OrgUnit>): string {
  const names = [unit.name];
  for (let parent = unit.parentId ? byId.get(unit.parentId) : undefined, depth = 0; parent?.parentId !== undefined && depth < 64; parent = byId.get(parent.parentId), depth += 1) {
    names.unshift(parent.name);
  }
  return names.join(' / ');
}
