import { addMembership, findUnitByCode, UnitKind, UnitRole, UnitTag } from './org.repository.js';
import type { Sql } from './sql.js';
import { createUser, findUserByUsername, UserRole } from './user.repository.js';

interface UnitSeed {
  readonly code: string;
  readonly parent?: string;
  readonly name: string;
  readonly kind: UnitKind;
  readonly tags: readonly string[];
}

/** The demo organisation (issue 3): city → bureaus / sub-district / township → sections. */
export const demoUnits: readonly UnitSeed[] = [
  { code: 'city', name: '市人民政府', kind: UnitKind.city, tags: [] },
  { code: 'sfj', parent: 'city', name: '市司法局', kind: UnitKind.bureau, tags: [UnitTag.justiceBureau] },
  { code: 'sfj-fzk', parent: 'sfj', name: '法制科', kind: UnitKind.section, tags: [UnitTag.legalAffairs] },
  { code: 'sfj-jdk', parent: 'sfj', name: '行政执法协调监督科', kind: UnitKind.section, tags: ['supervision'] },
  { code: 'scjgj', parent: 'city', name: '市市场监督管理局', kind: UnitKind.bureau, tags: [UnitTag.enforcement] },
  { code: 'scjgj-fzk', parent: 'scjgj', name: '法制科', kind: UnitKind.section, tags: [UnitTag.legalAffairs] },
  { code: 'scjgj-jck', parent: 'scjgj', name: '执法稽查科', kind: UnitKind.section, tags: [] },
  // No legal-affairs section: its legal reviews go to the justice bureau's 法制科.
  { code: 'sthjj', parent: 'city', name: '市生态环境局', kind: UnitKind.bureau, tags: [UnitTag.enforcement] },
  { code: 'sthjj-zfk', parent: 'sthjj', name: '执法监察科', kind: UnitKind.section, tags: [] },
  { code: 'jd-chengguan', parent: 'city', name: '城关街道办事处', kind: UnitKind.subdistrict, tags: [UnitTag.enforcement] },
  { code: 'zhen-qingshan', parent: 'city', name: '青山镇人民政府', kind: UnitKind.township, tags: [UnitTag.enforcement] },
];

interface UserSeed {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly unit: string;
  /** Role inside the unit (membership). */
  readonly unitRole: UnitRole;
}

const staff = [UserRole.staff];

/** Demo users per role; `*.leader` are the responsible persons of their units. */
export const demoUsers: readonly UserSeed[] = [
  { username: 'admin', displayName: '系统管理员', roles: [UserRole.admin], unit: 'city', unitRole: UnitRole.admin },
  { username: 'analyst', displayName: '流程分析员', roles: [UserRole.analyst], unit: 'sfj', unitRole: UnitRole.member },
  { username: 'auditor', displayName: '审计员', roles: [UserRole.auditor], unit: 'sfj', unitRole: UnitRole.member },
  { username: 'zhang.san', displayName: '张三', roles: staff, unit: 'scjgj-jck', unitRole: UnitRole.member },
  { username: 'li.si', displayName: '李四', roles: staff, unit: 'scjgj-fzk', unitRole: UnitRole.member },
  { username: 'wang.wu', displayName: '王五', roles: staff, unit: 'sfj-fzk', unitRole: UnitRole.member },
  { username: 'zhao.liu', displayName: '赵六', roles: staff, unit: 'sthjj-zfk', unitRole: UnitRole.member },
  { username: 'sun.qi', displayName: '孙七', roles: staff, unit: 'jd-chengguan', unitRole: UnitRole.member },
  { username: 'zhou.ba', displayName: '周八', roles: staff, unit: 'zhen-qingshan', unitRole: UnitRole.member },
  { username: 'city.leader', displayName: '刘市长', roles: staff, unit: 'city', unitRole: UnitRole.leader },
  { username: 'sfj.leader', displayName: '陈局长', roles: staff, unit: 'sfj', unitRole: UnitRole.leader },
  { username: 'sfj-fzk.leader', displayName: '吴科长', roles: staff, unit: 'sfj-fzk', unitRole: UnitRole.leader },
  { username: 'scjgj.leader', displayName: '郑局长', roles: staff, unit: 'scjgj', unitRole: UnitRole.leader },
  { username: 'scjgj-fzk.leader', displayName: '冯科长', roles: staff, unit: 'scjgj-fzk', unitRole: UnitRole.leader },
  { username: 'sthjj.leader', displayName: '褚局长', roles: staff, unit: 'sthjj', unitRole: UnitRole.leader },
  { username: 'jd-chengguan.leader', displayName: '卫主任', roles: staff, unit: 'jd-chengguan', unitRole: UnitRole.leader },
  { username: 'zhen-qingshan.leader', displayName: '蒋镇长', roles: staff, unit: 'zhen-qingshan', unitRole: UnitRole.leader },
];

export interface DemoOrganisation {
  /** Unit id by code (`sfj`, `scjgj-fzk`, …). */
  readonly units: Readonly<Record<string, string>>;
  /** User id by username. */
  readonly users: Readonly<Record<string, string>>;
  /** Units and users created by this call (0 and 0 when the demo already existed). */
  readonly created: { readonly units: number; readonly users: number };
}

/**
 * Seeds the demo organisation and users. Idempotent: existing units (by code), users (by username),
 * memberships and responsible persons are left as they are, passwords included. Ids are stable
 * (`unit-<code>`, `user-<username>`), so fixtures may name them.
 */
export async function seedDemoOrganisation(tx: Sql, options: { readonly password: string }): Promise<DemoOrganisation> {
  const units: Record<string, string> = {};
  const users: Record<string, string> = {};
  let createdUnits = 0;
  let createdUsers = 0;
  // Two processes starting at once must not both create the demo.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('zhifa-seed-demo'))`);
  for (const unit of demoUnits) {
    const existing = await findUnitByCode(tx, unit.code);
    if (existing) {
      units[unit.code] = existing.id;
      continue;
    }
    const id = `unit-${unit.code}`;
    const parentId = unit.parent === undefined ? null : (units[unit.parent] ?? null);
    await tx.query(
      `INSERT INTO org_unit (id, parent_id, name, kind, code, tags, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, parentId, unit.name, unit.kind, unit.code, unit.tags, demoUnits.indexOf(unit)],
    );
    units[unit.code] = id;
    createdUnits += 1;
  }
  for (const user of demoUsers) {
    const unitId = units[user.unit];
    const existing = await findUserByUsername(tx, user.username);
    const id =
      existing?.id ??
      (await createUser(tx, { id: `user-${user.username}`, username: user.username, displayName: user.displayName, password: options.password, roles: user.roles, ...(unitId !== undefined && { unitId }) })).id;
    if (!existing) createdUsers += 1;
    users[user.username] = id;
    if (unitId === undefined) continue;
    await addMembership(tx, id, unitId, user.unitRole);
    if (user.unitRole === UnitRole.leader) {
      await tx.query(`UPDATE org_unit SET responsible_user_id = $2 WHERE id = $1 AND responsible_user_id IS NULL`, [unitId, id]);
    }
  }
  return { units, users, created: { units: createdUnits, users: createdUsers } };
}
