import {
  addDuration, isWorkingDay, parseDurationDays, parseIsoDuration, shanghaiDateOf, type CalendarData, type JsonObject,
} from '@zhifa/engine';
import type { DeadlinePolicy } from './deadline-policy.js';
import type { DeadlineState } from './deadline-state.js';

export const DeadlineTimerKind = { reminder: 'reminder', escalation: 'escalation' } as const;
export type DeadlineTimerKind = (typeof DeadlineTimerKind)[keyof typeof DeadlineTimerKind];

export const EscalationTarget = { unitLeader: 'unit-leader', upperUnitLeader: 'upper-unit-leader' } as const;

/** A reminder or escalation timer the policy asks for. */
export interface PlannedTimer {
  /** `dl-<task>-g<generation>-<slot>`: keyed by task, kind and index, so planning twice inserts nothing new. */
  readonly id: string;
  readonly kind: DeadlineTimerKind;
  readonly dueAt: string;
  readonly provisional: boolean;
  readonly payload: JsonObject;
}

/** Overdue reminders are planned one ahead of the clock; this bounds a policy such as `every="PT1M"`. */
const MAX_REPEATS = 1000;

/**
 * Reminder and escalation times of a task: reminders `before` the due date, repeated reminders `every` period
 * while overdue (the latest one due and the next one after `now`; firing one plans the next), escalations
 * `after` overdue days.
 * Counted in the policy's calendar (working or calendar days). Nothing while paused or without a due date.
 */
export function planTimers(taskId: string, policy: DeadlinePolicy, state: DeadlineState, now: string, createdAt: string, data: CalendarData): PlannedTimer[] {
  const due = state.dueAt;
  if (!due || state.pausedAt) return [];
  const out: PlannedTimer[] = [];
  const id = (slot: string): string => `dl-${taskId}-g${state.generation}-${slot}`;
  const base = { taskId, dueAt: due, generation: state.generation };
  policy.reminders.forEach((r, i) => {
    if (r.before !== undefined) {
      const at = subtract(due, r.before, policy.calendar, data);
      // A reminder whose time passed before the task existed would only nag at once: left out.
      if (at && Date.parse(at) >= Date.parse(createdAt)) {
        out.push({ id: id(`r${i}`), kind: 'reminder', dueAt: at, provisional: state.provisional, payload: { ...base, type: 'before', before: r.before } });
      }
    }
    if (r.every !== undefined) {
      // The latest repeat already due and the next one: repeats missed while nothing ran are not replayed.
      let latestDue: PlannedTimer | undefined;
      for (let k = 1; k <= MAX_REPEATS; k += 1) {
        const at = add(due, r.every, k, policy.calendar, data);
        if (!at) break;
        const timer: PlannedTimer = {
          id: id(`o${i}x${k}`), kind: 'reminder', dueAt: at.instant, provisional: state.provisional || at.provisional,
          payload: { ...base, type: 'overdue', every: r.every, repeat: k },
        };
        if (Date.parse(at.instant) <= Date.parse(now)) {
          latestDue = timer;
          continue;
        }
        if (latestDue) out.push(latestDue);
        out.push(timer);
        break;
      }
    }
  });
  policy.escalations.forEach((e, i) => {
    const at = add(due, e.after ?? 'P0D', 1, policy.calendar, data);
    if (!at) return;
    out.push({
      id: id(`e${i}`), kind: 'escalation', dueAt: at.instant, provisional: state.provisional || at.provisional,
      payload: { ...base, type: 'escalation', after: e.after ?? 'P0D', to: e.to ?? EscalationTarget.unitLeader },
    });
  });
  return out;
}

/** `k` times `period` after `from`; undefined for a period that is not an ISO duration. */
function add(from: string, period: string, k: number, mode: 'calendar' | 'working', data: CalendarData) {
  try {
    const d = parseIsoDuration(period);
    if (d.timeMs > 0 && d.days === 0 && !d.years && !d.months && !d.weeks) {
      return { instant: new Date(Date.parse(from) + k * d.timeMs).toISOString(), provisional: false };
    }
    const days = parseDurationDays(period) * k;
    return addDuration(from, `P${days}D`, mode, data);
  } catch {
    return undefined;
  }
}

/** `period` before `due`: whole working (or calendar) days back, keeping the time of day; or plain time. */
function subtract(due: string, period: string, mode: 'calendar' | 'working', data: CalendarData): string | undefined {
  try {
    const d = parseIsoDuration(period);
    if (d.timeMs > 0 && d.days === 0) return new Date(Date.parse(due) - d.timeMs).toISOString();
    const days = parseDurationDays(period);
    let at = Date.parse(due);
    for (let counted = 0; counted < days; ) {
      at -= 86_400_000;
      if (mode === 'calendar' || isWorkingDay(shanghaiDateOf(new Date(at).toISOString()), data)) counted += 1;
    }
    return new Date(at).toISOString();
  } catch {
    return undefined;
  }
}
