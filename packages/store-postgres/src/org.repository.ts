import { randomUUID } from 'node:crypto';
import type { Sql } from './sql.js';
import { toUser, userColumns, type User } from './user.repository.js';

/** Kinds of organisation unit (city → bureau / township / sub-district → section). */
export const UnitKind = { city: 'city', bureau: 'bureau', township: 'township', subdistrict: 'subdistrict', section: 'section' } as const;
export type UnitKind = (typeof UnitKind)[keyof typeof UnitKind];

/** Well-known unit tags. */
export const UnitTag = {
  /** 法制科: the unit that performs legal review. */
  legalAffairs: 'legal-affairs',
  /** 市司法局: the bureau that supervises enforcement and reviews for bureaus without their own 法制科. */
  justiceBureau: 'justice-bureau',
  /** 行政执法单位. */
  enforcement: 'enforcement',
} as const;

/** Roles a user can have inside a unit (membership). */
export const UnitRole = { leader: 'leader', member: 'member', admin: 'admin' } as const;
export type UnitRole = (typeof UnitRole)[keyof typeof UnitRole];

export interface OrgUnit {
  readonly id: string;
  readonly parentId?: string;
  readonly name: string;
  readonly kind: string;
  readonly code?: string;
  readonly tags: readonly string[];
  /** The leader / responsible person (escalation target). */
  readonly responsibleUserId?: string;
}

interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  code: string | null;
  tags: string[];
  responsible_user_id: string | null;
}

const unitColumns = 'u.id, u.parent_id, u.name, u.kind, u.code, u.tags, u.responsible_user_id';

function toUnit(row: UnitRow): OrgUnit {
  return {
    id: row.id,
    ...(row.parent_id !== null && { parentId: row.parent_id }),
    name: row.name,
    kind: row.kind,
    ...(row.code !== null && { code: row.code }),
    tags: row.tags,
    ...(row.responsible_user_id !== null && { responsibleUserId: row.responsible_user_id }),
  };
}

export interface NewUnit {
  readonly id?: string;
  readonly parentId?: string;
  readonly name: string;
  readonly kind: string;
  /** Stable business code (unique), e.g. `sfj` — used by seeds to stay idempotent. */
  readonly code?: string;
  readonly tags?: readonly string[];
  readonly responsibleUserId?: string;
}

export async function createUnit(sql: Sql, input: NewUnit): Promise<OrgUnit> {
  const [row] = await sql.query<UnitRow>(
    `INSERT INTO org_unit AS u (id, parent_id, name, kind, code, tags, responsible_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${unitColumns}`,
    [input.id ?? randomUUID(), input.parentId ?? null, input.name, input.kind, input.code ?? null, input.tags ?? [], input.responsibleUserId ?? null],
  );
  if (!row) throw new Error('insert returned no row');
  return toUnit(row);
}

/** Sets (or clears) the responsible person of a unit. */
export async function setUnitResponsible(sql: Sql, unitId: string, userId: string | null): Promise<void> {
  await sql.query(`UPDATE org_unit SET responsible_user_id = $2 WHERE id = $1`, [unitId, userId]);
}

export async function getUnit(sql: Sql, id: string): Promise<OrgUnit | undefined> {
  const [row] = await sql.query<UnitRow>(`SELECT ${unitColumns} FROM org_unit u WHERE u.id = $1`, [id]);
  return row && toUnit(row);
}

export async function findUnitByCode(sql: Sql, code: string): Promise<OrgUnit | undefined> {
  const [row] = await sql.query<UnitRow>(`SELECT ${unitColumns} FROM org_unit u WHERE u.code = $1`, [code]);
  return row && toUnit(row);
}

/** Every unit, parents before children (for the admin tree view). */
export async function listUnits(sql: Sql): Promise<OrgUnit[]> {
  const rows = await sql.query<UnitRow>(
    `WITH RECURSIVE t AS (
       SELECT id, 0 AS depth FROM org_unit WHERE parent_id IS NULL
       UNION ALL SELECT c.id, t.depth + 1 FROM org_unit c JOIN t ON c.parent_id = t.id)
     SELECT ${unitColumns} FROM org_unit u JOIN t ON t.id = u.id ORDER BY t.depth, u.sort_order, u.name`,
  );
  return rows.map(toUnit);
}

export async function childUnits(sql: Sql, parentId: string): Promise<OrgUnit[]> {
  const rows = await sql.query<UnitRow>(`SELECT ${unitColumns} FROM org_unit u WHERE u.parent_id = $1 ORDER BY u.sort_order, u.name`, [parentId]);
  return rows.map(toUnit);
}

/** Ancestors of a unit, nearest first (the unit itself excluded). */
export async function ancestorUnits(sql: Sql, unitId: string): Promise<OrgUnit[]> {
  const rows = await sql.query<UnitRow>(
    `WITH RECURSIVE up AS (
       SELECT parent_id AS id, 1 AS depth FROM org_unit WHERE id = $1
       UNION ALL SELECT p.parent_id, up.depth + 1 FROM org_unit p JOIN up ON p.id = up.id WHERE up.depth < 64)
     SELECT ${unitColumns} FROM org_unit u JOIN up ON up.id = u.id ORDER BY up.depth`,
    [unitId],
  );
  return rows.map(toUnit);
}

