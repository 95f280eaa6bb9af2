import { ApiClient } from './client.js';
import { userTaskProcess, type UserTaskProcess } from './fixtures.js';

export interface InstanceBody {
  id: string;
  state: string;
  definitionId: string;
  businessKey: string | null;
  variables: Record<string, unknown>;
  activeActivityIds: string[];
  startedAt: string;
  endedAt: string | null;
}
export interface TaskBody {
  id: string;
  state: string;
  assignee: string | null;
  processInstanceId: string;
  activityId: string;
  candidateGroups: string[];
}
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Deploys a one-user-task process as the analyst. */
export async function deployUserTask(baseUrl: string, process: UserTaskProcess): Promise<void> {
  const analyst = await new ApiClient(baseUrl).as('analyst');
  const reply = await analyst.post('/api/deployments', { name: process.key, resources: [{ name: `${process.key}.bpmn`, content: userTaskProcess(process) }] });
  if (reply.status !== 201) throw new Error(`deploy failed: ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** Starts `key` as `client` and returns the instance and its single open task. */
export async function startWithTask(client: ApiClient, key: string, body: object = {}): Promise<{ instance: InstanceBody; task: TaskBody }> {
  const started = await client.post<InstanceBody>(`/api/process-definitions/key/${key}/start`, body);
  if (started.status !== 201) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
  const admin = await new ApiClient(client.baseUrl).as('admin');
  const tasks = await admin.get<TaskBody[]>(`/api/tasks?processInstanceId=${started.body.id}`);
  const task = tasks.body[0];
  if (!task) throw new Error('no task was created');
  return { instance: started.body, task };
}
