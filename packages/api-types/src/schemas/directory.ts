import { z } from 'zod';

/** A user as the pickers show them (转办, 委派, 加签, 抄送): never roles, e-mail or credentials. */
export const DirectoryUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  /** The unit with its ancestors below the city, e.g. `市市场监督管理局 / 法制科` (unit names repeat). */
  unitPath: z.string().nullable(),
});
export type DirectoryUser = z.infer<typeof DirectoryUser>;
export const DirectoryUserList = z.array(DirectoryUser);

/** `GET /api/users`: users the caller may pick, matched on name, username or id. */
export const DirectoryUserQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  unitId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export type DirectoryUserQuery = z.infer<typeof DirectoryUserQuery>;

export const DirectoryUnit = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  path: z.string(),
});
export type DirectoryUnit = z.infer<typeof DirectoryUnit>;
export const DirectoryUnitList = z.array(DirectoryUnit);

/** `GET /api/units`: units the caller may pick (抄送 to a unit), matched on name. */
export const DirectoryUnitQuery = z.strictObject({ q: z.string().trim().max(100).optional() });
export type DirectoryUnitQuery = z.infer<typeof DirectoryUnitQuery>;

/** `GET /api/process-instances/:id/names`: display names of the users and units an instance's history names. */
export const InstanceNames = z.object({
  users: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type InstanceNames = z.infer<typeof InstanceNames>;
