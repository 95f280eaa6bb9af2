/**
 * The user directory for the pickers of the approval operations and the names in timelines. Mounted among
 * the authenticated API routers, so every route has a principal (anonymous → 401).
 */
import { Router } from 'express';
import { ApiPath, DirectoryUnitQuery, DirectoryUserQuery } from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { DirectoryService } from './directory.service.js';

export function createDirectoryRouter(directory: DirectoryService): Router {
  const router = Router();
  router.get(ApiPath.users, async (req, res) => {
    res.json(await directory.users(principalOf(res), parse(DirectoryUserQuery, req.query, 'query')));
  });
  router.get(ApiPath.units, async (req, res) => {
    res.json(await directory.units(principalOf(res), parse(DirectoryUnitQuery, req.query, 'query').q));
  });
  router.get(ApiPath.processInstanceNames, async (req, res) => {
    res.json(await directory.instanceNames(principalOf(res), param(req.params, 'id')));
  });
  return router;
}
