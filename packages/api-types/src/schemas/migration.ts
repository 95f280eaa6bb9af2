/** Migration of a running instance to another version of its process (admins). */
import { z } from 'zod';

const ElementId = z.string().min(1).max(255).regex(/^[A-Za-z_][\w.-]*$/, 'an element id');

/** `mapping`: old element id → new one, for active elements whose id changed. */
export const MigrateInstanceRequest = z
  .object({
    targetDefinitionId: z.string().min(1).max(255),
    mapping: z.record(ElementId, ElementId).default({}),
  })
  .strict();
export type MigrateInstanceRequest = z.infer<typeof MigrateInstanceRequest>;

export const MigrateInstanceResponse = z.object({ ok: z.literal(true), id: z.string(), definitionId: z.string() });
export type MigrateInstanceResponse = z.infer<typeof MigrateInstanceResponse>;
