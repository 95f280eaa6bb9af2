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
  /** Accepts multipart/form-data too (files). */
  readonly multipart?: boolean;
}

const XmlText = z.string().describe('BPMN 2.0 XML');

/** The route contract (issue 3). The server mounts each of these and the OpenAPI document lists them. */
export const routes = [
  { method: 'post', path: ApiPath.login, summary: 'Log in', auth: false, body: LoginRequest, response: LoginResponse },
  { method: 'get', path: ApiPath.me, summary: 'The caller', auth: true, response: User },
  { method: 'post', path: ApiPath.deployments, summary: 'Deploy BPMN / form / DMN resources', auth: true, body: CreateDeploymentRequest, response: Deployment, status: 201, multipart: true },
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
] as const satisfies readonly RouteSpec[];
