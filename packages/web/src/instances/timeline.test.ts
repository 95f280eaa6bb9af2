import type { HistoryEntry } from '@zhifa/api-types';
import { describe, expect, it } from 'vitest';
import { opinionsOf } from './timeline.js';

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
