import {
  addDuration, shanghaiDateOf, workingDaysBetween, type CalendarData, type DeadlineTrace,
} from '@zhifa/engine';
import type { DeadlinePolicy } from './deadline-policy.js';

export const DeadlineAction = { pause: 'pause', resume: 'resume', extend: 'extend' } as const;
export type DeadlineAction = (typeof DeadlineAction)[keyof typeof DeadlineAction];

/** One recorded change of a deadline (kept as an audit entry; the state is a fold over them). */
export type Adjustment =
  | { readonly type: 'pause'; readonly at: string; readonly reason: string; readonly actor?: string }
  | { readonly type: 'resume'; readonly at: string; readonly reason: string; readonly actor?: string }
  | {
      readonly type: 'extend'; readonly at: string; readonly reason: string; readonly actor?: string;
      readonly days?: number; readonly until?: string; readonly calendar?: 'calendar' | 'working';
    };

/** One step of the deadline trace as the API shows it. */
export interface DeadlineStep {
  readonly step: 'computed' | 'given' | DeadlineAction;
  readonly at: string;
  readonly dueAt?: string;
  readonly reason?: string;
  readonly actor?: string;
  readonly provisional: boolean;
  readonly trace?: DeadlineTrace;
}

export interface DeadlineState {
  /** Due date with every adjustment applied (kept while paused, for the record). */
  readonly dueAt?: string;
  readonly provisional: boolean;
  readonly pausedAt?: string;
  /** Adjustments so far; part of every reminder timer id so an extension arms fresh reminders. */
  readonly generation: number;
  readonly steps: readonly DeadlineStep[];
}

export interface DeadlineInput {
  readonly createdAt: string;
  /** The due date the engine gave the task before any adjustment (`camunda:dueDate`, an expression …). */
  readonly givenDueAt?: string;
  readonly policy?: DeadlinePolicy;
  readonly adjustments: readonly Adjustment[];
}

/**
 * The due date of a task from its model and its recorded adjustments, over the current holiday table:
 * recomputing after a year is imported gives the corrected date of a provisional one.
 */
export function deadlineState(input: DeadlineInput, data: CalendarData): DeadlineState {
  const steps: DeadlineStep[] = [];
  const policy = input.policy;
  let dueAt = input.givenDueAt;
  let provisional = false;
  if (policy?.duration) {
    const base = addDuration(input.createdAt, policy.duration, policy.calendar, data);
    [dueAt, provisional] = [base.instant, base.provisional];
    steps.push({ step: 'computed', at: input.createdAt, dueAt, provisional, ...(base.trace && { trace: base.trace }) });
  } else if (dueAt) {
    steps.push({ step: 'given', at: input.createdAt, dueAt, provisional });
  }
  let pausedAt: string | undefined;
  for (const a of input.adjustments) {
    const who = { reason: a.reason, ...(a.actor && { actor: a.actor }) };
    switch (a.type) {
      case 'pause':
        pausedAt ??= a.at;
        steps.push({ step: 'pause', at: a.at, ...who, provisional, ...(dueAt && { dueAt }) });
        break;
      case 'resume': {
        if (pausedAt && dueAt) {
          const shift = shiftFor(pausedAt, a.at, policy?.calendar ?? 'calendar', data);
          const moved = addDuration(dueAt, `P${shift}D`, policy?.calendar ?? 'calendar', data);
          [dueAt, provisional] = [moved.instant, provisional || moved.provisional];
          steps.push({ step: 'resume', at: a.at, ...who, dueAt, provisional, ...(moved.trace && { trace: moved.trace }) });
        } else {
          steps.push({ step: 'resume', at: a.at, ...who, provisional, ...(dueAt && { dueAt }) });
        }
        pausedAt = undefined;
        break;
      }
      case 'extend': {
        const from = dueAt ?? a.at;
        if (a.until !== undefined) {
          dueAt = untilInstant(a.until, from);
          steps.push({ step: 'extend', at: a.at, ...who, dueAt, provisional });
        } else {
          const mode = a.calendar ?? policy?.calendar ?? 'calendar';
          const moved = addDuration(from, `P${a.days ?? 0}D`, mode, data);
          [dueAt, provisional] = [moved.instant, provisional || moved.provisional];
          steps.push({ step: 'extend', at: a.at, ...who, dueAt, provisional, ...(moved.trace && { trace: moved.trace }) });
        }
        break;
      }
      default: {
        const never: never = a;
        throw new Error(`unknown adjustment ${JSON.stringify(never)}`);
      }
    }
  }
  return { ...(dueAt && { dueAt }), provisional, ...(pausedAt && { pausedAt }), generation: input.adjustments.length, steps };
}

/** Days a pause lasted, in the policy's unit: working days after the pause day up to the resume day. */
function shiftFor(pausedAt: string, resumedAt: string, mode: 'calendar' | 'working', data: CalendarData): number {
  const [from, to] = [shanghaiDateOf(pausedAt), shanghaiDateOf(resumedAt)];
  if (mode === 'working') return Math.max(0, workingDaysBetween(from, to, data));
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

/** `until` as an instant; a bare date keeps the Shanghai time of day of the current due date. */
function untilInstant(until: string, current: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return new Date(until).toISOString();
  const shanghai = new Date(Date.parse(current) + 8 * 3_600_000).toISOString().slice(11, 23);
  return new Date(`${until}T${shanghai}+08:00`).toISOString();
}
