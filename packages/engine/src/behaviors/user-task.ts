/**
 * User task: evaluates name, assignment, dates and form into task data held in the element instance (the
 * store projects it into the inbox table) and waits for `task.complete`.
 */
import { parseDateTime, parseDuration, addDuration } from '../kernel/timer-math.js';
import type { Run } from '../kernel/run.js';
import type { ElementInstance, UserTaskState } from '../kernel/types.js';
import { evaluateList, evaluateString } from '../kernel/variables.js';
import type { FlowNode } from '../model/model.js';
import { wait, type Behavior } from './behavior.js';

export const userTask: Behavior = {
  activate(run, inst, node) {
    inst.task = taskData(run, inst, node);
    wait(inst);
  },
};

export function taskData(run: Run, inst: ElementInstance, node: FlowNode): UserTaskState {
  const a = node.assignment;
  const task: UserTaskState = {
    candidateUsers: evaluateList(run, a?.candidateUsers, inst),
    candidateGroups: evaluateList(run, a?.candidateGroups, inst),
    createdAt: run.nowIso,
  };
  const name = evaluateString(run, node.name, inst);
  if (name !== undefined) task.name = name;
  const assignee = evaluateString(run, a?.assignee, inst);
  if (assignee !== undefined && assignee !== '') task.assignee = assignee;
  const due = dateOf(run, evaluateString(run, a?.dueDate, inst));
  const deadline = node.deadline;
  const deadlineDuration = deadline ? evaluateString(run, deadline.durationExpr, inst) : undefined;
  if (due !== undefined) task.dueAt = due;
  else if (deadline && deadlineDuration) task.dueAt = deadlineOf(run, deadlineDuration, deadline.calendar);
  if (deadline) {
    task.deadline = {
      calendar: deadline.calendar,
      reminders: deadline.reminders.map((r) => ({ ...r })),
      escalations: deadline.escalations.map((e) => ({ ...e })),
    };
  }
  const org = node.orgAssignment;
  if (org) task.orgAssignment = { unit: evaluateString(run, org.unit, inst), relation: org.relation, section: org.section, role: org.role };
  if (node.signMode) task.signMode = { ...node.signMode };
  const followUp = dateOf(run, evaluateString(run, a?.followUpDate, inst));
  if (followUp !== undefined) task.followUpAt = followUp;
  const priority = Number(evaluateString(run, a?.priority, inst));
  if (Number.isFinite(priority) && a?.priority) task.priority = priority;
  if (a?.formKey !== undefined) task.formKey = a.formKey;
  return task;
}

/** A date-time, or a duration from now. */
function dateOf(run: Run, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = parseDateTime(value);
  if (date) return date.toISOString();
  const d = parseDuration(value);
  return d ? addDuration(run.ctx.now, d).toISOString() : undefined;
}

/** A working-day deadline needs the calendar (from the context); without it the task gets no due date
 *  here and the composition root's deadline service computes one. */
function deadlineOf(run: Run, duration: string, calendar: 'calendar' | 'working'): string | undefined {
  if (calendar === 'working') {
    if (!run.ctx.addWorkingDuration) return undefined;
    try {
      return run.ctx.addWorkingDuration(run.nowIso, duration);
    } catch {
      return undefined;
    }
  }
  const d = parseDuration(duration);
  return d ? addDuration(run.ctx.now, d).toISOString() : undefined;
}
