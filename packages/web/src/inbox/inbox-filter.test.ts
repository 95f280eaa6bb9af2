import { describe, expect, it } from 'vitest';
import { filterAndSort, SortOrder } from './inbox-filter.js';
import { toRow } from './inbox-views.js';

const names = new Map([['d1', '法制审核流程'], ['d2', '投诉处理']]);
const task = (id: string, definitionId: string, dueAt: string | null, createdAt: string, candidateGroups: string[]) =>
  ({ id, name: id, activityId: 'a', processInstanceId: `p-${id}`, definitionId, state: 'open', assignee: null, candidateGroups, createdAt, dueAt });
const rows = [
  task('late', 'd1', '2026-12-10T00:00:00Z', '2026-11-01T00:00:00Z', ['sfj-fzk']),
  task('none', 'd2', null, '2026-11-03T00:00:00Z', ['scjgj']),
  task('soon', 'd1', '2026-12-01T00:00:00Z', '2026-11-02T00:00:00Z', ['scjgj']),
].flatMap((item) => toRow(item, names) ?? []);

describe('inbox rows, filter and sort', () => {
  it('reads tasks into rows with the process name and unit', () => {
    expect(rows.map((r) => [r.taskId, r.processName, r.unit])).toEqual([
      ['late', '法制审核流程', 'sfj-fzk'], ['none', '投诉处理', 'scjgj'], ['soon', '法制审核流程', 'scjgj']]);
    expect(toRow({ id: 'i1', definitionId: 'd2', state: 'active', startedAt: '2026-11-01T00:00:00Z' }, names)?.taskId).toBeUndefined();
  });

  it('sorts by due date either way with undated rows last, or newest first', () => {
    const ids = (sort: SortOrder) => filterAndSort(rows, { process: '', unit: '', sort }).map((r) => r.taskId);
    expect(ids(SortOrder.dueAsc)).toEqual(['soon', 'late', 'none']);
    expect(ids(SortOrder.dueDesc)).toEqual(['late', 'soon', 'none']);
    expect(ids(SortOrder.createdDesc)).toEqual(['none', 'soon', 'late']);
  });

  it('filters by process and unit', () => {
    expect(filterAndSort(rows, { process: '法制审核流程', unit: 'scjgj', sort: SortOrder.dueAsc }).map((r) => r.taskId)).toEqual(['soon']);
  });
});
