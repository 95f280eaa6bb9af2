/**
 * R11: many timers due at the same instant (BullMQ on a private Redis) while 4 clients use the task API.
 * All fire, each once; the API's p95 latency during the burst stays ≤ 500 ms.
 * CI: 500 timers; chaos: ZHIFA_R11_TIMERS=10000.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/private-redis.js';
import { deploy, startServer, userTaskModel, type TestServer } from './support/api.js';
import { awaitFires, startTimers } from './support/timer-fires.js';

const timers = Number(process.env['ZHIFA_R11_TIMERS'] ?? 500);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('R11 timer burst', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it(`given ${timers} timers due at one instant, when they fire under API load, then all fire once and API p95 ≤ 500 ms`, async () => {
    const redis = await new PrivateRedis({ aof: true }).start();
    cleanups.push(() => redis.dispose());
    const server: TestServer = await startServer({ clock: 'system', workers: true, redisUrl: redis.url });
    cleanups.push(() => server.close());
    const admin = await server.api.as('admin');
    await deploy(admin, 'r11task', userTaskModel('r11task', 'user-admin'));
    const dueAt = new Date(Date.now() + 4000 + timers * 25).toISOString();
    const ids = await startTimers(server.zhifa, 'r11', dueAt, timers);

    // API load from just before the due instant until every timer has fired.
    const latencies: number[] = [];
    const failures: number[] = [];
    let stop = false;
    const client = async (): Promise<void> => {
      while (!stop) {
        const t0 = performance.now();
        const started = await admin.post<{ id: string }>('/api/process-definitions/key/r11task/start', {});
        const t1 = performance.now();
        const tasks = await admin.get<{ id: string }[]>(`/api/tasks?processInstanceId=${started.body.id}`);
        latencies.push(t1 - t0, performance.now() - t1);
        if (started.status !== 201) failures.push(started.status);
        if (tasks.status !== 200) failures.push(tasks.status);
      }
    };
    await sleep(Math.max(0, Date.parse(dueAt) - Date.now() - 500));
    const clients = Array.from({ length: 4 }, () => client());
    const report = await awaitFires(server.zhifa, ids, dueAt, 60_000 + timers * 20);
    stop = true;
    await Promise.all(clients);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    console.log(
      `R11: ${timers} timers due at one instant → fired ${report.fired}, duplicates ${report.duplicates}, early ${report.early}, last ${report.lateMaxMs} ms after due; ` +
        `API during the burst: ${latencies.length} requests, p95 ${Math.round(p95)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms, ${failures.length} failures`,
    );
    expect(report).toMatchObject({ fired: timers, missing: 0, duplicates: 0, early: 0 });
    expect(failures).toEqual([]);
    expect(p95).toBeLessThanOrEqual(500);
  }, Math.max(180_000, timers * 100));
});
