/**
 * The approval-operations router bound to this server: the principal from the bearer token, inbox rows and
 * instance ownership and visibility (the server's AccessService: another unit → 404) from PostgreSQL. Mount it
 * among the authenticated API routers.
 */
import type { Router } from 'express';
import type { EngineApi } from '@zhifa/engine';
import { findUserById, getInboxTask, getInstanceSummary, type PostgresDb } from '@zhifa/store-postgres';
import { principalOf } from '../auth/principal.js';
import { PostgresDirectory, PostgresInstanceVisibility, PostgresOwnershipStore } from '../composition/store-adapters.js';
import { AccessService } from '../services/access.service.js';
import { createTaskOperationsRouter } from './operations.router.js';

export function taskOperationsRouter(context: { readonly db: PostgresDb; readonly engine: EngineApi }, options: { readonly urgeIntervalMinutes?: number } = {}): Router {
  const { db, engine } = context;
  const access = new AccessService(new PostgresDirectory(db), new PostgresOwnershipStore(db), new PostgresInstanceVisibility(db));
  return createTaskOperationsRouter({
    engine,
    principalOf,
    assertInstanceVisible: (res, instanceId) => access.assertInstanceVisible(principalOf(res), instanceId),
    findTask: (taskId) => getInboxTask(db, taskId),
    initiatorOf: async (instanceId) => (await getInstanceSummary(db, instanceId))?.startedBy,
    userExists: async (userId) => (await findUserById(db, userId))?.active === true,
    ...(options.urgeIntervalMinutes !== undefined && { urgeIntervalMinutes: options.urgeIntervalMinutes }),
  });
}
