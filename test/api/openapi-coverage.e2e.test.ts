/**
 * Every route the running app mounts is documented in `/api/openapi.json`, and the document names no route the
 * app does not serve. The live routes come from the Express router stack (the A1 audit's walker); the
 * document's `{id}` paths are compared in Express syntax (`:id`). Only the non-API mounts below are left out,
 * each with its reason. A case through the feature routes then checks that their answers parse with the
 * response schemas the document was built from.
 */
import { ApiPath, pathOf, routes, type RouteSpec } from '@zhifa/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCatcher, routeStack, type RouteStack } from '../reliability/support/route-stack.js';
import { ApiClient, type Reply } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { deployUserTask, startWithTask } from './support/scenario.js';

/** Mounted routes that are not part of the JSON API, and why. */
const NOT_API: Readonly<Record<string, string>> = {
  'GET /healthz': 'liveness probe for orchestrators, outside /api',
  'GET /readyz': 'readiness probe for orchestrators, outside /api',
  'GET /metrics': 'Prometheus text exposition, outside /api',
  'GET /case/:token': '一案一码 public HTML page (no login), not JSON',
  'GET /case/:token/qr.png': 'QR code image of the public case page',
  'GET /case/:token/qr.svg': 'QR code image of the public case page',
};

/** Path-mounted handlers whose routes cannot be listed (not Express routers), and why they are no API. */
const NOT_API_MOUNTS: Readonly<Record<string, string>> = {
  '/admin/queues': 'BullMQ dashboard (HTML + its own XHR), admin-only, outside /api',
};

/** A one-table decision (UNIQUE, two bands of an amount) to list and evaluate. */
const BANDS_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="coverage-bands" name="金额档次" namespace="http://zhifa.test/dmn">
  <decision id="bands" name="档次">
    <decisionTable id="bands-table" hitPolicy="UNIQUE">
      <input id="bands-amount" label="金额"><inputExpression id="bands-amount-expr" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="bands-level" name="level" typeRef="string" />
      <annotation name="依据" />
      <rule id="low"><inputEntry><text>&lt; 5000</text></inputEntry><outputEntry><text>"低"</text></outputEntry><annotationEntry><text>第一款</text></annotationEntry></rule>
      <rule id="high"><inputEntry><text>&gt;= 5000</text></inputEntry><outputEntry><text>"高"</text></outputEntry><annotationEntry><text>第二款</text></annotationEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** `METHOD /path` (Express syntax) of every operation in the document. */
function documentedRoutes(doc: unknown): string[] {
  const paths: unknown = typeof doc === 'object' && doc !== null ? Reflect.get(doc, 'paths') : undefined;
  if (typeof paths !== 'object' || paths === null) throw new Error('no paths in the OpenAPI document');
  const out: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of Object.keys(item as object)) {
      if (HTTP_METHODS.has(method)) out.push(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
    }
  }
  return out;
}

