/** Deadline colour of an open task by the share of its time used (issue 6: green / yellow / red / overdue). */
export const DeadlineColour = { green: 'green', yellow: 'yellow', red: 'red', overdue: 'overdue' } as const;
export type DeadlineColour = (typeof DeadlineColour)[keyof typeof DeadlineColour];

export interface DeadlineState {
  readonly dueAt: string;
  /** Share of the time between creation and due date already used (≥ 1 once due). */
  readonly used: number;
  readonly colour: DeadlineColour;
}

/**
 * The colour thresholds are on the share used, not on days left, so a 3-day and a 30-day deadline turn
 * yellow at the same point of their span. `now` is the engine clock's (the manual one in tests).
 */
export function deadlineState(createdAt: string, dueAt: string | undefined, now: Date): DeadlineState | undefined {
  if (dueAt === undefined) return undefined;
  const start = Date.parse(createdAt);
  const due = Date.parse(dueAt);
  const span = due - start;
  // A due date at or before creation is used up from the start.
  const used = span <= 0 ? (now.getTime() >= due ? 1 : 0) : (now.getTime() - start) / span;
  return { dueAt, used: Math.round(Math.max(0, used) * 1000) / 1000, colour: colourOf(used) };
}

function colourOf(used: number): DeadlineColour {
  if (used >= 1) return DeadlineColour.overdue;
  if (used >= 0.8) return DeadlineColour.red;
  if (used >= 0.5) return DeadlineColour.yellow;
  return DeadlineColour.green;
}
