/** The user directory bound to this server: PostgreSQL and the server's access rules. */
import type { PostgresDb } from '@zhifa/store-postgres';
import { PostgresDirectory, PostgresInstanceVisibility, PostgresOwnershipStore } from '../composition/store-adapters.js';
import type { FeatureRouters } from '../composition/start-zhifa.js';
import { AccessService } from '../services/access.service.js';
import { createDirectoryRouter } from './directory.router.js';
import { DirectoryService } from './directory.service.js';

export function directoryFeature(context: { readonly db: PostgresDb }): FeatureRouters {
  const { db } = context;
  const access = new AccessService(new PostgresDirectory(db), new PostgresOwnershipStore(db), new PostgresInstanceVisibility(db));
  return { api: [createDirectoryRouter(new DirectoryService(db, access))] };
}
