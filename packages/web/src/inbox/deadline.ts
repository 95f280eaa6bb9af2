/** How far a task is into its time limit; the colour thresholds are the share of the allowed time used. */
export const DeadlineLevel = {
  none: 'none',
  green: 'green',
  yellow: 'yellow',
  red: 'red',
  overdue: 'overdue',
} as const;
export type DeadlineLevel = (typeof DeadlineLevel)[keyof typeof DeadlineLevel];

export interface DeadlineStatus {
  readonly level: DeadlineLevel;
  /** Share of the time between creation and due date already used (0…, above 1 when overdue). */
  readonly used: number | undefined;
}

/** green < 50 %, yellow < 80 %, red < 100 %, overdue from the due instant on. */
export function deadlineStatus(createdAt: string, dueAt: string | null | undefined, now: number): DeadlineStatus {
  if (!dueAt) return { level: DeadlineLevel.none, used: undefined };
  const start = Date.parse(createdAt);
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return { level: DeadlineLevel.none, used: undefined };
  if (now >= due) return { level: DeadlineLevel.overdue, used: Number.isNaN(start) || due <= start ? undefined : (now - start) / (due - start) };
  if (Number.isNaN(start) || due <= start) return { level: DeadlineLevel.red, used: undefined };
  const used = Math.max(0, (now - start) / (due - start));
  const level = used < 0.5 ? DeadlineLevel.green : used < 0.8 ? DeadlineLevel.yellow : DeadlineLevel.red;
  return { level, used };
}

/**
 * The due-date trace (how the calendar counted the limit), when the API gives one on the task as
 * `deadline.trace`: an array of lines or objects, or a single string. Unknown shapes give no trace.
 */
export function deadlineTrace(task: object): readonly string[] {
  const deadline: unknown = Reflect.get(task, 'deadline');
  if (typeof deadline !== 'object' || deadline === null) return [];
  const trace: unknown = Reflect.get(deadline, 'trace');
  if (typeof trace === 'string') return [trace];
  if (!Array.isArray(trace)) return [];
  return trace.map((step: unknown) => (typeof step === 'string' ? step : JSON.stringify(step)));
}

/**
 * The server's own deadline state (`deadline: {dueAt, used, colour}` on 待办 items), measured by the engine
 * clock; preferred over a colour computed from the browser's clock. Unknown shapes give undefined.
 */
export function serverDeadline(task: object): DeadlineStatus | undefined {
  const deadline: unknown = Reflect.get(task, 'deadline');
  if (typeof deadline !== 'object' || deadline === null) return undefined;
  const colour: unknown = Reflect.get(deadline, 'colour');
  const used: unknown = Reflect.get(deadline, 'used');
  const level = Object.values(DeadlineLevel).find((l) => l === colour && l !== DeadlineLevel.none);
  return level === undefined ? undefined : { level, used: typeof used === 'number' ? used : undefined };
}
