/**
 * A1: every state-changing route writes exactly one audit entry for its action, in the transaction of the state
 * change, and a refused call writes none. The routes come from the running app's Express router stack and are
 * compared with the checked-in inventory (a1-route-inventory.ts) both ways. Per audited route: a refused call
 * (4xx, no history row at all), then the allowed call (2xx, exactly one matching entry naming the caller, at the
 * server clock's now, written by the same PostgreSQL transaction — same `xmin` — as the state row it changed).
 * Every audited route also runs once with a forced failure while its audit entry is inserted (a trigger on
 * `history`): the request fails, and neither the instances, its state row nor the history changed.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { a1Inventory, A1_LINEAR_V2, A1_MODELS, a1OpaqueMounts, type A1Context, type AuditMatch } from './a1-route-inventory.js';
import { deploy, startServer, type Api, type Reply, type TestServer } from './support/api.js';
import { appCatcher, routeStack, stateChanging, type RouteStack } from './support/route-stack.js';
import { TEST_DATABASE_URL } from '../support/pg-faults.js';

/** The advisory lock of @zhifa/store-postgres's audit sealer (audit-sealer.ts). */
const SEAL_LOCK = 'zhifa-audit-seal';

interface HistoryRow {
  seq: string;
  instance_id: string | null;
  at: Date;
  actor: string | null;
  action: string;
  element_id: string | null;
  data: Record<string, unknown>;
  xmin: string;
}

const matches = (row: HistoryRow, m: AuditMatch): boolean =>
  row.action === m.action && (m.operation === undefined || row.data['operation'] === m.operation) && (m.elementId === undefined || row.element_id === m.elementId);

