import { z } from 'zod';
import { IsoDateTime, Variables } from './common.js';

export const TaskState = z.enum(['open', 'completed', 'cancelled']);
export type TaskState = z.infer<typeof TaskState>;

export const Task = z.object({
  id: z.string(),
  name: z.string().nullable(),
  activityId: z.string(),
  processInstanceId: z.string(),
  definitionId: z.string(),
  state: TaskState,
  assignee: z.string().nullable(),
  candidateUsers: z.array(z.string()),
  candidateGroups: z.array(z.string()),
  formKey: z.string().nullable(),
  createdAt: IsoDateTime,
  dueAt: IsoDateTime.nullable(),
  completedAt: IsoDateTime.nullable(),
  /** 委派: who delegated the task and gets it back once the delegate resolves it (single task reads only). */
  owner: z.string().nullable().optional(),
  /** 委派 state: `pending` while the delegate holds it (completion refused until resolved). */
  delegation: z.enum(['pending', 'resolved']).nullable().optional(),
});
export type Task = z.infer<typeof Task>;
export const TaskList = z.array(Task);

export const TaskQuery = z.object({
  assignee: z.literal('me').optional(),
  candidate: z.literal('me').optional(),
  state: TaskState.optional(),
  processInstanceId: z.string().max(200).optional(),
});
export type TaskQuery = z.infer<typeof TaskQuery>;

export const CompleteTaskRequest = z.object({
  variables: Variables.optional(),
  /** 通过 / 不通过: recorded with the opinion in history and as task-local variables `outcome` / `opinion`. */
  outcome: z.enum(['approve', 'reject']).optional(),
  /** 审批意见. */
  opinion: z.string().max(10_000).optional(),
});
export type CompleteTaskRequest = z.infer<typeof CompleteTaskRequest>;
