/**
 * API-level S1 (mutated models, broken syntax included: 201 or 4xx, never 5xx), S5 (hostile completion
 * input: 400/413 and nothing written), S8 (forged/expired/`alg: none` tokens: 401) and S10 (forced errors:
 * no stack traces or SQL; security headers present), on an in-process server over the real PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, deploy, startServer, userTaskModel, type TestServer } from './support/api.js';
import { MUTATIONS, mutate } from './support/bpmn-mutator.js';
import { loadBpmnSources } from './support/bpmn-sources.js';
import { decodePayload, signHs256, unsigned, withPayload } from './support/jwt.js';
import { Prng } from './support/prng.js';

const secret = randomBytes(32).toString('hex');
/** Signs of internals in a response body: stack frames, source paths, SQL text or PostgreSQL errors. */
const leaks = /\bat [^\s"]+ \([^)]*:\d+:\d+\)|\.(?:ts|js|mjs):\d+:\d+|node_modules|\bSELECT\b[^"]{0,200}\bFROM\b|\bINSERT INTO\b|\bDELETE FROM\b|relation "|syntax error at or near|"stack"/;

describe('API input and access (S1, S5, S8, S10)', () => {
  let server: TestServer;
  let admin: Api;

  beforeAll(async () => {
    server = await startServer({ jwtSecret: secret });
    admin = await server.api.as('admin');
    await deploy(admin, 's5', userTaskModel('s5', 'admin'));
  });
  afterAll(async () => server.close());

  const openTask = async (): Promise<{ instanceId: string; taskId: string }> => {
    const started = await admin.post<{ id: string }>('/api/process-definitions/key/s5/start', { variables: { kept: 1 } });
    const tasks = await admin.get<{ id: string }[]>(`/api/tasks?processInstanceId=${started.body.id}`);
    const taskId = tasks.body[0]?.id;
    if (started.status !== 201 || !taskId) throw new Error(`setup failed ${started.status}`);
    return { instanceId: started.body.id, taskId };
  };

  it('S5: given hostile completion bodies, when posted, then 400/413 with a JSON error and nothing is written', async () => {
    const deep = `{"variables":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const cases: { name: string; body: string; expect: number[] }[] = [
      { name: '__proto__ variable', body: '{"variables":{"__proto__":{"isAdmin":true}}}', expect: [400] },
      { name: 'nested __proto__', body: '{"variables":{"a":{"__proto__":{"x":1}}}}', expect: [400] },
      { name: 'constructor variable', body: '{"variables":{"constructor":{"prototype":{"x":1}}}}', expect: [400] },
      { name: 'system variable _', body: '{"variables":{"_zhifa":1}}', expect: [400] },
      { name: 'system variable $', body: '{"variables":{"$state":"completed"}}', expect: [400] },
      { name: 'variables not an object', body: '{"variables":[1,2,3]}', expect: [400] },
      { name: 'variables a string', body: '{"variables":"drop table"}', expect: [400] },
      { name: 'bad variable name', body: '{"variables":{"1abc":1}}', expect: [400] },
      { name: 'malformed JSON', body: '{"variables":', expect: [400] },
      { name: 'deeply nested value', body: deep, expect: [400, 413] },
      { name: 'oversized body (3 MB)', body: JSON.stringify({ variables: { big: 'x'.repeat(3 * 1024 * 1024) } }), expect: [413] },
    ];
    const rows: string[] = [];
    const bad: string[] = [];
    for (const c of cases) {
      const { instanceId, taskId } = await openTask();
      const historyBefore = (await server.zhifa.store.listHistory(instanceId)).length;
      const reply = await admin.call<{ error?: { code: string; message: string } }>('POST', `/api/tasks/${taskId}/complete`, c.body, { 'content-type': 'application/json' });
      const task = await admin.get<{ state: string }>(`/api/tasks/${taskId}`);
      const instance = await admin.get<{ variables: Record<string, unknown> }>(`/api/process-instances/${instanceId}`);
      const historyAfter = (await server.zhifa.store.listHistory(instanceId)).length;
      rows.push(`${c.name}: ${reply.status}`);
      const jsonError = typeof reply.body === 'object' && reply.body !== null && typeof reply.body.error?.message === 'string';
      if (!c.expect.includes(reply.status) || !jsonError) bad.push(`${c.name}: ${reply.status} ${reply.text.slice(0, 120)}`);
      if (task.body.state !== 'open' || historyAfter !== historyBefore || JSON.stringify(instance.body.variables) !== '{"kept":1}') {
        bad.push(`${c.name}: something was written (task ${task.body.state}, history ${historyBefore}→${historyAfter}, variables ${JSON.stringify(instance.body.variables)})`);
      }
      if (leaks.test(reply.text)) bad.push(`${c.name}: internals in response`);
    }
    console.log(`S5: ${cases.length - bad.length}/${cases.length} hostile completions refused cleanly with nothing written → ${rows.join('; ')}`);
    expect(bad).toEqual([]);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  }, 120_000);

  it('S8: given forged, expired, alg-none and tampered tokens, when used, then every one gets 401', async () => {
    const real = admin.token ?? '';
    const claims = decodePayload(real);
    const now = Math.floor(Date.now() / 1000);
    const tokens: Record<string, string> = {
      'other secret': signHs256({ alg: 'HS256', typ: 'JWT' }, claims, randomBytes(32).toString('hex')),
      expired: signHs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, secret),
      'alg none': unsigned(claims),
      'alg none, no dot': unsigned(claims).slice(0, -1),
      'alg HS512 with the secret': signHs256({ alg: 'HS512', typ: 'JWT' }, claims, secret),
      'tampered payload (role)': withPayload(real, { ...claims, user: { ...(claims['user'] as object), roles: ['admin', 'auditor'] } }),
      'wrong audience': signHs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'someone-else' }, secret),
      'sub ≠ user': signHs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: 'user-mallory' }, secret),
      garbage: 'not.a.token',
      empty: '',
    };
    const rows: string[] = [];
    for (const [name, token] of Object.entries(tokens)) {
      const reply = await new Api(server.zhifa.url, token || undefined).get('/api/tasks');
      rows.push(`${name}: ${reply.status}`);
    }
    // The same claims, properly signed, are accepted: the refusals are about the tokens, not the claims.
    const control = await new Api(server.zhifa.url, signHs256({ alg: 'HS256', typ: 'JWT' }, claims, secret)).get('/api/tasks');
    console.log(`S8: ${rows.filter((r) => r.endsWith(': 401')).length}/${rows.length} bad tokens refused with 401 (${rows.join('; ')}); properly signed control ${control.status}`);
    expect(rows.filter((r) => !r.endsWith(': 401'))).toEqual([]);
    expect(control.status).toBe(200);
  });

  it('S10: given forced errors, when answered, then no stack or SQL leaks and security headers are present', async () => {
    const probes: { name: string; run: () => Promise<{ status: number; text: string; headers: Headers }> }[] = [
      { name: 'unknown route', run: () => admin.get('/api/no-such-route') },
      { name: 'unknown task', run: () => admin.post('/api/tasks/does-not-exist/complete', {}) },
      { name: 'SQL-ish id', run: () => admin.get(`/api/process-instances/${encodeURIComponent("1' OR '1'='1; DROP TABLE task;--")}`) },
      { name: 'huge id', run: () => admin.get(`/api/process-instances/${'x'.repeat(5000)}`) },
      { name: 'bad query', run: () => admin.get('/api/tasks?state=bogus&processInstanceId[$ne]=1') },
      { name: 'bad json', run: () => admin.call('POST', '/api/deployments', '{"name":', { 'content-type': 'application/json' }) },
      { name: 'broken BPMN', run: () => admin.post('/api/deployments', { name: 'x', resources: [{ name: 'x.bpmn', content: '<bpmn:definitions' }] }) },
      { name: 'wrong content type', run: () => admin.call('POST', '/api/deployments', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }) },
      { name: 'no token', run: () => new Api(server.zhifa.url).get('/api/process-instances') },
      { name: 'method not allowed', run: () => admin.call('DELETE', '/api/tasks') },
    ];
    const rows: string[] = [];
    const bad: string[] = [];
    for (const p of probes) {
      const r = await p.run();
      rows.push(`${p.name}: ${r.status}`);
      if (leaks.test(r.text)) bad.push(`${p.name}: leaks internals: ${r.text.slice(0, 160)}`);
      if (r.status >= 500) bad.push(`${p.name}: ${r.status} ${r.text.slice(0, 160)}`);
      for (const h of ['x-content-type-options', 'content-security-policy', 'x-frame-options', 'strict-transport-security']) {
        if (!r.headers.get(h)) bad.push(`${p.name}: missing ${h}`);
      }
      if (r.headers.get('x-powered-by')) bad.push(`${p.name}: x-powered-by present`);
    }
    console.log(`S10: ${probes.length} forced errors → ${rows.join('; ')}; ${bad.length} problems`);
    expect(bad).toEqual([]);
  });

  it('S1 (API): given 150 mutated models (broken syntax included), when deployed through the API, then 0 are 5xx and every refusal is a 4xx JSON error with a message', async () => {
    const sources = loadBpmnSources();
    const rng = new Prng(99);
    const tally: Record<number, number> = {};
    const bad: string[] = [];
    for (let i = 0; i < 150; i++) {
      let xml = rng.pick(sources).xml;
      for (let k = rng.int(1, 3); k > 0; k--) xml = mutate(rng, xml, rng.pick(MUTATIONS));
      const r = await admin.post<{ error?: { message?: string } }>('/api/deployments', { name: `fuzz${i}`, resources: [{ name: `fuzz${i}.bpmn`, content: xml }] });
      tally[r.status] = (tally[r.status] ?? 0) + 1;
      const refusedCleanly = r.status >= 400 && r.status < 500 && typeof r.body === 'object' && typeof r.body.error?.message === 'string';
      if (r.status !== 201 && !refusedCleanly) bad.push(`#${i}: ${r.status} ${r.text.slice(0, 120)}`);
      if (leaks.test(r.text)) bad.push(`#${i}: internals in response: ${r.text.slice(0, 300)}`);
    }
    console.log(`S1 (API): 150 mutated deployments → statuses ${JSON.stringify(tally)}; ${bad.length} bad`);
    expect(bad).toEqual([]);
  }, 120_000);
});
