/**
 * R3: PostgreSQL cut (every connection dropped, new ones refused) through a TCP proxy while 8 clients start
 * instances and complete tasks; then restored. In-flight and new requests get 503 + Retry-After — never a
 * 500 or a stack; the server recovers by itself within 30 s; every acknowledged write is present afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/tcp-proxy.js';
import { deploy, startServer, userTaskModel, type Api, type TestServer } from './support/api.js';

const outageMs = Number(process.env['ZHIFA_R3_OUTAGE_MS'] ?? 3000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const leaks = /\bat [^\s"]+ \([^)]*:\d+:\d+\)|\.(?:ts|js):\d+:\d+|ECONNREFUSED|ECONNRESET|\bSELECT\b|"stack"/;

describe('R3 database outage under load', () => {
  let proxy: FaultProxy;
  let server: TestServer;
  let admin: Api;

  beforeAll(async () => {
    proxy = await new FaultProxy(5432).start();
    server = await startServer({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
    admin = await server.api.as('admin');
    await deploy(admin, 'r3', userTaskModel('r3', 'admin'));
  });
  afterAll(async () => {
    proxy.restore();
    await server.close();
    await proxy.stop();
  });

  it(`given 8 clients writing, when the database is cut for ${outageMs} ms and restored, then only 503s, recovery ≤ 30 s and all acknowledged writes present`, async () => {
    const started = new Set<string>();
    const completed = new Set<string>();
    const statuses: Record<number, number> = {};
    const bad: string[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let restoredAt = 0;
    let firstSuccessAfter = 0;
    let stop = false;
    const record = (status: number, text: string, headers: Headers): void => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 500 && status !== 503) bad.push(`${phase}: ${status} ${text.slice(0, 120)}`);
      if (status === 503 && !/^\d+$/.test(headers.get('retry-after') ?? '')) bad.push(`${phase}: 503 without Retry-After`);
      if (leaks.test(text)) bad.push(`${phase}: internals in ${text.slice(0, 160)}`);
      if (phase === 'after' && status < 300 && firstSuccessAfter === 0) firstSuccessAfter = Date.now();
    };
    const client = async (n: number): Promise<void> => {
      while (!stop) {
        try {
          const s = await admin.post<{ id: string }>('/api/process-definitions/key/r3/start', { variables: { client: n } });
          record(s.status, s.text, s.headers);
          if (s.status === 201) {
            started.add(s.body.id);
            const tasks = await admin.get<{ id: string }[]>(`/api/tasks?processInstanceId=${s.body.id}`);
            record(tasks.status, tasks.text, tasks.headers);
            const task = tasks.status === 200 ? tasks.body[0] : undefined;
            if (task) {
              const c = await admin.post(`/api/tasks/${task.id}/complete`, { variables: { done: true } });
              record(c.status, c.text, c.headers);
              if (c.status < 300) completed.add(task.id);
            }
          }
        } catch (error) {
          bad.push(`${phase}: request failed at the HTTP level: ${String(error)}`);
        }
        if (phase === 'down') await sleep(50);
      }
    };
    const clients = Array.from({ length: 8 }, (_, n) => client(n));
    await sleep(1500);
    const before = started.size;
    phase = 'down';
    proxy.cut();
    await sleep(outageMs);
    phase = 'after';
    proxy.restore();
    restoredAt = Date.now();
    while (firstSuccessAfter === 0 && Date.now() - restoredAt < 30_000) await sleep(100);
    await sleep(1500);
    stop = true;
    await Promise.all(clients);
    const recoveryMs = firstSuccessAfter ? firstSuccessAfter - restoredAt : Number.POSITIVE_INFINITY;

    const missing: string[] = [];
    for (const id of started) if ((await admin.get(`/api/process-instances/${id}`)).status !== 200) missing.push(`instance ${id}`);
    for (const id of completed) {
      const t = await admin.get<{ state: string }>(`/api/tasks/${id}`);
      if (t.status !== 200 || t.body.state !== 'completed') missing.push(`completion of ${id} (${t.status} ${t.body.state})`);
    }
    console.log(
      `R3: ${outageMs} ms outage under 8 clients → statuses ${JSON.stringify(statuses)}; recovered ${recoveryMs} ms after restore; ` +
        `acknowledged ${started.size} starts (${before} before the cut) and ${completed.size} completions, ${missing.length} missing; ${bad.length} bad responses`,
    );
    expect(bad.slice(0, 5)).toEqual([]);
    expect(statuses[503] ?? 0).toBeGreaterThan(0);
    expect(recoveryMs).toBeLessThanOrEqual(30_000);
    expect(missing).toEqual([]);
    expect(started.size).toBeGreaterThan(before);
  }, 120_000);
});
