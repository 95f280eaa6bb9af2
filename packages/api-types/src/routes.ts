import { z } from 'zod';
import { LoginRequest, LoginResponse, User } from './schemas/auth.js';
import {
  CreateDeploymentRequest, Deployment, DeploymentList, FormDefinition, FormDefinitionList, ProcessDefinition,
  ProcessDefinitionList, ProcessDefinitionQuery,
} from './schemas/deployments.js';
import {
  CancelInstanceRequest, HistoryList, ProcessInstance, ProcessInstanceList, ProcessInstanceQuery, SetVariablesRequest,
  StartInstanceRequest,
} from './schemas/instances.js';
import { CompleteTaskRequest, Task, TaskList, TaskQuery } from './schemas/tasks.js';
import {
  BroadcastSignalRequest, BroadcastSignalResponse, CorrelateMessageRequest, CorrelateMessageResponse,
} from './schemas/events.js';
import {
  Clock, CompleteJobRequest, FailJobRequest, IncidentList, JobList, JobQuery, Ok, SetClockRequest, SetClockResponse,
  TimerList, TimerQuery,
} from './schemas/operations.js';
import { DirectoryUnitList, DirectoryUnitQuery, DirectoryUserList, DirectoryUserQuery, InstanceNames } from './schemas/directory.js';
import {
  AddSignRequest, CcRequest, CcResponse, DelegateRequest, EngineTask, InstanceTasks, RemoveSignRequest, ResolveRequest, ReturnRequest,
  ReturnTargetList, TransferRequest, UrgeRequest, UrgeResponse, WithdrawRequest,
} from './schemas/task-operations.js';
import {
  AttachmentList, Attachment, AuditEntryList, AuditQueryParams, AuditVerification, DeadlineTraceView, InboxPage, InboxQuery,
} from './schemas/inbox.js';
import { AdjustDeadlineRequest, TaskDeadline } from './schemas/deadlines.js';
import {
  AddWorkingDaysQuery, CalendarDaysQuery, CalendarExportQuery, CalendarImportQuery, CalendarImportRequest, CalendarImportResponse, CalendarYear,
  WorkingDayDeadline,
} from './schemas/calendar.js';
import { MarkedCount, MarkNotificationsReadRequest, NotificationList, NotificationQuery, UnreadCount } from './schemas/notifications.js';
import {
  DecisionDefinition, DecisionDefinitionList, DecisionDefinitionQuery, DecisionEvaluation, EvaluateDecisionQuery, EvaluateDecisionRequest,
} from './schemas/decisions.js';
import { MigrateInstanceRequest, MigrateInstanceResponse } from './schemas/migration.js';
import { CaseCodeAdminView, CaseCodeList, CaseCodeListQuery, RevokeCaseCodeRequest } from './schemas/case-codes.js';

