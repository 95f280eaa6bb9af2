import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, dropSchema, openPostgresStore, seedDemoOrganisation, type PostgresStore } from '@zhifa/store-postgres';
import { createLogger } from '../observability/logger.js';
import { InboxNotificationListener } from './notification.listener.js';

const url = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_inbox_${randomBytes(5).toString('hex')}`;
const clock = { now: () => new Date('2026-03-02T01:00:00Z') };
let store: PostgresStore;
let listener: InboxNotificationListener;

beforeAll(async () => {
  store = await openPostgresStore({ url, schema, poolSize: 3 });
  await store.db.transaction((tx) => seedDemoOrganisation(tx, { password: 'not-used-here' }));
  listener = new InboxNotificationListener(store.db, clock, createLogger('silent'));
}, 30_000);

afterAll(async () => {
  if (!store) return;
  // The audit sealer chains the entries in the background after commit: let it finish before the drop.
  await store.instances.sealer.flush().catch(() => 0);
  await dropSchema(store.dataSource);
  await store.close();
});

const notifications = (kind: string) =>
  store.db.query<{ user_id: string }>(`SELECT user_id FROM notification WHERE kind = $1 ORDER BY user_id`, [kind]);

const ccAudit = (id: string) =>
  store.db.transaction((tx) => appendAudit(tx, [{ id, instanceId: 'inst-1', at: clock.now().toISOString(), action: 'task.operation', data: { operation: 'cc' } }]));

describe('InboxNotificationListener', () => {
  it('given a cc to a user and a unit, when the effect is delivered twice, then each recipient is notified once and cc rows exist', async () => {
    await ccAudit('audit-cc-1');
    const effect = { type: 'notification.requested', kind: 'cc', by: 'user-zhang.san', userIds: ['user-zhao.liu'], unitIds: ['unit-sfj-fzk'] };
    await listener.onEffect(effect, 'inst-1');
    await listener.onEffect(effect, 'inst-1');
    expect((await notifications('cc')).map((n) => n.user_id)).toEqual(['user-sfj-fzk.leader', 'user-wang.wu', 'user-zhao.liu']);
    const rows = await store.db.query<{ user_id: string | null; unit_id: string | null }>(`SELECT user_id, unit_id FROM instance_cc WHERE instance_id = 'inst-1' ORDER BY user_id`);
    expect(rows).toEqual([{ user_id: 'user-zhao.liu', unit_id: null }, { user_id: null, unit_id: 'unit-sfj-fzk' }]);
  });

  it('given a second cc of the same people (a new audit entry), when delivered, then they are notified again', async () => {
    await ccAudit('audit-cc-2');
    await listener.onEffect({ type: 'notification.requested', kind: 'cc', by: 'user-zhang.san', userIds: ['user-zhao.liu'], unitIds: [] }, 'inst-1');
    expect((await notifications('cc')).filter((n) => n.user_id === 'user-zhao.liu')).toHaveLength(2);
  });

  it('given other effects, when delivered, then nothing is written', async () => {
    await listener.onEffect({ type: 'task.created', taskId: 't1', elementId: 'x' }, 'inst-1');
    expect(await notifications('urge')).toHaveLength(0);
  });
});
