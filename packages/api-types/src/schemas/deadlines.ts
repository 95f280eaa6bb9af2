/** `GET /api/tasks/:id/deadline` and `POST` to pause / resume / extend a task's deadline (supervisors, admins). */
import { z } from 'zod';
import { IsoDateTime } from './common.js';
import { DeadlineTraceStep } from './inbox.js';

const reason = z.string().trim().min(1).max(500);

export const AdjustDeadlineRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('pause'), reason }).strict(),
  z.object({ action: z.literal('resume'), reason }).strict(),
  z
    .object({
      action: z.literal('extend'),
      reason,
      days: z.number().int().min(1).max(3650).optional(),
      until: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
      calendar: z.enum(['calendar', 'working']).optional(),
    })
    .strict()
    .refine((b) => (b.days === undefined) !== (b.until === undefined), { message: 'give exactly one of days or until' }),
]);
export type AdjustDeadlineRequest = z.infer<typeof AdjustDeadlineRequest>;

/** A reminder or escalation timer of a task's deadline. */
export const DeadlineTimer = z.object({
  id: z.string(),
  kind: z.string(),
  dueAt: IsoDateTime,
  provisional: z.boolean(),
  state: z.enum(['pending', 'fired', 'cancelled']),
});
export type DeadlineTimer = z.infer<typeof DeadlineTimer>;

/** A task's deadline: due date, whether it is provisional or paused, how it came about and its timers. */
export const TaskDeadline = z.object({
  taskId: z.string(),
  dueAt: IsoDateTime.nullable(),
  provisional: z.boolean(),
  paused: z.boolean(),
  pausedAt: IsoDateTime.nullable(),
  steps: z.array(DeadlineTraceStep),
  timers: z.array(DeadlineTimer),
});
export type TaskDeadline = z.infer<typeof TaskDeadline>;
