import { randomUUID } from 'node:crypto';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';
import { DuplicateError } from './store-errors.js';
import type { Sql } from './sql.js';

/** Application roles (issue 3): admin, analyst (model/deploy), staff, auditor (read-only audit). */
export const UserRole = { admin: 'admin', analyst: 'analyst', staff: 'staff', auditor: 'auditor' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/** A user as the API sees it (never the password hash). */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly unitId?: string;
  readonly email?: string;
  readonly active: boolean;
  readonly createdAt: string;
}

export interface NewUser {
  /** Default: a fresh UUID. */
  readonly id?: string;
  readonly username: string;
  readonly displayName: string;
  /** Plain password, hashed here with scrypt; omit for an account that cannot log in yet. */
  readonly password?: string;
  readonly roles?: readonly string[];
  readonly unitId?: string;
  readonly email?: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  unit_id: string | null;
  email: string | null;
  active: boolean;
  created_at: Date;
}

export const userColumns = 'id, username, display_name, roles, unit_id, email, active, created_at';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    ...(row.unit_id !== null && { unitId: row.unit_id }),
    ...(row.email !== null && { email: row.email }),
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

/** Creates a user; throws `DuplicateError` when the username is taken. */
export async function createUser(sql: Sql, input: NewUser): Promise<User> {
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  const rows = await sql.query<UserRow>(
    `INSERT INTO app_user (id, username, display_name, password_hash, roles, unit_id, email)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING RETURNING ${userColumns}`,
    [input.id ?? randomUUID(), input.username, input.displayName, hash, input.roles ?? [UserRole.staff], input.unitId ?? null, input.email ?? null],
  );
  const [row] = rows;
  if (!row) throw new DuplicateError('user', input.username);
  return toUser(row);
}

export async function findUserById(sql: Sql, id: string): Promise<User | undefined> {
  const [row] = await sql.query<UserRow>(`SELECT ${userColumns} FROM app_user WHERE id = $1`, [id]);
  return row && toUser(row);
}

export async function findUserByUsername(sql: Sql, username: string): Promise<User | undefined> {
  const [row] = await sql.query<UserRow>(`SELECT ${userColumns} FROM app_user WHERE username = $1`, [username]);
  return row && toUser(row);
}

/** Users by id (missing ids are skipped), e.g. to show names next to task assignees. */
export async function findUsersByIds(sql: Sql, ids: readonly string[]): Promise<User[]> {
  const rows = await sql.query<UserRow>(`SELECT ${userColumns} FROM app_user WHERE id = ANY($1::text[]) ORDER BY username`, [ids]);
  return rows.map(toUser);
}

/** All users, optionally of one unit, by username. */
export async function listUsers(sql: Sql, filter: { readonly unitId?: string; readonly role?: string } = {}): Promise<User[]> {
  const rows = await sql.query<UserRow>(
    `SELECT ${userColumns} FROM app_user
      WHERE ($1::text IS NULL OR unit_id = $1) AND ($2::text IS NULL OR $2 = ANY(roles)) ORDER BY username`,
    [filter.unitId ?? null, filter.role ?? null],
  );
  return rows.map(toUser);
}

/**
 * The user when the username exists, is active and the password matches; otherwise undefined. Unknown
 * usernames cost the same scrypt time as known ones.
 */
export async function verifyUserCredentials(sql: Sql, username: string, password: string): Promise<User | undefined> {
  const [row] = await sql.query<UserRow & { password_hash: string | null }>(
    `SELECT ${userColumns}, password_hash FROM app_user WHERE username = $1`,
    [username],
  );
  if (!row || row.password_hash === null || !row.active) {
    await verifyAgainstDummy(password);
    return undefined;
  }
  return (await verifyPassword(password, row.password_hash)) ? toUser(row) : undefined;
}

/** Sets a new password (hashed with scrypt). Returns false when the user does not exist. */
export async function setUserPassword(sql: Sql, userId: string, password: string): Promise<boolean> {
  const result = await sql.execute(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [userId, await hashPassword(password)]);
  return result.rowCount === 1;
}

/** Changes roles, unit, display name, e-mail or active flag; only the given fields. */
export async function updateUser(
  sql: Sql,
  userId: string,
  patch: { readonly roles?: readonly string[]; readonly unitId?: string | null; readonly displayName?: string; readonly email?: string | null; readonly active?: boolean },
): Promise<User | undefined> {
  const [row] = await sql.query<UserRow>(
    `UPDATE app_user SET
       roles = COALESCE($2, roles),
       unit_id = CASE WHEN $3 THEN $4 ELSE unit_id END,
       display_name = COALESCE($5, display_name),
       email = CASE WHEN $6 THEN $7 ELSE email END,
       active = COALESCE($8, active)
     WHERE id = $1 RETURNING ${userColumns}`,
    [
      userId,
      patch.roles ?? null,
      patch.unitId !== undefined,
      patch.unitId ?? null,
      patch.displayName ?? null,
      patch.email !== undefined,
      patch.email ?? null,
      patch.active ?? null,
    ],
  );
  return row && toUser(row);
}