describe('OpenAPI coverage: the document lists every mounted API route', () => {
  let server: TestServer;
  let stack: RouteStack;
  let documented: string[];

  beforeAll(async () => {
    const catcher = appCatcher();
    server = await startTestServer({ routers: catcher.routers });
    const anonymous = new ApiClient(server.url);
    // The catcher is a public router: it sees the app on the first request that passes the routes before it.
    await anonymous.get('/api/me');
    stack = routeStack(catcher.app());
    const reply = await anonymous.get('/api/openapi.json');
    expect(reply.status).toBe(200);
    documented = documentedRoutes(reply.body);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('given the running app, when its router stack is compared with /api/openapi.json, then no mounted route is missing from the document', () => {
    const missing = stack.routes.filter((route) => !(route in NOT_API) && !documented.includes(route));
    expect(missing).toEqual([]);
  });

  it('given the document, when compared with the router stack, then every documented route is mounted', () => {
    const stale = documented.filter((route) => !stack.routes.includes(route));
    expect(stale).toEqual([]);
  });

  it('given the exclusion lists, when compared with the router stack, then each excluded route and mount still exists', () => {
    expect(Object.keys(NOT_API).filter((route) => !stack.routes.includes(route))).toEqual([]);
    expect([...stack.opaqueMounts].sort()).toEqual(Object.keys(NOT_API_MOUNTS).sort());
  });

  it('given an excluded route, when compared with the document, then it is not documented (the exclusion is needed)', () => {
    expect(documented.filter((route) => route in NOT_API)).toEqual([]);
  });
});

describe('OpenAPI response schemas: the feature routes answer what the document says', () => {
  let server: TestServer;
  let admin: ApiClient;
  let instanceId: string;
  let taskId: string;

  /** The reply must be the route's success status, and its body must parse with the route's response schema. */
  const expectConforming = (method: string, path: string, reply: Reply): void => {
    const route: RouteSpec | undefined = routes.find((r) => r.method === method && r.path === path);
    if (!route) throw new Error(`${method} ${path} is not in the route table`);
    expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body).slice(0, 300)}`).toBe(route.status ?? 200);
    const parsed = route.response.safeParse(reply.body);
    expect(parsed.success ? [] : parsed.error.issues, `${method} ${path}`).toEqual([]);
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = await new ApiClient(server.url).as('admin');
    await deployUserTask(server.url, { key: 'coverage_case', assignee: 'user-admin' });
    const started = await startWithTask(admin, 'coverage_case');
    instanceId = started.instance.id;
    taskId = started.task.id;
    const deployed = await (await admin.as('analyst')).post('/api/deployments', { name: 'bands.dmn', resources: [{ name: 'bands.dmn', content: BANDS_DMN }] });
    expect(deployed.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('given an open task, when the inbox, deadline, attachment, audit and notification routes are read, then each answer parses with its schema', async () => {
    const id = { id: taskId };
    const reads: readonly (readonly [string, string])[] = [
      [ApiPath.inboxView, `${pathOf(ApiPath.inboxView, { view: 'todo' })}?limit=10`],
      [ApiPath.inboxView, pathOf(ApiPath.inboxView, { view: 'started' })],
      [ApiPath.inboxTaskDeadline, pathOf(ApiPath.inboxTaskDeadline, id)],
      [ApiPath.taskDeadline, pathOf(ApiPath.taskDeadline, id)],
      [ApiPath.taskReturnTargets, pathOf(ApiPath.taskReturnTargets, id)],
      [ApiPath.processInstanceAttachments, pathOf(ApiPath.processInstanceAttachments, { id: instanceId })],
      [ApiPath.adminAuditVerify, ApiPath.adminAuditVerify],
      [ApiPath.adminAudit, `${ApiPath.adminAudit}?instanceId=${instanceId}`],
      [ApiPath.notifications, ApiPath.notifications],
      [ApiPath.notificationsUnreadCount, ApiPath.notificationsUnreadCount],
      [ApiPath.calendarAddWorkingDays, `${ApiPath.calendarAddWorkingDays}?from=2026-09-30&days=3`],
      [ApiPath.calendarDays, `${ApiPath.calendarDays}?year=2026`],
      [ApiPath.adminCalendarExport, pathOf(ApiPath.adminCalendarExport, { year: '2026' })],
      [ApiPath.caseCodes, `${ApiPath.caseCodes}?instanceId=${instanceId}`],
    ];
    for (const [route, url] of reads) expectConforming('get', route, await admin.get(url));
    const audit = await admin.get<unknown[]>(`${ApiPath.adminAudit}?instanceId=${instanceId}`);
    expect(audit.body.length).toBeGreaterThan(0);
  });

  it('given an open task, when it is changed through the operation, deadline, notification and attachment routes, then each answer parses with its schema', async () => {
    const id = { id: taskId };
    expectConforming('post', ApiPath.taskDeadline, await admin.post(pathOf(ApiPath.taskDeadline, id), { action: 'pause', reason: '等待鉴定' }));
    expectConforming('post', ApiPath.taskUrge, await admin.post(pathOf(ApiPath.taskUrge, id), { message: '请尽快办理' }));
    expectConforming('post', ApiPath.processInstanceCc, await admin.post(pathOf(ApiPath.processInstanceCc, { id: instanceId }), { userIds: ['user-li.si'] }));
    expectConforming('post', ApiPath.notificationsRead, await admin.post(ApiPath.notificationsRead, { all: true }));
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4\n%coverage\n'], { type: 'application/pdf' }), '材料.pdf');
    expectConforming('post', ApiPath.processInstanceAttachments, await admin.request('POST', pathOf(ApiPath.processInstanceAttachments, { id: instanceId }), form));
    expectConforming('post', ApiPath.taskTransfer, await admin.post(pathOf(ApiPath.taskTransfer, id), { userId: 'user-zhang.san', reason: '转交承办人' }));
  });

  it('given a deployed decision table, when it is listed, read and evaluated, then each answer parses with its schema', async () => {
    const list = await admin.get<{ id: string; key: string }[]>(`${ApiPath.decisionDefinitions}?key=coverage-bands`);
    expectConforming('get', ApiPath.decisionDefinitions, list);
    const definition = list.body[0];
    if (!definition) throw new Error('the decision definition was not listed');
    expectConforming('get', ApiPath.decisionDefinition, await admin.get(pathOf(ApiPath.decisionDefinition, { id: definition.id })));
    const evaluated = await admin.post<{ result: unknown }>(pathOf(ApiPath.decisionEvaluateByKey, { key: 'bands' }), { variables: { amount: 6000 } });
    expectConforming('post', ApiPath.decisionEvaluateByKey, evaluated);
    expect(evaluated.body.result).toBe('高');
  });
});
