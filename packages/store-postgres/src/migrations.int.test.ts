import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './data-source.js';
import { openTestStore } from './int-test-support.js';

describe('migrations', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  beforeAll(async () => {
    store = await openTestStore('mig');
  });
  afterAll(async () => store.dispose());

  it('given an empty schema, when migrated, then every table exists in that schema and nowhere else is touched', async () => {
    const rows = await store.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [store.schema],
    );
    const tables = rows.map((r) => r.table_name);
    for (const table of [
      'deployment', 'deployment_resource', 'process_definition', 'decision_definition', 'form_definition',
      'process_instance', 'task', 'timer', 'message_subscription', 'signal_subscription', 'external_job', 'incident',
      'notification', 'outbox', 'history', 'history_head', 'app_user', 'org_unit', 'membership', 'holiday',
      'holiday_year', 'idempotency_key', 'instance_cc', 'case_code', 'schema_migration',
    ]) {
      expect(tables).toContain(table);
    }
  });

  it('given a migrated schema, when migrated again, then nothing is applied', async () => {
    expect(await migrate(store.dataSource)).toEqual([]);
  });

  it('given the pending-timer index, when the planner looks for due timers, then it is a partial index on due_at', async () => {
    const [index] = await store.db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'timer_pending_due_idx'`,
      [store.schema],
    );
    expect(index?.indexdef).toMatch(/\(due_at, id\) WHERE \(\(fired_at IS NULL\) AND \(cancelled_at IS NULL\)\)/);
  });
});
