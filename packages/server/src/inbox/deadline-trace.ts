import type { DeadlineTraceStep, DeadlineTraceView } from '@zhifa/api-types';
import type { InboxTask } from '@zhifa/store-postgres';

/** The deadlines feature's computation of a task's due date (its `DeadlineService.stateOf`), if the task has a policy. */
export type DeadlineOf = (task: InboxTask) => Promise<{
  readonly provisional: boolean;
  readonly pausedAt?: string;
  readonly steps: readonly DeadlineTraceStep[];
} | undefined>;

/** What the inbox shows when a due date is hovered: the steps without timers or who may adjust them. */
export async function deadlineTraceOf(task: InboxTask, deadlineOf: DeadlineOf): Promise<DeadlineTraceView> {
  const state = await deadlineOf(task);
  return {
    taskId: task.id,
    dueAt: task.dueAt ?? null,
    provisional: state?.provisional ?? false,
    paused: state?.pausedAt !== undefined,
    steps: [...(state?.steps ?? [])],
  };
}