/** Route paths in Express syntax (`:id`); clients substitute with {@link pathOf}. */
export const ApiPath = {
  login: '/api/auth/login',
  me: '/api/me',
  deployments: '/api/deployments',
  forms: '/api/forms',
  form: '/api/forms/:key',
  processDefinitions: '/api/process-definitions',
  processDefinition: '/api/process-definitions/:id',
  processDefinitionXml: '/api/process-definitions/:id/xml',
  startByKey: '/api/process-definitions/key/:key/start',
  processInstances: '/api/process-instances',
  processInstance: '/api/process-instances/:id',
  processInstanceHistory: '/api/process-instances/:id/history',
  processInstanceVariables: '/api/process-instances/:id/variables',
  processInstanceNames: '/api/process-instances/:id/names',
  users: '/api/users',
  units: '/api/units',
  tasks: '/api/tasks',
  task: '/api/tasks/:id',
  taskClaim: '/api/tasks/:id/claim',
  taskUnclaim: '/api/tasks/:id/unclaim',
  taskComplete: '/api/tasks/:id/complete',
  messages: '/api/messages',
  signals: '/api/signals',
  jobs: '/api/jobs',
  jobComplete: '/api/jobs/:id/complete',
  jobFail: '/api/jobs/:id/fail',
  incidents: '/api/incidents',
  incidentRetry: '/api/incidents/:id/retry',
  timers: '/api/timers',
  adminClock: '/api/admin/clock',
  openapi: '/api/openapi.json',
  // The approval operations (转办, 委派, 退回, 加签/减签, 催办, 撤回, 抄送).
  taskTransfer: '/api/tasks/:id/transfer',
  taskDelegate: '/api/tasks/:id/delegate',
  taskResolve: '/api/tasks/:id/resolve',
  taskReturnTargets: '/api/tasks/:id/return-targets',
  taskReturn: '/api/tasks/:id/return',
  taskAddSign: '/api/tasks/:id/add-sign',
  taskRemoveSign: '/api/tasks/:id/remove-sign',
  taskUrge: '/api/tasks/:id/urge',
  processInstanceWithdraw: '/api/process-instances/:id/withdraw',
  processInstanceCc: '/api/process-instances/:id/cc',
  processInstanceMigrate: '/api/process-instances/:id/migrate',
  // Inbox, attachments and the audit log.
  inboxView: '/api/inbox/:view',
  inboxTaskDeadline: '/api/inbox/tasks/:id/deadline',
  processInstanceAttachments: '/api/process-instances/:id/attachments',
  attachment: '/api/attachments/:id',
  adminAuditVerify: '/api/admin/audit/verify',
  adminAudit: '/api/admin/audit',
  // Deadlines, notifications, the working-day calendar.
  taskDeadline: '/api/tasks/:id/deadline',
  notifications: '/api/notifications',
  notificationsUnreadCount: '/api/notifications/unread-count',
  notificationsRead: '/api/notifications/read',
  calendarAddWorkingDays: '/api/calendar/add-working-days',
  calendarDays: '/api/calendar/days',
  adminCalendarYear: '/api/admin/calendar/:year',
  adminCalendarExport: '/api/admin/calendar/:year/export',
  // Decisions (DMN).
  decisionDefinitions: '/api/decision-definitions',
  decisionDefinition: '/api/decision-definitions/:id',
  decisionDefinitionXml: '/api/decision-definitions/:id/xml',
  decisionEvaluateByKey: '/api/decisions/key/:key/evaluate',
  // 一案一码 case codes (admin).
  caseCodes: '/api/case-codes',
  caseCode: '/api/case-codes/:id',
  caseCodeRevoke: '/api/case-codes/:id/revoke',
} as const;
export type ApiPath = (typeof ApiPath)[keyof typeof ApiPath];

