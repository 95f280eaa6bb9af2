/**
 * S7: every list endpoint, queried by each role (assignee, candidate, same-unit other, other unit, admin,
 * auditor, anonymous), shows 0 rows outside the caller's rights — and the rows the caller must see are there.
 * The list routes come from the running app's router stack (parameterless GETs under /api) and must all be in
 * the checked-in table (s7-list-table.ts) with their rule. Data spans two bureaus: 市场监督管理局 (张三 starts
 * cases for its 法制科, where 李四 claims one; 稽查科 clerk starts his own) and 生态环境局 (赵六's cases), with
 * tasks, a completed task, cc, an urge notification, case codes, an external job, an incident, timers and the
 * audit trail they all write.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, deploy, DEMO_PASSWORD, startServer, type TestServer } from './support/api.js';
import { appCatcher, parameterlessGets, routeStack, type RouteStack } from './support/route-stack.js';
import { S7Caller, s7Optional, s7Table, type ListRule, type S7Fixture, type S7Oracle } from './s7-list-table.js';
import { TEST_DATABASE_URL } from '../support/pg-faults.js';

const flow = (id: string, from: string, to: string): string => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;
const definitions = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">${body}</definitions>`;
const oneTask = (key: string, attrs: string): string =>
  definitions(`<process id="${key}" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'review')}<userTask id="review" name="审核" ${attrs}/>${flow('f2', 'review', 'e')}<endEvent id="e"/></process>`);

const MODELS: Readonly<Record<string, string>> = {
  s7_a: oneTask('s7_a', 'camunda:candidateGroups="unit-scjgj-fzk"'),
  s7_b: oneTask('s7_b', 'camunda:candidateGroups="unit-sthjj-zfk"'),
  s7_job: definitions(`<process id="s7_job" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'work')}
    <serviceTask id="work"><extensionElements><zeebe:taskDefinition type="s7-work" retries="2"/></extensionElements></serviceTask>${flow('f2', 'work', 'e')}<endEvent id="e"/></process>`),
  s7_timer: definitions(`<process id="s7_timer" isExecutable="true"><startEvent id="s"/>${flow('f1', 's', 'wait')}
    <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></intermediateCatchEvent>${flow('f2', 'wait', 'e')}<endEvent id="e"/></process>`),
};

const OFFICE_KINDS = new Set(['bureau', 'township', 'subdistrict']);
const callers = Object.keys(S7Caller) as S7Caller[];
type Row = Record<string, unknown>;

describe('S7: list endpoints show each role only the rows within its rights', () => {
  let server: TestServer;
  let db: pg.Client;
  let stack: RouteStack;
  let fixture: S7Fixture & { notifications: Readonly<Record<string, readonly string[]>> };
  const clients = new Map<S7Caller, Api>();
  const users = new Map<string, Api>();
  const ids = new Map<S7Caller, string>();

  const as = async (username: string): Promise<Api> => {
    let client = users.get(username);
    if (!client) {
      client = await server.api.as(username);
      users.set(username, client);
    }
    return client;
  };
  const start = async (username: string, key: string): Promise<string> => {
    const reply = await (await as(username)).post<{ id: string }>(`/api/process-definitions/key/${key}/start`, { variables: {} });
    if (reply.status !== 201) throw new Error(`start ${key} as ${username}: ${reply.status} ${reply.text}`);
    return reply.body.id;
  };
  const taskOf = async (instanceId: string): Promise<string> => {
    const [row] = (await db.query<{ id: string }>(`SELECT id FROM task WHERE instance_id = $1 ORDER BY created_at DESC LIMIT 1`, [instanceId])).rows;
    if (!row) throw new Error(`no task in ${instanceId}`);
    return row.id;
  };
  const must = async (what: string, reply: Promise<{ status: number; text: string }>): Promise<void> => {
    const r = await reply;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
  };

  const cache = new Map<string, Promise<boolean>>();
  const opens = (caller: S7Caller, path: string): Promise<boolean> => {
    const key = `${caller} ${path}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = clients.get(caller)!.get(path).then((r) => r.status === 200);
      cache.set(key, hit);
    }
    return hit;
  };
  const oracle: S7Oracle = {
    instance: (caller, id) => (id ? opens(caller, `/api/process-instances/${encodeURIComponent(id)}`) : Promise.resolve(false)),
    task: (caller, id) => (id ? opens(caller, `/api/tasks/${encodeURIComponent(id)}`) : Promise.resolve(false)),
    userId: (caller) => ids.get(caller) ?? '',
    unitsOf: async (userId) =>
      (await db.query<{ unit: string }>(`SELECT unit_id AS unit FROM app_user WHERE id = $1 AND unit_id IS NOT NULL UNION SELECT unit_id FROM membership WHERE user_id = $1`, [userId])).rows.map((r) => r.unit),
    directoryScope: async (caller) => {
      if (caller === 'admin') return 'all';
      const units = (await db.query<{ id: string; parent_id: string | null; kind: string }>(`SELECT id, parent_id, kind FROM org_unit`)).rows;
      const byId = new Map(units.map((u) => [u.id, u]));
      const scope = new Set<string>();
      for (const own of await oracle.unitsOf(oracle.userId(caller))) {
        let office = byId.get(own);
        for (let u = office; u; u = u.parent_id ? byId.get(u.parent_id) : undefined) {
          if (OFFICE_KINDS.has(u.kind)) {
            office = u;
            break;
          }
        }
        if (!office) continue;
        const below = [office.id];
        for (let i = 0; i < below.length; i++) for (const u of units) if (u.parent_id === below[i]) below.push(u.id);
        below.forEach((id) => scope.add(id));
        if (office.parent_id) scope.add(office.parent_id);
      }
      return scope;
    },
  };

  beforeAll(async () => {
    const catcher = appCatcher();
    server = await startServer({ routers: catcher.routers });
    const clerk = await server.zhifa.addUser({ username: S7Caller.sameUnit, displayName: '稽查科科员', password: DEMO_PASSWORD, roles: ['staff'], unitId: 'unit-scjgj-jck' });
    await fetch(`${server.zhifa.url}/api/me`);
    stack = routeStack(catcher.app());
    db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${server.schema}` });
    await db.connect();
    for (const caller of callers) clients.set(caller, caller === 'anonymous' ? new Api(server.zhifa.url) : await as(S7Caller[caller]));
    const analyst = await as('analyst');
    for (const [key, xml] of Object.entries(MODELS)) await deploy(analyst, key, xml);
    await deploy(analyst, 's7_c', oneTask('s7_c', `camunda:assignee="${clerk.id}"`));
    for (const caller of callers) {
      if (caller !== 'anonymous') ids.set(caller, (await clients.get(caller)!.get<{ id: string }>('/api/me')).body.id);
    }

    // 市场监督管理局: a1 claimed by 李四, a2 open to 法制科 and cc'd to the 稽查科 clerk, a3 the clerk's own.
    const a1 = await start('zhang.san', 's7_a');
    const a2 = await start('zhang.san', 's7_a');
    const a3 = await start(S7Caller.sameUnit, 's7_c');
    const tasks: Record<string, string> = { a1: await taskOf(a1), a2: await taskOf(a2), a3: await taskOf(a3) };
    await must('claim a1', (await as('li.si')).post(`/api/tasks/${tasks['a1']!}/claim`));
    await must('cc a2', (await as('zhang.san')).post(`/api/process-instances/${a2}/cc`, { userIds: [clerk.id], message: '请知悉' }));
    await must('urge a1', (await as('zhang.san')).post(`/api/tasks/${tasks['a1']!}/urge`, { message: '请尽快' }));
    // 生态环境局: b1 open to its 执法科 (赵六), b2 claimed and completed by 赵六.
    const b1 = await start('zhao.liu', 's7_b');
    const b2 = await start('zhao.liu', 's7_b');
    tasks['b1'] = await taskOf(b1);
    tasks['b2'] = await taskOf(b2);
    await must('claim b2', (await as('zhao.liu')).post(`/api/tasks/${tasks['b2']}/claim`));
    await must('complete b2', (await as('zhao.liu')).post(`/api/tasks/${tasks['b2']}/complete`, { variables: {} }));
    // Jobs, an incident and timers in both bureaus.
    const jobA = await start('zhang.san', 's7_job');
    const jobB = await start('zhao.liu', 's7_job');
    const jobB2 = await start('zhao.liu', 's7_job');
    const [failing] = (await db.query<{ id: string }>(`SELECT id FROM external_job WHERE instance_id = $1`, [jobB2])).rows;
    await must('fail job', (await as('admin')).post(`/api/jobs/${failing?.id ?? ''}/fail`, { errorMessage: '接口不可用', retries: 0 }));
    const [incident] = (await db.query<{ id: string }>(`SELECT id FROM incident WHERE instance_id = $1`, [jobB2])).rows;
    const timerA = await start('zhang.san', 's7_timer');
    const timerB = await start('zhao.liu', 's7_timer');
    const issue = async (instanceId: string): Promise<string> =>
      (await server.zhifa.caseCodes.issue({ instanceId, processName: 'S7 案件', decisionSummary: '警告', steps: [], benchmark: null })).record.id;
    const notifications: Record<string, string[]> = {};
    for (const caller of callers) {
      notifications[caller] = (await db.query<{ id: string }>(`SELECT id FROM notification WHERE user_id = $1`, [oracle.userId(caller)])).rows.map((r) => r.id);
    }
    fixture = {
      instances: { a1, a2, a3, b1, b2, jobA, jobB, jobB2, timerA, timerB },
      tasks,
      incidentB: incident?.id ?? 'missing incident',
      caseCodes: { a1: await issue(a1), b1: await issue(b1) },
      processKeys: [...Object.keys(MODELS), 's7_c'],
      notifications,
    };
    if ((notifications['assignee'] ?? []).length === 0 || (notifications['sameUnit'] ?? []).length === 0) throw new Error('setup: the urge and cc wrote no notifications');
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  it('given the running app, when its GET routes are walked, then every list route is in the checked-in table', () => {
    const live = parameterlessGets(stack);
    const missing = live.filter((r) => !(r in s7Table));
    const stale = Object.keys(s7Table).filter((r) => !stack.routes.includes(r) && !s7Optional.has(r));
    console.log(`S7 table: ${live.length} parameterless GET /api routes, ${Object.keys(s7Table).length} table rows (${[...s7Optional].filter((r) => !stack.routes.includes(r)).join(', ') || 'no optional route'} absent)`);
    expect(missing, 'GET routes without a row in s7-list-table.ts (say which rows a caller may see, or why it is not a list)').toEqual([]);
    expect(stale, 'table rows for routes the app no longer has').toEqual([]);
  });

  it('given data in two bureaus, when every list is read by each role, then 0 rows are outside the caller\'s rights and the rows they must see are there', { timeout: 120_000 }, async () => {
    const outside: string[] = [];
    const absent: string[] = [];
    const statusErrors: string[] = [];
    let lists = 0;
    let rowsSeen = 0;
    for (const [route, entry] of Object.entries(s7Table)) {
      if (entry.kind !== 'list' || !stack.routes.includes(route)) continue;
      lists += 1;
      const rule: ListRule = route === 'GET /api/notifications' ? { ...entry, mustSee: (caller) => fixture.notifications[caller] ?? [] } : entry;
      for (const caller of callers) {
        const seen = new Set<string>();
        for (const url of rule.urls(fixture)) {
          const reply = await clients.get(caller)!.get<unknown>(url);
          const expected = caller === 'anonymous' ? 401 : (rule.roles ?? callers).includes(caller) ? 200 : 403;
          if (reply.status !== expected) {
            statusErrors.push(`${url} as ${caller}: ${reply.status}, expected ${expected} ${reply.text.slice(0, 100)}`);
            continue;
          }
          if (reply.status !== 200) continue;
          const body = reply.body as Row[] | { items?: Row[] };
          const rows: readonly Row[] = rule.rowsOf ? rule.rowsOf(body) : Array.isArray(body) ? body : (body.items ?? []);
          for (const row of rows) {
            rowsSeen += 1;
            seen.add(rule.idOf(row));
            if (!(await rule.allowed(row, caller, oracle, url))) outside.push(`${url} as ${caller}: row ${rule.idOf(row) || JSON.stringify(row).slice(0, 80)} breaks "${rule.rule}"`);
          }
        }
        const listed = caller !== 'anonymous' && (rule.roles ?? callers).includes(caller);
        for (const id of listed ? rule.mustSee(caller, fixture) : []) if (!seen.has(id)) absent.push(`${route} as ${caller}: own row ${id} missing`);
      }
    }
    console.log(`S7: ${lists} list endpoints × ${callers.length} roles (${rowsSeen} rows read), ${outside.length} rows outside rights, ${absent.length} own rows missing, ${statusErrors.length} unexpected statuses`);
    expect({ outside, absent, statusErrors }).toEqual({ outside: [], absent: [], statusErrors: [] });
    expect(lists).toBeGreaterThanOrEqual(12);
  });
});
