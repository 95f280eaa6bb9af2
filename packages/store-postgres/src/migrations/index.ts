import { Definitions1764230400001 } from './1764230400001-definitions.migration.js';
import { Runtime1764230400002 } from './1764230400002-runtime.migration.js';
import { Organisation1764230400003 } from './1764230400003-organisation.migration.js';
import { AuditAndOps1764230400004 } from './1764230400004-audit-and-ops.migration.js';
import { CaseCode1764230400005 } from './1764230400005-case-code.migration.js';
import { InboxIndexes1764230400006 } from './1764230400006-inbox-indexes.migration.js';
import { IdempotencyText1764230400007 } from './1764230400007-idempotency-text.migration.js';
import { NotificationDelivery1764230400008 } from './1764230400008-notification-delivery.migration.js';
import { JobRetryBackoff1764230400009 } from './1764230400009-job-retry-backoff.migration.js';

/** Every migration, oldest first. Append new ones; never edit one that has shipped. */
export const allMigrations = [
  Definitions1764230400001,
  Runtime1764230400002,
  Organisation1764230400003,
  AuditAndOps1764230400004,
  CaseCode1764230400005,
  InboxIndexes1764230400006,
  IdempotencyText1764230400007,
  NotificationDelivery1764230400008,
  JobRetryBackoff1764230400009,
];
