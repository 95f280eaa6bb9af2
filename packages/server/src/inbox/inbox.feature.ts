/**
 * The inbox feature bound to this server: views, attachments and audit routes over PostgreSQL, with the
 * server's access rules. Its cc/urge listener ({@link InboxNotificationListener}) is handed to the engine
 * separately, since the engine takes its listeners when it is made.
 */
import type { Clock } from '@zhifa/engine';
import type { PostgresDb } from '@zhifa/store-postgres';
import { PostgresDirectory, PostgresInstanceVisibility, PostgresOwnershipStore } from '../composition/store-adapters.js';
import type { FeatureRouters } from '../composition/start-zhifa.js';
import { AccessService } from '../services/access.service.js';
import { AttachmentService } from './attachment.service.js';
import type { DeadlineOf } from './deadline-trace.js';
import { InboxService } from './inbox.service.js';
import { createInboxRouter } from './inbox.router.js';

export function inboxFeature(context: { readonly db: PostgresDb; readonly clock: Clock }, deadlineOf?: DeadlineOf): FeatureRouters {
  const { db, clock } = context;
  const access = new AccessService(new PostgresDirectory(db), new PostgresOwnershipStore(db), new PostgresInstanceVisibility(db));
  const attachments = new AttachmentService(db, access, clock);
  return {
    api: [createInboxRouter({ db, inbox: new InboxService(db, access, clock), attachments, access, ...(deadlineOf && { deadlineOf }) })],
    start: () => attachments.migrate(),
  };
}
