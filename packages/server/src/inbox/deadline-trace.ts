import type { InboxTask } from '@zhifa/store-postgres';

/** One step of how a due date came about (computed, given, paused, resumed, extended), as the deadlines feature keeps it. */
export interface DeadlineTraceStep {
  readonly step: string;
  readonly at: string;
  readonly dueAt?: string;
  readonly reason?: string;
  readonly actor?: string;
  readonly provisional: boolean;
  readonly trace?: unknown;
}

/** The deadlines feature's computation of a task's due date (its `DeadlineService.stateOf`), if the task has a policy. */
export type DeadlineOf = (task: InboxTask) => Promise<{
  readonly dueAt?: string;
  readonly provisional: boolean;
  readonly pausedAt?: string;
  readonly steps: readonly DeadlineTraceStep[];
} | undefined>;

/** What the inbox shows when a due date is hovered: the steps without timers or who may adjust them. */
export interface DeadlineTraceView {
  readonly taskId: string;
  readonly dueAt: string | null;
  readonly provisional: boolean;
  readonly paused: boolean;
  readonly steps: readonly DeadlineTraceStep[];
}

export async function deadlineTraceOf(task: InboxTask, deadlineOf: DeadlineOf): Promise<DeadlineTraceView> {
  const state = await deadlineOf(task);
  return {
    taskId: task.id,
    dueAt: task.dueAt ?? null,
    provisional: state?.provisional ?? false,
    paused: state?.pausedAt !== undefined,
    steps: state?.steps ?? [],
  };
}
