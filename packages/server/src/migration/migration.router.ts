/**
 * Migration of running instances to another version of their process (admins): `POST
 * /api/process-instances/:id/migrate {targetDefinitionId, mapping}`. The engine checks every active element
 * against the target (400 naming the element) and rewrites state and projections in one unit of work; the
 * instance history gets an `instance.migrated` entry with the admin as actor.
 */
import { Router } from 'express';
import { ApiPath, MigrateInstanceRequest } from '@zhifa/api-types';
import type { EngineApi } from '@zhifa/engine';
import { requireRole } from '../auth/auth.middleware.js';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';

export function createMigrationRouter(deps: { readonly engine: EngineApi }): Router {
  const router = Router();
  router.post(ApiPath.processInstanceMigrate, requireRole('admin'), async (req, res) => {
    const body = parse(MigrateInstanceRequest, req.body, 'body');
    const id = param(req.params, 'id');
    await deps.engine.migrateInstance(id, body, principalOf(res).id);
    res.json({ ok: true, id, definitionId: body.targetDefinitionId });
  });
  return router;
}
