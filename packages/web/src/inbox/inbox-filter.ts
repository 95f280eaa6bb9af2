import type { InboxRow } from './inbox-views.js';

export const SortOrder = { dueAsc: 'due-asc', dueDesc: 'due-desc', createdDesc: 'created-desc' } as const;
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];

export interface InboxFilter {
  process: string;
  unit: string;
  sort: SortOrder;
}

/** Rows without a due date sort after those with one, whichever the direction. */
function byDue(a: InboxRow, b: InboxRow, direction: 1 | -1): number {
  if (a.dueAt === b.dueAt) return 0;
  if (a.dueAt === null) return 1;
  if (b.dueAt === null) return -1;
  return direction * (Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

export function filterAndSort(rows: readonly InboxRow[], filter: InboxFilter): InboxRow[] {
  const kept = rows.filter((row) => (!filter.process || row.processName === filter.process) && (!filter.unit || row.unit === filter.unit));
  switch (filter.sort) {
    case SortOrder.dueAsc: return kept.sort((a, b) => byDue(a, b, 1));
    case SortOrder.dueDesc: return kept.sort((a, b) => byDue(a, b, -1));
    case SortOrder.createdDesc: return kept.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    default: {
      const unknown: never = filter.sort;
      throw new Error(`unknown sort ${String(unknown)}`);
    }
  }
}
