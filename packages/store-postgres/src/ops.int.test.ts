import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHolidayYear, listHolidays, publishedHolidayYears, upsertHolidayYear } from './holiday.repository.js';
import { completeIdempotencyKey, reserveIdempotencyKey } from './idempotency.repository.js';
import { openTestStore } from './int-test-support.js';
import { countUnreadNotifications, insertNotification, listNotifications, markNotificationsRead } from './notification.repository.js';
import { IdempotencyKeyReusedError } from './store-errors.js';

describe('notifications, calendar and idempotency keys', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore('ops');
  });
  afterAll(async () => store.dispose());

  it('given a reminder for (timer, kind, user), when inserted 10 times concurrently, then exactly one row exists', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => insertNotification(store.db, { userId: 'zhang', kind: 'reminder', timerId: 'timer-1', payload: { taskId: 't1' } })),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await insertNotification(store.db, { userId: 'li', kind: 'reminder', timerId: 'timer-1' })).toBeDefined();
    expect(await insertNotification(store.db, { userId: 'zhang', kind: 'escalation', timerId: 'timer-1' })).toBeDefined();
    // Without a timer (e.g. 催办), every notification is kept.
    await insertNotification(store.db, { userId: 'zhang', kind: 'urge' });
    await insertNotification(store.db, { userId: 'zhang', kind: 'urge' });
    expect(await countUnreadNotifications(store.db, 'zhang')).toBe(4);
  });

  it('given unread notifications, when some and then all are marked read, then the unread count follows', async () => {
    const [first] = await listNotifications(store.db, 'zhang');
    expect(await markNotificationsRead(store.db, 'zhang', '2026-01-05T00:00:00.000Z', [first!.id])).toBe(1);
    expect(await countUnreadNotifications(store.db, 'zhang')).toBe(3);
    expect(await markNotificationsRead(store.db, 'li', '2026-01-05T00:00:00.000Z', [first!.id])).toBe(0);
    expect(await markNotificationsRead(store.db, 'zhang', '2026-01-05T00:00:00.000Z')).toBe(3);
    expect(await listNotifications(store.db, 'zhang', { unreadOnly: true })).toEqual([]);
  });

  it('given a year of holidays, when imported twice, then the second import replaces the first and the year is published', async () => {
    await upsertHolidayYear(store.db, 2026, [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }], 'draft');
    const stored = await upsertHolidayYear(
      store.db,
      2026,
      [
        { date: '2026-02-16', kind: 'holiday', name: '春节' },
        { date: '2026-02-14', kind: 'workday', name: '春节调休', source: '国办发明电〔2025〕7号' },
      ],
      '国办发明电〔2025〕7号',
    );
    expect(stored.published).toBe(true);
    expect(stored.days.map((d) => [d.date, d.kind])).toEqual([['2026-02-14', 'workday'], ['2026-02-16', 'holiday']]);
    expect((await getHolidayYear(store.db, 2027)).published).toBe(false);
    expect(await publishedHolidayYears(store.db)).toEqual([2026]);
    expect(await listHolidays(store.db, '2026-02-15', '2026-12-31')).toHaveLength(1);
    await expect(upsertHolidayYear(store.db, 2026, [{ date: '2027-01-01', kind: 'holiday', name: 'x' }])).rejects.toThrow(RangeError);
  });

  it('given the same Idempotency-Key sent 10 times at once, when each runs in its own transaction, then one effect and byte-identical replies', async () => {
    await store.db.query(`CREATE TABLE effect (n int)`);
    const request = { key: 'k-1', userId: 'zhang', route: 'POST /api/tasks/:id/complete', requestHash: 'h1' };
    // Keys in an order jsonb would not keep (it sorts by length, then bytes).
    const sent = '{"state":"done","id":"t1","at":"first"}';
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        store.db.transaction(async (tx) => {
          const reservation = await reserveIdempotencyKey(tx, request);
          if (reservation.type === 'replay') return reservation;
          await tx.query(`INSERT INTO effect VALUES (1)`);
          const answer = { statusCode: 201, body: sent, contentType: 'application/json; charset=utf-8' };
          await completeIdempotencyKey(tx, { ...request, ...answer });
          return { type: 'replay', ...answer };
        }),
      ),
    );
    expect(await store.db.query(`SELECT * FROM effect`)).toHaveLength(1);
    for (const reply of replies) expect(reply).toEqual({ type: 'replay', statusCode: 201, body: sent, contentType: 'application/json; charset=utf-8' });
    await expect(store.db.transaction((tx) => reserveIdempotencyKey(tx, { ...request, requestHash: 'other' }))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
  });
});
