import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import { pino } from 'pino';
import { errorMiddleware } from '../http/error.middleware.js';
import { createCaseCodeAdminRouter, createCaseCodeRouter } from './case-code.router.js';
import { CaseCodeService } from './case-code.service.js';
import { PENALTY_DECISION } from './case-code.fixture.js';
import { PostgresCaseCodeRepository } from './postgres-case-code.repository.js';
import { createTestSchema, TEST_KEY, withPayload, type TestSchema } from './case-code.test-support.js';

const PUBLIC_BASE = 'https://zf.example.gov.cn';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let db: TestSchema;
let server: Server;
let base: string;
let service: CaseCodeService;
let counter = 0;

/** Stands in for the server's auth: a header names the admin; anyone else is refused. */
const requireAdmin: RequestHandler = (req, res, next) => {
  const admin = req.get('x-test-admin');
  if (admin === undefined) {
    res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'authentication required' } });
    return;
  }
  res.locals['principal'] = { id: admin, roles: ['admin'] };
  next();
};

beforeAll(async () => {
  db = await createTestSchema();
  service = new CaseCodeService({ repository: new PostgresCaseCodeRepository(db.pool, db.schema), keys: [TEST_KEY] });
  const app = express();
  app.use(createCaseCodeRouter({ service, publicBaseUrl: PUBLIC_BASE }));
  app.use(createCaseCodeAdminRouter({ service, requireAdmin, publicBaseUrl: PUBLIC_BASE }));
  app.use(errorMiddleware(pino({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.drop();
});

const issue = () => service.issue({ ...PENALTY_DECISION, instanceId: `router-${(counter += 1)}-${Date.now()}` });
const revoke = (id: string, body: unknown, admin: string | null = 'admin-1') =>
  fetch(`${base}/api/case-codes/${id}/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(admin === null ? {} : { 'x-test-admin': admin }) },
    body: JSON.stringify(body),
  });

describe('public case page', () => {
  it('given an issued code when its page is opened then it shows the masked decision with strict headers', async () => {
    const { token } = await issue();
    const res = await fetch(`${base}/case/${token}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(html).toContain('重大行政执法决定法制审核');
    expect(html).toContain('当事人张*（身份证号110101********1233，电话138****1234）');
    expect(html).toContain('第 2 行');
    expect(html).toMatch(/<svg [^>]*viewBox=/);
    for (const secret of ['张三', '110101199003071233', '13812341234']) expect(html).not.toContain(secret);
  });

  it('given a tampered token then the page says invalid with 404', async () => {
    const a = await issue();
    const b = await issue();
    const forged = withPayload(a.token, { cid: b.record.id, iid: b.record.instanceId, v: 1 });
    for (const token of [forged, 'garbage', `${a.token}x`]) {
      const res = await fetch(`${base}/case/${token}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('无法验证该案件码');
    }
  });

  it('given a revoked code then the page answers 410 without case data, and so do its QR codes', async () => {
    const { record, token } = await issue();
    expect((await revoke(record.id, { reason: '决定经复议撤销' })).status).toBe(200);
    const res = await fetch(`${base}/case/${token}`);
    const html = await res.text();
    expect(res.status).toBe(410);
    expect(html).toContain('该案件码已被撤销');
    expect(html).not.toContain('罚款');
    expect((await fetch(`${base}/case/${token}/qr.png`)).status).toBe(410);
    expect((await fetch(`${base}/case/${token}/qr.svg`)).status).toBe(410);
  });
});

describe('QR codes', () => {
  it('given a valid code then qr.png is a PNG', async () => {
    const { token } = await issue();
    const res = await fetch(`${base}/case/${token}/qr.png`);
    const png = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(png.length).toBeGreaterThan(500);
  });

  it('given a valid code then qr.svg is a single well-formed SVG document', async () => {
    const { token } = await issue();
    const res = await fetch(`${base}/case/${token}/qr.svg`);
    const svg = (await res.text()).trim();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
  });

  it('given a forged token then no QR code is drawn', async () => {
    expect((await fetch(`${base}/case/a.b.c/qr.png`)).status).toBe(404);
  });
});

describe('admin routes', () => {
  it('given an admin when reading a code then it comes with its token and public URL', async () => {
    const { record, token } = await issue();
    const res = await fetch(`${base}/api/case-codes/${record.id}`, { headers: { 'x-test-admin': 'admin-1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...record, token, url: `${PUBLIC_BASE}/case/${token}` });
  });

  it('given an instance whose code was revoked and reissued then listing by instance returns both, newest first', async () => {
    const first = await issue();
    await service.revoke(first.record.id, 'admin-1', '决定更正');
    const second = await service.issue({ ...PENALTY_DECISION, instanceId: first.record.instanceId, decisionSummary: '更正' });
    const res = await fetch(`${base}/api/case-codes?instanceId=${encodeURIComponent(first.record.instanceId)}`, {
      headers: { 'x-test-admin': 'admin-1' },
    });
    const body = (await res.json()) as { items: { id: string; revokedAt: string | null; token: string }[] };
    expect(body.items.map((item) => [item.id, item.revokedAt === null])).toEqual([
      [second.record.id, true],
      [first.record.id, false],
    ]);
    expect(body.items[0]!.token).toBe(second.token);
    const missing = await fetch(`${base}/api/case-codes`, { headers: { 'x-test-admin': 'admin-1' } });
    expect(missing.status).toBe(400);
  });

  it('given no admin then reading and revoking are refused and nothing changes', async () => {
    const { record, token } = await issue();
    expect((await fetch(`${base}/api/case-codes/${record.id}`)).status).toBe(401);
    expect((await revoke(record.id, { reason: 'x' }, null)).status).toBe(401);
    expect((await service.verify(token)).type).toBe('valid');
  });

  it('given a revocation then who and why are recorded; a second one is 409; bad input 400; unknown id 404', async () => {
    const { record } = await issue();
    expect((await revoke(record.id, {})).status).toBe(400);
    expect((await revoke(record.id, { reason: '' })).status).toBe(400);
    const ok = await revoke(record.id, { reason: '决定更正' }, 'admin-7');
    expect(await ok.json()).toMatchObject({ id: record.id, revokedBy: 'admin-7', revokeReason: '决定更正' });
    const again = await revoke(record.id, { reason: '再次' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'CONFLICT' } });
    const missing = await fetch(`${base}/api/case-codes/missing`, { headers: { 'x-test-admin': 'admin-1' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('given twenty concurrent revocations then exactly one succeeds and the rest get 409', async () => {
    const { record } = await issue();
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => revoke(record.id, { reason: `r${i}` }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });
});