describe('A1: one audit entry per state-changing route, in the same transaction', () => {
  let server: TestServer;
  let db: pg.Client;
  let stack: RouteStack;
  const clients = new Map<string, Api>();

  const sql = async <T extends object>(text: string, values: unknown[] = []): Promise<T[]> => (await db.query<T>(text, values)).rows;
  const lastSeq = async (): Promise<number> => Number((await sql<{ s: string | null }>('SELECT max(seq)::text AS s FROM history'))[0]?.s ?? 0);
  const historyAfter = (seq: number): Promise<HistoryRow[]> =>
    sql<HistoryRow>('SELECT seq::text, instance_id, at, actor, action, element_id, data, xmin::text FROM history WHERE seq > $1 ORDER BY seq', [seq]);
  const instancesFingerprint = async (): Promise<string> =>
    JSON.stringify(await sql('SELECT count(*)::int AS n, coalesce(sum(version), 0)::int AS v FROM process_instance'));

  const ctx: A1Context = {
    as: async (username) => {
      let client = clients.get(username);
      if (!client) {
        client = await server.api.as(username);
        clients.set(username, client);
      }
      return client;
    },
    startLinear: async () => {
      const reply = await (await ctx.as('zhang.san')).post<{ id: string }>('/api/process-definitions/key/a1_linear/start', { variables: {} });
      if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${reply.text}`);
      return reply.body.id;
    },
    taskAt: async (instanceId, activityId) => {
      const tasks = await (await ctx.as('admin')).get<{ id: string; activityId: string; state: string }[]>(`/api/tasks?processInstanceId=${instanceId}`);
      const task = tasks.body.find((t) => t.activityId === activityId && t.state !== 'completed');
      if (!task) throw new Error(`no open task at ${activityId}: ${tasks.text.slice(0, 300)}`);
      return task.id;
    },
    completeAt: async (username, instanceId, activityId) => {
      const reply = await (await ctx.as(username)).post(`/api/tasks/${await ctx.taskAt(instanceId, activityId)}/complete`, { variables: {} });
      if (reply.status !== 200) throw new Error(`complete failed: ${reply.status} ${reply.text}`);
    },
    startAsAdmin: async (key, variables = {}) => {
      const reply = await (await ctx.as('admin')).post<{ id: string }>(`/api/process-definitions/key/${key}/start`, { variables });
      if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${reply.text}`);
      return reply.body.id;
    },
    jobOf: async (instanceId) => {
      const [row] = await sql<{ id: string }>(`SELECT id FROM external_job WHERE instance_id = $1`, [instanceId]);
      if (!row) throw new Error(`no job for ${instanceId}`);
      return row.id;
    },
    issueCaseCode: async (instanceId) =>
      (await server.zhifa.caseCodes.issue({ instanceId, processName: 'A1 案件', decisionSummary: '警告', steps: [{ activityName: '起草', completedAt: '2026-03-02T01:00:00.000Z' }], benchmark: null })).record.id,
    definitionId: async (key, version) => {
      const list = await (await ctx.as('admin')).get<{ id: string; key: string; version: number }[]>(`/api/process-definitions?key=${key}`);
      const found = list.body.find((d) => d.key === key && d.version === version);
      if (!found) throw new Error(`no ${key} v${version}: ${list.text.slice(0, 200)}`);
      return found.id;
    },
  };

  beforeAll(async () => {
    const catcher = appCatcher();
    server = await startServer({ routers: catcher.routers });
    await fetch(`${server.zhifa.url}/api/me`);
    stack = routeStack(catcher.app());
    db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${server.schema}` });
    await db.connect();
    const analyst = await ctx.as('analyst');
    for (const [key, xml] of Object.entries(A1_MODELS)) await deploy(analyst, key, xml);
    await deploy(analyst, 'a1_linear_v2', A1_LINEAR_V2);
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  it('given the running app, when its router stack is walked, then every state-changing route is in the inventory and every inventory route exists', () => {
    const live = stateChanging(stack);
    const missing = live.filter((r) => !(r in a1Inventory));
    const stale = Object.keys(a1Inventory).filter((r) => !live.includes(r));
    const unlistedMounts = stack.opaqueMounts.filter((m) => !(m in a1OpaqueMounts));
    console.log(`A1 inventory: ${live.length} state-changing routes in the app, ${Object.keys(a1Inventory).length} in the inventory; opaque mounts ${stack.opaqueMounts.join(', ') || 'none'}`);
    expect(missing, 'routes the inventory does not cover (add them to a1-route-inventory.ts)').toEqual([]);
    expect(stale, 'inventory routes the app no longer has').toEqual([]);
    expect(unlistedMounts, 'path-mounted handlers whose routes cannot be walked').toEqual([]);
    expect(live.length).toBeGreaterThan(20);
  });

  it('given every audited route, when refused and then allowed, then the refusal writes nothing and the allowed call exactly one entry (who, what, when) in the state change\'s transaction', { timeout: 120_000 }, async () => {
    const bad: string[] = [];
    let audited = 0;
    let unaudited = 0;
    let sameTransaction = 0;
    for (const [route, entry] of Object.entries(a1Inventory)) {
      if (entry.kind === 'unaudited') {
        unaudited += 1;
        if (!entry.prepare) continue;
        const call = await entry.prepare(ctx);
        const before = await lastSeq();
        const reply = await call.run();
        const rows = await historyAfter(before);
        if (reply.status >= 500) bad.push(`${route}: ${reply.status}`);
        if (rows.length > 0) bad.push(`${route}: listed as unaudited but wrote ${rows.map((r) => r.action).join(', ')}`);
        continue;
      }
      audited += 1;
      const ex = await entry.prepare(ctx);
      const actor = `user-${ex.username}`;

      let before = await lastSeq();
      const refused = await ex.refused();
      const afterRefusal = await historyAfter(before);
      if (refused.status < 400 || refused.status >= 500) bad.push(`${route}: refused call answered ${refused.status} ${refused.text.slice(0, 120)}`);
      if (afterRefusal.length > 0) bad.push(`${route}: refused call wrote ${afterRefusal.map((r) => r.action).join(', ')}`);

      before = await lastSeq();
      const now = server.zhifa.clock?.now().toISOString();
      // The sealer rewrites history rows after commit (chain columns), which would replace their xmin: it
      // waits while this session holds its lock.
      await db.query('SELECT pg_advisory_lock(hashtext($1))', [SEAL_LOCK]);
      let ok: Reply;
      let rows: HistoryRow[];
      let stateXmin: string | undefined;
      try {
        ok = await ex.ok();
        rows = await historyAfter(before);
        const state = typeof ex.stateRow === 'function' ? ex.stateRow(ok) : ex.stateRow;
        const engineRow = rows.find((r) => matches(r, entry.entry))?.instance_id;
        const target = state ?? (entry.engine && engineRow ? { table: 'process_instance', id: engineRow } : undefined);
        if (target) {
          const found = await sql<{ xmin: string }>(`SELECT xmin::text FROM ${target.table} WHERE ${target.column ?? 'id'} = $1`, [target.id]);
          stateXmin = found.length === 0 ? 'no row' : [...new Set(found.map((f) => f.xmin))].join('+');
        }
      } finally {
        await db.query('SELECT pg_advisory_unlock(hashtext($1))', [SEAL_LOCK]);
      }
      if (ok.status < 200 || ok.status >= 300) {
        bad.push(`${route}: allowed call answered ${ok.status} ${ok.text.slice(0, 160)}`);
        continue;
      }
      const mine = rows.filter((r) => matches(r, entry.entry));
      const label = `${entry.entry.action}${entry.entry.operation ? `/${entry.entry.operation}` : ''}`;
      if (mine.length !== 1) {
        bad.push(`${route}: ${mine.length} '${label}' entries (wrote ${rows.map((r) => r.action).join(', ') || 'nothing'})`);
        continue;
      }
      const row = mine[0]!;
      if (row.actor !== actor) bad.push(`${route}: '${label}' names actor ${row.actor ?? 'nobody'}, expected ${actor}`);
      if (row.at.toISOString() !== now) bad.push(`${route}: '${label}' at ${row.at.toISOString()}, server clock ${now ?? '?'}`);
      const xmins = new Set(rows.map((r) => r.xmin));
      if (xmins.size !== 1) bad.push(`${route}: the call's ${rows.length} history rows came from ${xmins.size} transactions`);
      if (stateXmin !== undefined && stateXmin !== row.xmin) bad.push(`${route}: the state row was written by transaction ${stateXmin}, the audit entry by ${row.xmin}`);
      if (stateXmin !== undefined) sameTransaction += 1;
    }
    const total = audited + unaudited;
    console.log(`A1: ${audited - new Set(bad.map((b) => b.split(':')[0])).size}/${audited} audited state-changing routes write exactly one audit entry (who, what, when) (${sameTransaction} checked to share the state row's transaction), refusals none; ${unaudited} listed as writing none with a reason; ${total} routes in all`);
    expect(bad).toEqual([]);
  });

  it('given the start route, when an instance starts, then its row with the owner (initiator and unit), its first task and its audit entry come from one transaction', async () => {
    const before = await lastSeq();
    await db.query('SELECT pg_advisory_lock(hashtext($1))', [SEAL_LOCK]);
    let instanceId: string;
    let rows: HistoryRow[];
    let instance: { xmin: string; started_by: string | null; owner_unit_id: string | null; version: number } | undefined;
    let taskXmins: string[];
    try {
      instanceId = await ctx.startLinear();
      rows = await historyAfter(before);
      [instance] = await sql<{ xmin: string; started_by: string | null; owner_unit_id: string | null; version: number }>(
        'SELECT xmin::text, started_by, owner_unit_id, version FROM process_instance WHERE id = $1',
        [instanceId],
      );
      taskXmins = (await sql<{ xmin: string }>('SELECT xmin::text FROM task WHERE instance_id = $1', [instanceId])).map((r) => r.xmin);
    } finally {
      await db.query('SELECT pg_advisory_unlock(hashtext($1))', [SEAL_LOCK]);
    }
    const [user] = await sql<{ id: string; unit_id: string | null }>('SELECT id, unit_id FROM app_user WHERE username = $1', ['zhang.san']);
    const started = rows.find((r) => r.action === 'instance.started' && r.instance_id === instanceId);
    expect(started, 'instance.started entry').toBeDefined();
    expect(user?.unit_id, 'zhang.san belongs to a unit').toBeTruthy();
    expect(instance).toMatchObject({ started_by: user?.id, owner_unit_id: user?.unit_id, version: 1 });
    expect(instance?.xmin, 'the instance row (with its owner) was written by the transaction of its audit entry').toBe(started?.xmin);
    expect(taskXmins).toEqual([started?.xmin]);
  });

  it('given every audited route, when inserting its audit entry fails, then the request fails and neither its state nor the history changed', { timeout: 120_000 }, async () => {
    const bad: string[] = [];
    let checked = 0;
    for (const [route, entry] of Object.entries(a1Inventory)) {
      if (entry.kind !== 'audited') continue;
      const ex = await entry.prepare(ctx);
      const state = typeof ex.stateRow === 'function' ? undefined : ex.stateRow;
      const stateOf = async (): Promise<string> =>
        state ? JSON.stringify(await sql(`SELECT t::text AS row FROM ${state.table} t WHERE ${state.column ?? 'id'} = $1 ORDER BY 1`, [state.id])) : '';
      const operation = entry.entry.operation === undefined ? '' : ` AND NEW.data->>'operation' = '${entry.entry.operation}'`;
      await db.query(`CREATE OR REPLACE FUNCTION a1_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'A1 forced failure'; END $$`);
      await db.query(`CREATE TRIGGER a1_fail BEFORE INSERT ON history FOR EACH ROW WHEN (NEW.action = '${entry.entry.action}'${operation}) EXECUTE FUNCTION a1_fail()`);
      const before = await lastSeq();
      const [instances, stateBefore] = [await instancesFingerprint(), await stateOf()];
      let status: number;
      try {
        status = (await ex.ok()).status;
      } finally {
        await db.query('DROP TRIGGER a1_fail ON history');
      }
      checked += 1;
      const rows = await historyAfter(before);
      if (status < 500) bad.push(`${route}: answered ${status} although its audit entry could not be written`);
      if (rows.length > 0) bad.push(`${route}: ${rows.length} history rows survived the failure`);
      if ((await instancesFingerprint()) !== instances) bad.push(`${route}: instance rows changed although the audit entry failed`);
      if ((await stateOf()) !== stateBefore) bad.push(`${route}: its ${state?.table ?? ''} row changed although the audit entry failed`);
      // The same call succeeds once the fault is gone: the failure was the audit write, nothing else.
      const retried = await ex.ok();
      if (retried.status >= 300) bad.push(`${route}: after the fault, the call answered ${retried.status} ${retried.text.slice(0, 120)}`);
    }
    console.log(`A1 (transaction): ${checked - new Set(bad.map((b) => b.split(':')[0])).size}/${checked} audited routes leave state and history untouched when their audit entry cannot be written`);
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
