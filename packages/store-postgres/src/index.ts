/**
 * @zhifa/store-postgres — PostgreSQL persistence for zhifa: migrations, the engine's ports
 * (`PostgresInstanceStore`, `PostgresDefinitionRepository`), and the repositories/queries the server uses.
 * Every repository function takes a {@link Sql} first: a `PostgresTx` inside `db.transaction(...)`, or the
 * `PostgresDb` itself for single statements.
 */
export { createDataSource, migrate, dropSchema, schemaOf, assertSchemaName, type DataSourceOptions } from './data-source.js';
export { openPostgresStore, type PostgresStore } from './postgres-store.js';
export { PostgresDb, PostgresTx, asPostgresTx, type Sql, type SqlResult, type Isolation, type TransactionOptions } from './sql.js';
export { InvalidSchemaNameError, ForeignTransactionError, DuplicateError, IdempotencyKeyReusedError } from './store-errors.js';
export { PostgresInstanceStore } from './postgres-instance-store.js';
export {
  PostgresDefinitionRepository,
  type DefinitionRepositoryOptions,
  getProcessDefinition,
  latestProcessDefinition,
  listProcessDefinitions,
} from './postgres-definition-repository.js';
export {
  saveDeployment,
  listDeployments,
  getDeployment,
  getDeploymentResource,
  deployVersioned,
  latestVersioned,
  getVersioned,
  listVersioned,
  lockDefinitionKey,
  sha256Hex,
  ResourceKind,
  VersionedKind,
  type Deployment,
  type ResourceInput,
  type VersionedDefinition,
} from './deployment.repository.js';
export { hashPassword, verifyPassword } from './password.js';
export {
  createUser,
  findUserById,
  findUserByUsername,
  findUsersByIds,
  listUsers,
  verifyUserCredentials,
  setUserPassword,
  updateUser,
  UserRole,
  type User,
  type NewUser,
} from './user.repository.js';
export {
  createUnit,
  getUnit,
  findUnitByCode,
  listUnits,
  childUnits,
  ancestorUnits,
  descendantUnitIds,
  upperLevelUnit,
  enclosingUnitOfKind,
  findUnitsByTag,
  findNearestUnitByTag,
  legalAffairsSectionFor,
  setUnitResponsible,
  addMembership,
  removeMembership,
  unitMembers,
  membershipsOf,
  responsibleUserOf,
  UnitKind,
  UnitTag,
  UnitRole,
  type OrgUnit,
  type NewUnit,
} from './org.repository.js';
export {
  getInboxTask,
  canActOnTask,
  listTodoTasks,
  listDoneTasks,
  claimTask,
  unclaimTask,
  transferTask,
  delegateTask,
  resolveTask,
  addTaskCandidateUnits,
  type Viewer,
  type InboxTask,
  type InboxFilter,
  type TaskChange,
} from './inbox.repository.js';
export type { Page } from './cursor.js';
export {
  setInstanceOwner,
  getInstanceSummary,
  canViewInstance,
  visibleInstanceIds,
  listInstancesScoped,
  listStartedInstances,
  addInstanceCc,
  listCcInstances,
  type InstanceSummary,
  type InstanceScope,
  type InstanceFilter,
} from './instance-query.repository.js';
export {
  appendAudit,
  listAudit,
  chainHash,
  auditEntryContent,
  GENESIS_HASH,
  type AuditEntry,
  type AuditEntryInput,
  type AuditQuery,
} from './history.repository.js';
export { sealAuditChain, AuditSealer } from './audit-sealer.js';
export { verifyAuditChain, ChainFault, type ChainVerification, type BadEntry, type VerifyOptions } from './history-verify.js';
export { canonicalJson } from './canonical-json.js';
export { claimUndispatched, markDispatched, markDispatchFailed, listUndispatched, purgeDispatched } from './outbox.repository.js';
export {
  claimTimer,
  insertTimer,
  cancelTimers,
  rescheduleTimer,
  getTimerDetails,
  listPendingTimers,
  type TimerDetails,
  type NewTimer,
} from './timer.repository.js';
export { lockJobs, jobLock } from './job.repository.js';
export {
  insertNotification,
  listNotifications,
  countUnreadNotifications,
  markNotificationsRead,
  type Notification,
  type NewNotification,
} from './notification.repository.js';
export {
  insertDelivery,
  findDelivery,
  markDeliveryDelivered,
  markDeliveryFailed,
  pendingDeliveries,
  type DeliveryRecord,
} from './delivery.repository.js';
export { upsertHolidayYear, getHolidayYear, listHolidays, publishedHolidayYears, type HolidayDay, type HolidayYear } from './holiday.repository.js';
export {
  reserveIdempotencyKey,
  completeIdempotencyKey,
  purgeIdempotencyKeys,
  IDEMPOTENCY_TTL_HOURS,
  type IdempotencyReservation,
  type StoredAnswer,
} from './idempotency.repository.js';
export { seedDemoOrganisation, demoUnits, demoUsers, type DemoOrganisation } from './seed-demo.js';
export { PostgresAssignmentResolver, resolveOrgAssignment } from './org-assignment.resolver.js';