/** Fills `:param` segments, URL-encoding each value. */
export function pathOf(path: ApiPath, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter '${name}'`);
    return encodeURIComponent(value);
  });
}

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: ApiPath;
  readonly summary: string;
  /** false only for login and the OpenAPI document. */
  readonly auth: boolean;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly response: z.ZodType;
  /** Success status; 200 unless given. */
  readonly status?: number;
  /** Accepts multipart/form-data (files): its fields, each text, one file or several. */
  readonly multipart?: Readonly<Record<string, 'text' | 'file' | 'files'>>;
  /** A plain-text content type the body may be sent as instead of JSON (e.g. `text/csv`). */
  readonly textBody?: string;
  /** Content type of the success body when it is not JSON; `response` then describes its text. */
  readonly produces?: string;
}

const XmlText = z.string().describe('BPMN 2.0 XML');
const DmnXmlText = z.string().describe('DMN 1.3 XML');
const OpenApiDocument = z.record(z.string(), z.unknown()).describe('this OpenAPI 3 document');
const FileContent = z.string().describe('the stored file (binary), as a download of its checked type');

/** The route contract (issue 3). The server mounts each of these and the OpenAPI document lists them. */
export const routes = [
  { method: 'post', path: ApiPath.login, summary: 'Log in', auth: false, body: LoginRequest, response: LoginResponse },
  { method: 'get', path: ApiPath.me, summary: 'The caller', auth: true, response: User },
  { method: 'post', path: ApiPath.deployments, summary: 'Deploy BPMN / form / DMN resources', auth: true, body: CreateDeploymentRequest, response: Deployment, status: 201, multipart: { name: 'text', files: 'files' } },
  { method: 'get', path: ApiPath.deployments, summary: 'List deployments', auth: true, response: DeploymentList },
  { method: 'get', path: ApiPath.forms, summary: 'Deployed forms (latest version of each key)', auth: true, response: FormDefinitionList },
  { method: 'get', path: ApiPath.form, summary: 'The latest version of a form, with its schema', auth: true, response: FormDefinition },
  { method: 'get', path: ApiPath.processDefinitions, summary: 'List process definitions', auth: true, query: ProcessDefinitionQuery, response: ProcessDefinitionList },
  { method: 'get', path: ApiPath.processDefinition, summary: 'A process definition', auth: true, response: ProcessDefinition },
  { method: 'get', path: ApiPath.processDefinitionXml, summary: 'The BPMN XML of a definition', auth: true, response: XmlText },
  { method: 'post', path: ApiPath.startByKey, summary: 'Start the latest version of a process', auth: true, body: StartInstanceRequest, response: ProcessInstance, status: 201 },
  { method: 'get', path: ApiPath.processInstances, summary: 'List process instances', auth: true, query: ProcessInstanceQuery, response: ProcessInstanceList },
  { method: 'get', path: ApiPath.processInstance, summary: 'A process instance', auth: true, response: ProcessInstance },
  { method: 'get', path: ApiPath.processInstanceHistory, summary: 'History of an instance', auth: true, response: HistoryList },
  { method: 'delete', path: ApiPath.processInstance, summary: 'Cancel an instance', auth: true, body: CancelInstanceRequest, response: ProcessInstance },
  { method: 'put', path: ApiPath.processInstanceVariables, summary: 'Set variables', auth: true, body: SetVariablesRequest, response: ProcessInstance },
  { method: 'get', path: ApiPath.processInstanceNames, summary: 'Display names of the users and units named in the history of an instance', auth: true, response: InstanceNames },
  { method: 'get', path: ApiPath.users, summary: 'Users the caller may pick: admin all; others their 机关 (bureau, township or sub-district) with its units and the unit above it', auth: true, query: DirectoryUserQuery, response: DirectoryUserList },
  { method: 'get', path: ApiPath.units, summary: 'Units the caller may pick (same scope as users)', auth: true, query: DirectoryUnitQuery, response: DirectoryUnitList },
  { method: 'get', path: ApiPath.tasks, summary: 'List tasks visible to the caller', auth: true, query: TaskQuery, response: TaskList },
  { method: 'get', path: ApiPath.task, summary: 'A task', auth: true, response: Task },
  { method: 'post', path: ApiPath.taskClaim, summary: 'Claim a task', auth: true, response: Task },
  { method: 'post', path: ApiPath.taskUnclaim, summary: 'Unclaim a task', auth: true, response: Task },
  { method: 'post', path: ApiPath.taskComplete, summary: 'Complete a task', auth: true, body: CompleteTaskRequest, response: Task },
  { method: 'post', path: ApiPath.messages, summary: 'Correlate a message', auth: true, body: CorrelateMessageRequest, response: CorrelateMessageResponse },
  { method: 'post', path: ApiPath.signals, summary: 'Broadcast a signal', auth: true, body: BroadcastSignalRequest, response: BroadcastSignalResponse },
  { method: 'get', path: ApiPath.jobs, summary: 'External jobs of a type', auth: true, query: JobQuery, response: JobList },
  { method: 'post', path: ApiPath.jobComplete, summary: 'Complete an external job', auth: true, body: CompleteJobRequest, response: Ok },
  { method: 'post', path: ApiPath.jobFail, summary: 'Fail an external job', auth: true, body: FailJobRequest, response: Ok },
  { method: 'get', path: ApiPath.incidents, summary: 'Open incidents', auth: true, response: IncidentList },
  { method: 'post', path: ApiPath.incidentRetry, summary: 'Retry an incident', auth: true, response: Ok },
  { method: 'get', path: ApiPath.timers, summary: 'Pending timers', auth: true, query: TimerQuery, response: TimerList },
  { method: 'get', path: ApiPath.adminClock, summary: 'The manual clock (ZHIFA_CLOCK=manual only)', auth: true, response: Clock },
  { method: 'post', path: ApiPath.adminClock, summary: 'Advance or set the manual clock; fires due timers', auth: true, body: SetClockRequest, response: SetClockResponse },
  { method: 'get', path: ApiPath.openapi, summary: 'This OpenAPI document', auth: false, response: OpenApiDocument },
  // The approval operations: the handler (assignee, delegation owner) or an admin, unless said otherwise.
  { method: 'post', path: ApiPath.taskTransfer, summary: '转办: hand the task to another user', auth: true, body: TransferRequest, response: EngineTask },
  { method: 'post', path: ApiPath.taskDelegate, summary: '委派: delegate the task; the delegate resolves it back', auth: true, body: DelegateRequest, response: EngineTask },
  { method: 'post', path: ApiPath.taskResolve, summary: 'Resolve a delegated task back to its owner (the delegate or an admin)', auth: true, body: ResolveRequest, response: EngineTask },
  { method: 'get', path: ApiPath.taskReturnTargets, summary: 'Earlier steps the task may be returned to (退回)', auth: true, response: ReturnTargetList },
  { method: 'post', path: ApiPath.taskReturn, summary: '退回: return the task to an earlier step', auth: true, body: ReturnRequest, response: InstanceTasks },
  { method: 'post', path: ApiPath.taskAddSign, summary: '加签: add signers before, after or next to the task', auth: true, body: AddSignRequest, response: InstanceTasks },
  { method: 'post', path: ApiPath.taskRemoveSign, summary: '减签: remove an added co-signer', auth: true, body: RemoveSignRequest, response: InstanceTasks },
  { method: 'post', path: ApiPath.taskUrge, summary: '催办: remind the handler (the initiator, the previous approver or an admin; rate-limited)', auth: true, body: UrgeRequest, response: UrgeResponse },
  { method: 'post', path: ApiPath.processInstanceWithdraw, summary: '撤回: take the last step back (the initiator or whoever completed it)', auth: true, body: WithdrawRequest, response: InstanceTasks },
  { method: 'post', path: ApiPath.processInstanceCc, summary: '抄送: copy the instance to users and units (the initiator, a current handler or an admin)', auth: true, body: CcRequest, response: CcResponse },
  { method: 'post', path: ApiPath.processInstanceMigrate, summary: 'Migrate a running instance to another version of its process, with an activity mapping (admins)', auth: true, body: MigrateInstanceRequest, response: MigrateInstanceResponse },
  // Inbox, attachments, audit.
  { method: 'get', path: ApiPath.inboxView, summary: 'An inbox view of the caller: todo 待办, done 已办, started 我发起的, cc 抄送我的 (keyset paging)', auth: true, query: InboxQuery, response: InboxPage },
  { method: 'get', path: ApiPath.inboxTaskDeadline, summary: 'How the due date of a task was computed (for whoever may see the task)', auth: true, response: DeadlineTraceView },
  { method: 'post', path: ApiPath.processInstanceAttachments, summary: 'Attach a file to an instance (multipart field `file`; type checked by magic bytes)', auth: true, response: Attachment, status: 201, multipart: { file: 'file' } },
  { method: 'get', path: ApiPath.processInstanceAttachments, summary: 'Attachments of an instance', auth: true, response: AttachmentList },
  { method: 'get', path: ApiPath.attachment, summary: 'Download an attachment', auth: true, response: FileContent, produces: 'application/octet-stream' },
  { method: 'get', path: ApiPath.adminAuditVerify, summary: 'Verify the hash chain of the audit log (admins, auditors)', auth: true, response: AuditVerification },
  { method: 'get', path: ApiPath.adminAudit, summary: 'Audit log entries (admins, auditors)', auth: true, query: AuditQueryParams, response: AuditEntryList },
  // Deadlines, notifications, calendar.
  { method: 'get', path: ApiPath.taskDeadline, summary: 'The deadline of an open task: due date, trace, timers', auth: true, response: TaskDeadline },
  { method: 'post', path: ApiPath.taskDeadline, summary: 'Pause, resume or extend the deadline of a task with a reason (supervisors of the assignee, admins)', auth: true, body: AdjustDeadlineRequest, response: TaskDeadline },
  { method: 'get', path: ApiPath.notifications, summary: "The caller's notifications, newest first", auth: true, query: NotificationQuery, response: NotificationList },
  { method: 'get', path: ApiPath.notificationsUnreadCount, summary: "Number of the caller's unread notifications", auth: true, response: UnreadCount },
  { method: 'post', path: ApiPath.notificationsRead, summary: 'Mark notifications of the caller read', auth: true, body: MarkNotificationsReadRequest, response: MarkedCount },
  { method: 'get', path: ApiPath.calendarAddWorkingDays, summary: 'A date plus a number of working days (法定节假日 and 调休 applied), with its trace', auth: true, query: AddWorkingDaysQuery, response: WorkingDayDeadline },
  { method: 'get', path: ApiPath.calendarDays, summary: 'Holidays and make-up workdays of a year', auth: true, query: CalendarDaysQuery, response: CalendarYear },
  { method: 'put', path: ApiPath.adminCalendarYear, summary: 'Import the holidays of a year, JSON or text/csv (admins); recomputes provisional due dates', auth: true, query: CalendarImportQuery, body: CalendarImportRequest, textBody: 'text/csv', response: CalendarImportResponse },
  { method: 'get', path: ApiPath.adminCalendarExport, summary: 'Export the holidays of a year as JSON, or CSV with format=csv (admins)', auth: true, query: CalendarExportQuery, response: CalendarYear },
  // Decisions.
  { method: 'get', path: ApiPath.decisionDefinitions, summary: 'Deployed decision definitions (DMN), every version', auth: true, query: DecisionDefinitionQuery, response: DecisionDefinitionList },
  { method: 'get', path: ApiPath.decisionDefinition, summary: 'A decision definition with its decisions and table columns', auth: true, response: DecisionDefinition },
  { method: 'get', path: ApiPath.decisionDefinitionXml, summary: 'The DMN XML of a decision definition', auth: true, response: DmnXmlText, produces: 'application/xml' },
  { method: 'post', path: ApiPath.decisionEvaluateByKey, summary: 'Evaluate a decision by id (latest version unless `version`), with the matched rules', auth: true, query: EvaluateDecisionQuery, body: EvaluateDecisionRequest, response: DecisionEvaluation },
  // 一案一码 (admins).
  { method: 'get', path: ApiPath.caseCodes, summary: '一案一码 case codes of an instance (admins)', auth: true, query: CaseCodeListQuery, response: CaseCodeList },
  { method: 'get', path: ApiPath.caseCode, summary: 'A case code with its token and public URL (admins)', auth: true, response: CaseCodeAdminView },
  { method: 'post', path: ApiPath.caseCodeRevoke, summary: 'Revoke a case code; its public page answers 410 from then on (admins)', auth: true, body: RevokeCaseCodeRequest, response: CaseCodeAdminView },
] as const satisfies readonly RouteSpec[];
