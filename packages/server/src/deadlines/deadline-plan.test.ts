import { describe, expect, it } from 'vitest';
import { builtinCalendarData } from '@zhifa/engine';
import { planTimers } from './deadline-plan.js';
import type { DeadlinePolicy } from './deadline-policy.js';
import { deadlineState } from './deadline-state.js';

const data = builtinCalendarData();
const policy: DeadlinePolicy = { duration: 'P5D', calendar: 'working', reminders: [{ before: 'P3D' }, { every: 'P1D' }], escalations: [{ after: 'P1D', to: 'upper-unit-leader' }] };

describe('planTimers', () => {
  it('given a due date right after 国庆节, then "3 working days before" counts back over the holiday to the 调休 Sunday', () => {
    const state = { dueAt: '2025-10-09T02:00:00.000Z', provisional: false, generation: 0, steps: [] };
    const planned = planTimers('t1', policy, state, '2025-09-20T00:00:00Z', '2025-09-20T00:00:00Z', data);
    expect(planned.map((p) => [p.id, p.kind, p.dueAt])).toEqual([
      ['dl-t1-g0-r0', 'reminder', '2025-09-28T02:00:00.000Z'],
      ['dl-t1-g0-o1x1', 'reminder', '2025-10-10T02:00:00.000Z'],
      ['dl-t1-g0-e0', 'escalation', '2025-10-10T02:00:00.000Z'],
    ]);
    expect(planned[2]?.payload).toMatchObject({ to: 'upper-unit-leader', type: 'escalation' });
  });

  it('given the clock past several overdue days, then only the latest repeat due and the next one are planned', () => {
    const state = { dueAt: '2025-10-09T02:00:00.000Z', provisional: false, generation: 2, steps: [] };
    const overdue = planTimers('t1', policy, state, '2025-10-14T03:00:00Z', '2025-09-20T00:00:00Z', data).filter((p) => p.payload['type'] === 'overdue');
    // Repeats: 10-10, 10-11 (调休 Saturday), 10-13, 10-14 are due; 10-15 is next.
    expect(overdue.map((p) => [p.id, p.dueAt])).toEqual([['dl-t1-g2-o1x4', '2025-10-14T02:00:00.000Z'], ['dl-t1-g2-o1x5', '2025-10-15T02:00:00.000Z']]);
  });

  it('given a paused deadline, then nothing is planned', () => {
    const state = { dueAt: '2025-10-09T02:00:00.000Z', provisional: false, pausedAt: '2025-10-01T00:00:00Z', generation: 1, steps: [] };
    expect(planTimers('t1', policy, state, '2025-10-01T00:00:00Z', '2025-09-20T00:00:00Z', data)).toEqual([]);
  });
});

describe('deadlineState', () => {
  it('given a calendar-day deadline paused for three days, then resuming moves it by three days', () => {
    const calendarPolicy: DeadlinePolicy = { duration: 'P10D', calendar: 'calendar', reminders: [], escalations: [] };
    const state = deadlineState({
      createdAt: '2025-03-03T02:00:00Z', policy: calendarPolicy,
      adjustments: [{ type: 'pause', at: '2025-03-05T02:00:00Z', reason: 'a' }, { type: 'resume', at: '2025-03-08T02:00:00Z', reason: 'b' }],
    }, data);
    // 03-13 + 3 days = 03-16, a Sunday: rolls to Monday 03-17.
    expect(state.dueAt).toBe('2025-03-17T02:00:00.000Z');
    expect(state.steps.map((s) => s.step)).toEqual(['computed', 'pause', 'resume']);
    expect(state.generation).toBe(2);
  });

  it('given a model due date and an extension until a date, then the time of day is kept', () => {
    const state = deadlineState({
      createdAt: '2025-03-03T02:00:00Z', givenDueAt: '2025-03-10T09:30:00Z',
      adjustments: [{ type: 'extend', at: '2025-03-04T02:00:00Z', reason: 'c', until: '2025-03-20' }],
    }, data);
    expect(state.dueAt).toBe('2025-03-20T09:30:00.000Z');
    expect(state.steps.map((s) => [s.step, s.dueAt])).toEqual([['given', '2025-03-10T09:30:00Z'], ['extend', '2025-03-20T09:30:00.000Z']]);
  });
});
