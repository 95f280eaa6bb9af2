import { describe, expect, it } from 'vitest';
import { deadlineStatus, deadlineTrace, serverDeadline } from './deadline.js';

const created = '2026-11-01T00:00:00Z';
const due = '2026-11-11T00:00:00Z';
const day = 86_400_000;
const at = (days: number) => Date.parse(created) + days * day;

describe('deadline colour by share of time used', () => {
  it('is green below half, yellow below 80 %, red below 100 %, overdue from the due instant', () => {
    // given a task of ten days; when looked at on days 4.9, 5, 7.9, 8, 9.99, 10 and 12
    const levels = [4.9, 5, 7.9, 8, 9.99, 10, 12].map((days) => deadlineStatus(created, due, at(days)).level);
    // then the thresholds fall exactly on 50 %, 80 % and 100 %
    expect(levels).toEqual(['green', 'yellow', 'yellow', 'red', 'red', 'overdue', 'overdue']);
  });

  it('reports the share used and has no level without a due date', () => {
    expect(deadlineStatus(created, due, at(2.5)).used).toBeCloseTo(0.25);
    expect(deadlineStatus(created, null, at(100))).toEqual({ level: 'none', used: undefined });
  });

  it('reads the trace the API may give as deadline.trace', () => {
    expect(deadlineTrace({ deadline: { trace: ['2026-11-02 起算', { skip: '2026-11-07' }] } })).toEqual(['2026-11-02 起算', '{"skip":"2026-11-07"}']);
    expect(deadlineTrace({ deadline: { trace: '5 个工作日' } })).toEqual(['5 个工作日']);
    expect(deadlineTrace({ dueAt: due })).toEqual([]);
  });

  it('takes the colour the server sends on deadline.colour, ignoring unknown ones', () => {
    expect(serverDeadline({ deadline: { dueAt: due, used: 0.9, colour: 'red' } })).toEqual({ level: 'red', used: 0.9 });
    expect(serverDeadline({ deadline: { colour: 'purple' } })).toBeUndefined();
    expect(serverDeadline({ dueAt: due })).toBeUndefined();
  });
});
