import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from './int-test-support.js';
import { cancelTimers, claimTimer, getTimerDetails, insertTimer, listPendingTimers, rescheduleTimer } from './timer.repository.js';

describe('deadline-policy timers', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  const base = { definitionId: 'def', processId: 'proc', elementId: 'Review', instanceId: 'i1' };

  beforeAll(async () => {
    store = await openTestStore('timer');
    for (let i = 0; i < 5; i++) {
      await insertTimer(store.db, { ...base, id: `rem-${i}`, kind: 'reminder', taskId: 't1', dueAt: `2026-01-0${i + 1}T00:00:00.000Z`, payload: { n: i } });
    }
    await insertTimer(store.db, { ...base, id: 'esc', kind: 'escalation', taskId: 't2', dueAt: '2027-01-04T00:00:00.000Z', provisional: true });
  });
  afterAll(async () => store.dispose());

  it('given pending timers, when listed in pages of 2, then the reconciler sees each once in due order', async () => {
    const seen: string[] = [];
    let after: { dueAt: string; id: string } | undefined;
    for (;;) {
      const page = await listPendingTimers(store.db, { limit: 2, ...(after && { after }) });
      if (page.length === 0) break;
      seen.push(...page.map((t) => t.id));
      const last = page[page.length - 1]!;
      after = { dueAt: last.dueAt, id: last.id };
    }
    expect(seen).toEqual(['rem-0', 'rem-1', 'rem-2', 'rem-3', 'rem-4', 'esc']);
    expect((await listPendingTimers(store.db, { dueBy: '2026-01-02T00:00:00.000Z' })).map((t) => t.id)).toEqual(['rem-0', 'rem-1']);
    expect((await listPendingTimers(store.db, { provisionalOnly: true })).map((t) => t.id)).toEqual(['esc']);
  });

  it('given a provisional due date, when the year is imported, then it can be rescheduled and loses the flag', async () => {
    expect(await rescheduleTimer(store.db, 'esc', '2027-01-05T00:00:00.000Z', false)).toBe(true);
    expect(await getTimerDetails(store.db, 'esc')).toMatchObject({ dueAt: '2027-01-05T00:00:00.000Z', provisional: false, kind: 'escalation' });
  });

  it('given a completed task, when its timers are cancelled, then they are gone from pending and cannot fire', async () => {
    const cancelled = await cancelTimers(store.db, { taskId: 't1' }, '2026-01-01T12:00:00.000Z');
    expect(cancelled.sort()).toEqual(['rem-0', 'rem-1', 'rem-2', 'rem-3', 'rem-4']);
    expect(await claimTimer(store.db, 'rem-0', '2026-02-01T00:00:00.000Z')).toBeUndefined();
    expect((await listPendingTimers(store.db)).map((t) => t.id)).toEqual(['esc']);
    expect(await rescheduleTimer(store.db, 'rem-1', '2026-03-01T00:00:00.000Z', false)).toBe(false);
  });

  it('given a due timer, when claimed, then it carries its payload and fired time', async () => {
    await insertTimer(store.db, { ...base, id: 'late', kind: 'overdue', dueAt: '2026-01-01T00:00:00.000Z', payload: { level: 2 } });
    expect(await claimTimer(store.db, 'late', '2026-01-01T00:00:00.000Z')).toMatchObject({
      id: 'late', payload: { level: 2 }, firedAt: '2026-01-01T00:00:00.000Z',
    });
  });
});