/** Ids of a unit and all units below it (for "supervisors of the owning unit" scoping). */
export async function descendantUnitIds(sql: Sql, unitIds: readonly string[]): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `WITH RECURSIVE down AS (
       SELECT id, 0 AS depth FROM org_unit WHERE id = ANY($1::text[])
       UNION SELECT c.id, down.depth + 1 FROM org_unit c JOIN down ON c.parent_id = down.id WHERE down.depth < 64)
     SELECT DISTINCT id FROM down`,
    [unitIds],
  );
  return rows.map((r) => r.id);
}

/** 上级业务主管部门: the unit one level up, if any. */
export async function upperLevelUnit(sql: Sql, unitId: string): Promise<OrgUnit | undefined> {
  const [row] = await sql.query<UnitRow>(
    `SELECT ${unitColumns} FROM org_unit u JOIN org_unit c ON c.parent_id = u.id WHERE c.id = $1`,
    [unitId],
  );
  return row && toUnit(row);
}

/** The nearest unit of one of `kinds` at or above `unitId` (e.g. the bureau a section belongs to). */
export async function enclosingUnitOfKind(sql: Sql, unitId: string, kinds: readonly string[]): Promise<OrgUnit | undefined> {
  const self = await getUnit(sql, unitId);
  if (!self) return undefined;
  if (kinds.includes(self.kind)) return self;
  return (await ancestorUnits(sql, unitId)).find((unit) => kinds.includes(unit.kind));
}

/** Units tagged `tag` in the subtree of `under` (inclusive; whole tree when omitted), shallowest first. */
export async function findUnitsByTag(sql: Sql, tag: string, options: { readonly under?: string } = {}): Promise<OrgUnit[]> {
  const rows = await sql.query<UnitRow>(
    `WITH RECURSIVE down AS (
       SELECT id, 0 AS depth FROM org_unit WHERE ($1::text IS NULL AND parent_id IS NULL) OR id = $1
       UNION ALL SELECT c.id, down.depth + 1 FROM org_unit c JOIN down ON c.parent_id = down.id WHERE down.depth < 64)
     SELECT ${unitColumns} FROM org_unit u JOIN down ON down.id = u.id
      WHERE $2 = ANY(u.tags) ORDER BY down.depth, u.sort_order, u.name`,
    [options.under ?? null, tag],
  );
  return rows.map(toUnit);
}

/**
 * The unit tagged `tag` closest to `unitId`: searched in the unit's own subtree, then in the subtree of
 * each ancestor in turn. Where one level holds several (e.g. every bureau's 法制科 under the city), those
 * inside a unit tagged `prefer` win (e.g. the justice bureau's 法制科 for a bureau without its own).
 */
export async function findNearestUnitByTag(
  sql: Sql,
  unitId: string,
  tag: string,
  options: { readonly prefer?: string } = {},
): Promise<OrgUnit | undefined> {
  const levels = [unitId, ...(await ancestorUnits(sql, unitId)).map((unit) => unit.id)];
  for (const level of levels) {
    const found = await findUnitsByTag(sql, tag, { under: level });
    if (found.length === 0) continue;
    if (found.length === 1 || options.prefer === undefined) return found[0];
    for (const candidate of found) {
      const chain = [candidate, ...(await ancestorUnits(sql, candidate.id))];
      if (chain.some((unit) => unit.tags.includes(options.prefer ?? ''))) return candidate;
    }
    return found[0];
  }
  return undefined;
}

/** 法制科 that reviews for `unitId`: its own bureau's, else the justice bureau's. */
export function legalAffairsSectionFor(sql: Sql, unitId: string): Promise<OrgUnit | undefined> {
  return findNearestUnitByTag(sql, unitId, UnitTag.legalAffairs, { prefer: UnitTag.justiceBureau });
}

/** Adds a membership (no-op when it exists). */
export async function addMembership(sql: Sql, userId: string, unitId: string, role: string): Promise<void> {
  await sql.query(`INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [userId, unitId, role]);
}

export async function removeMembership(sql: Sql, userId: string, unitId: string, role: string): Promise<void> {
  await sql.query(`DELETE FROM membership WHERE user_id = $1 AND unit_id = $2 AND role = $3`, [userId, unitId, role]);
}

/** Users holding `role` in the unit (any role when omitted), by username. */
export async function unitMembers(sql: Sql, unitId: string, role?: string): Promise<User[]> {
  const rows = await sql.query<Parameters<typeof toUser>[0]>(
    `SELECT DISTINCT ${userColumns.split(', ').map((c) => `a.${c}`).join(', ')}
       FROM app_user a JOIN membership m ON m.user_id = a.id
      WHERE m.unit_id = $1 AND ($2::text IS NULL OR m.role = $2) ORDER BY a.username`,
    [unitId, role ?? null],
  );
  return rows.map(toUser);
}

/** A user's memberships: which units, in which role. */
export async function membershipsOf(sql: Sql, userId: string): Promise<{ unitId: string; role: string }[]> {
  const rows = await sql.query<{ unit_id: string; role: string }>(
    `SELECT unit_id, role FROM membership WHERE user_id = $1 ORDER BY unit_id, role`,
    [userId],
  );
  return rows.map((r) => ({ unitId: r.unit_id, role: r.role }));
}

/** Who answers for a unit: its responsible user, else its first leader member. */
export async function responsibleUserOf(sql: Sql, unitId: string): Promise<string | undefined> {
  const [row] = await sql.query<{ id: string | null }>(
    `SELECT COALESCE(u.responsible_user_id,
       (SELECT m.user_id FROM membership m WHERE m.unit_id = u.id AND m.role = 'leader' ORDER BY m.created_at, m.user_id LIMIT 1)) AS id
       FROM org_unit u WHERE u.id = $1`,
    [unitId],
  );
  return row?.id ?? undefined;
}
