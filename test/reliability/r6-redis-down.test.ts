/**
 * R6 (CI-sized): the private Redis of the timer queue goes down (kill -9) under load and stays down past the
 * timers' due time. Meanwhile the task API keeps working and /readyz says `degraded`; after Redis is back
 * every timer due during the outage fires, each once, never early.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/private-redis.js';
import { deploy, startServer, userTaskModel, type TestServer } from './support/api.js';
import { awaitFires, startTimers } from './support/timer-fires.js';

const timers = Number(process.env['ZHIFA_R6_TIMERS'] ?? 100);
const downMs = Number(process.env['ZHIFA_R6_DOWN_MS'] ?? 8000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('R6 Redis down under load', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it(`given ${timers} pending timers, when Redis is down for ${downMs} ms across their due time, then the API works, health is degraded and every timer fires once after recovery`, async () => {
    const redis = await new PrivateRedis({ aof: true }).start();
    cleanups.push(() => redis.dispose());
    const server: TestServer = await startServer({ clock: 'system', workers: true, redisUrl: redis.url });
    cleanups.push(() => server.close());
    const admin = await server.api.as('admin');
    await deploy(admin, 'r6task', userTaskModel('r6task', 'user-admin'));
    const dueAt = new Date(Date.now() + 3000 + timers * 20).toISOString();
    const ids = await startTimers(server.zhifa, 'r6', dueAt, timers);

    await redis.kill9();
    const statuses: Record<number, number> = {};
    const health: Record<string, number> = {};
    const downUntil = Date.now() + downMs;
    while (Date.now() < downUntil) {
      const started = await admin.post<{ id: string }>('/api/process-definitions/key/r6task/start', {});
      statuses[started.status] = (statuses[started.status] ?? 0) + 1;
      if (started.status === 201) {
        const tasks = await admin.get<{ id: string }[]>(`/api/tasks?processInstanceId=${started.body.id}`);
        const done = await admin.post(`/api/tasks/${tasks.body[0]?.id ?? 'none'}/complete`, {});
        statuses[done.status] = (statuses[done.status] ?? 0) + 1;
      }
      const ready = await server.api.get<{ status?: string }>('/readyz');
      const state = typeof ready.body === 'object' && ready.body !== null ? String(ready.body.status) : String(ready.status);
      health[state] = (health[state] ?? 0) + 1;
      await sleep(100);
    }
    await redis.start();
    const report = await awaitFires(server.zhifa, ids, dueAt, 60_000 + timers * 20);
    console.log(
      `R6: Redis down ${downMs} ms across ${timers} timers' due time → API statuses ${JSON.stringify(statuses)}, /readyz ${JSON.stringify(health)}; ` +
        `after recovery fired ${report.fired}, missing ${report.missing}, duplicates ${report.duplicates}, early ${report.early}, latest ${report.lateMaxMs} ms after due`,
    );
    expect(Object.keys(statuses).filter((s) => Number(s) >= 300)).toEqual([]);
    expect(health['degraded'] ?? 0).toBeGreaterThan(0);
    expect(report).toMatchObject({ fired: timers, missing: 0, duplicates: 0, early: 0 });
  }, Math.max(180_000, downMs + timers * 100 + 120_000));
});
