import { describe, expect, it } from 'vitest';
import { deadlineState } from './deadline-colour.js';

const created = '2026-03-01T00:00:00.000Z';
const due = '2026-03-11T00:00:00.000Z';
const at = (iso: string): Date => new Date(iso);

describe('deadlineState', () => {
  it('given no due date, when asked, then there is no deadline state', () => {
    expect(deadlineState(created, undefined, at('2026-03-05T00:00:00Z'))).toBeUndefined();
  });

  it.each([
    ['2026-03-02T00:00:00Z', 'green', 0.1],
    ['2026-03-06T00:00:00Z', 'yellow', 0.5],
    ['2026-03-09T00:00:00Z', 'red', 0.8],
    ['2026-03-11T00:00:00Z', 'overdue', 1],
    ['2026-03-21T00:00:00Z', 'overdue', 2],
  ])('given a ten-day span, when the clock reads %s, then the colour is %s', (now, colour, used) => {
    expect(deadlineState(created, due, at(now))).toEqual({ dueAt: due, used, colour });
  });

  it('given a due date before creation, when asked before it, then nothing is used yet', () => {
    expect(deadlineState(due, created, at('2026-02-01T00:00:00Z'))?.colour).toBe('green');
    expect(deadlineState(due, created, at('2026-03-20T00:00:00Z'))?.colour).toBe('overdue');
  });
});
