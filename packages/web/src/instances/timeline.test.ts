import type { HistoryEntry } from '@zhifa/api-types';
import { describe, expect, it } from 'vitest';
import { opinionsOf, timelineEntries } from './timeline.js';

const entry = (seq: number, type: string, details: unknown, actor: string | null = 'user-wang.wu'): HistoryEntry =>
  ({ seq, at: `2026-11-27T08:0${seq}:00Z`, actor, type, activityId: 'legalReview', details });

describe('prior opinions', () => {
  it('are the history entries that carry an opinion, with their outcome', () => {
    // given a claim, a completion with opinion and outcome, a variable and a return with only a reason
    const history = [
      entry(1, 'task.operation', { operation: 'claim' }),
      entry(2, 'task.operation', { operation: 'complete', opinion: '同意', outcome: 'approve' }),
      entry(3, 'variable.set', { name: 'opinion', value: '同意' }),
      entry(4, 'task.operation', { operation: 'return', reason: '材料不全' }),
    ];
    // then only the completion is an opinion
    expect(opinionsOf(history)).toEqual([
      { at: '2026-11-27T08:02:00Z', actor: 'user-wang.wu', activityId: 'legalReview', text: '同意', outcome: 'approve' },
    ]);
  });
});

describe('the staff timeline', () => {
  it('leaves gateways out, keeps unnamed start and end events and every operation; the full timeline keeps all', () => {
    // given a case that passed a start event, a joining gateway, a task with an operation, and ended
    const types = new Map([['start', 'startEvent'], ['reviewJoin', 'parallelGateway'], ['legalReview', 'userTask'], ['end', 'endEvent']]);
    const at = (seq: number, type: string, activityId: string | null, details: unknown = {}): HistoryEntry =>
      ({ seq, at: `2026-11-27T08:0${seq}:00Z`, actor: null, type, activityId, details });
    const history = [
      at(1, 'element.completed', 'start'),
      at(2, 'element.started', 'reviewJoin'),
      at(3, 'element.completed', 'reviewJoin'),
      at(4, 'flow.taken', 'toReview'),
      at(5, 'task.operation', 'legalReview', { operation: 'urge' }),
      at(6, 'element.completed', 'end'),
    ];
    // then the staff timeline has the start, the operation and the end; the full one everything
    expect(timelineEntries(history, false, types).map((e) => e.seq)).toEqual([1, 5, 6]);
    expect(timelineEntries(history, true, types)).toHaveLength(6);
    // and without the diagram nothing is known to be a gateway, so nothing is left out but bookkeeping
    expect(timelineEntries(history, false, new Map()).map((e) => e.seq)).toEqual([1, 2, 3, 5, 6]);
  });
});
