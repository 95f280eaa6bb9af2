import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@zhifa/api-types';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

const secret = randomBytes(32).toString('hex');
let server: TestServer;
let anonymous: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ jwtSecret: secret });
  anonymous = new ApiClient(server.url);
});
afterAll(async () => {
  await server?.close();
});

const user = { id: 'user-admin', username: 'admin', displayName: 'x', roles: ['admin'], unitId: null, groups: [] };
const withToken = (token: string) => new ApiClient(server.url, token);

describe('login and tokens', () => {
  it('given demo credentials, when logging in, then a token and the user come back and /api/me answers', async () => {
    const reply = await anonymous.post<{ token: string; user: { username: string; roles: string[] } }>('/api/auth/login', {
      username: 'analyst',
      password: 'demo-password-for-tests',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.user).toMatchObject({ username: 'analyst', roles: ['analyst'] });
    const me = await withToken(reply.body.token).get<{ username: string }>('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('analyst');
  });

  it('given a wrong password or unknown user, when logging in, then 401 with the error body', async () => {
    for (const body of [{ username: 'analyst', password: 'nope' }, { username: 'ghost', password: 'x' }]) {
      const reply = await anonymous.post<{ error: { code: string } }>('/api/auth/login', body);
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('given a malformed login body, when posting it, then 400', async () => {
    expect((await anonymous.post('/api/auth/login', { username: 'admin' })).status).toBe(400);
    expect((await anonymous.request('POST', '/api/auth/login', '{not json', { 'content-type': 'application/json' })).status).toBe(400);
  });

  it('given no, forged, alg:none, expired or garbage tokens, when calling /api/me, then 401 every time', async () => {
    const key = new TextEncoder().encode(secret);
    const forged = await new SignJWT({ user }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('zhifa')
      .setAudience('zhifa-api').setExpirationTime('1h').sign(new TextEncoder().encode(randomBytes(32).toString('hex')));
    const none = new UnsecuredJWT({ user }).setSubject(user.id).setIssuer('zhifa').setAudience('zhifa-api').setExpirationTime('1h').encode();
    const expired = await new SignJWT({ user }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('zhifa')
      .setAudience('zhifa-api').setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
    const hs512 = await new SignJWT({ user }).setProtectedHeader({ alg: 'HS512' }).setSubject(user.id).setIssuer('zhifa')
      .setAudience('zhifa-api').setExpirationTime('1h').sign(new TextEncoder().encode(secret + secret));
    expect((await anonymous.get('/api/me')).status).toBe(401);
    for (const token of [forged, none, expired, hs512, 'abc.def.ghi', 'x']) {
      const reply = await withToken(token).get<{ error: { code: string } }>('/api/me');
      expect(reply.status, token).toBe(401);
      expect(reply.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('given a token signed with the right secret, when calling /api/me, then it is accepted (the test above can fail)', async () => {
    const token = await new SignJWT({ user }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('zhifa')
      .setAudience('zhifa-api').setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    expect((await withToken(token).get('/api/me')).status).toBe(200);
  });
});

describe('every authenticated route', () => {
  it('given no token, when any route of the contract is called, then 401 (never 404 or 5xx)', async () => {
    for (const route of routes.filter((r) => r.auth)) {
      const path = route.path.replace(/:([A-Za-z]+)/g, 'x');
      const reply = await anonymous.request(route.method.toUpperCase(), path, route.method === 'get' ? undefined : {});
      expect(reply.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});

describe('operational endpoints and the error shape', () => {
  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect((await anonymous.get('/healthz')).status).toBe(200);
    const ready = await anonymous.get<{ ready: boolean; database: boolean }>('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: true, database: true });
    const metrics = await anonymous.get<string>('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('zhifa_http_requests_total');
  });

  it('documents every route of the contract in /api/openapi.json', async () => {
    const reply = await anonymous.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toMatch(/^3\./);
    for (const route of routes) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(reply.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
  });

  it('answers unknown API routes with 404 JSON and sets security headers without leaking the framework', async () => {
    const admin = await anonymous.as('admin');
    const reply = await admin.get<{ error: { code: string } }>('/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('NOT_FOUND');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('content-security-policy')).toBeTruthy();
    expect(reply.headers.get('x-powered-by')).toBeNull();
  });

  it('hides the manual-clock routes from non-admins and refuses auditors writing', async () => {
    const auditor = await anonymous.as('auditor');
    expect((await auditor.get('/api/admin/clock')).status).toBe(403);
    expect((await auditor.post('/api/signals', { name: 'x' })).status).toBe(403);
  });
});

describe('the web app', () => {
  it('given a web build, then / and client routes get index.html while /api stays JSON', async () => {
    const { mkdtemp, writeFile, mkdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dist = await mkdtemp(path.join(tmpdir(), 'zhifa-web-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>zhifa</title>');
    await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    const web = await startTestServer({ webDist: dist });
    try {
      const client = new ApiClient(web.url);
      // (/case/:token is the server-rendered public case page, not the SPA)
      for (const page of ['/', '/inbox/task-1', '/processes']) {
        const reply = await client.get<string>(page);
        expect(reply.status, page).toBe(200);
        expect(reply.body).toContain('<title>zhifa</title>');
      }
      expect((await client.get<string>('/assets/app.js')).body).toBe('console.log(1)');
      expect((await client.get('/api/me')).status).toBe(401);
      expect((await client.get('/healthz')).headers.get('content-type')).toContain('json');
    } finally {
      await web.close();
      await rm(dist, { recursive: true, force: true });
    }
  });
});

describe('feature routers', () => {
  it('mounts public routers without and API routers behind authentication', async () => {
    const { Router } = await import('express');
    const publicRouter = Router().get('/hello', (_req, res) => {
      res.json({ hello: true });
    });
    const apiRouter = Router().get('/api/extra', (_req, res) => {
      res.json({ extra: true });
    });
    const featured = await startTestServer({ routers: () => ({ public: [publicRouter], api: [apiRouter] }) });
    try {
      const client = new ApiClient(featured.url);
      expect((await client.get('/hello')).body).toEqual({ hello: true });
      expect((await client.get('/api/extra')).status).toBe(401);
      expect((await (await client.as('admin')).get('/api/extra')).body).toEqual({ extra: true });
    } finally {
      await featured.close();
    }
  });
});
