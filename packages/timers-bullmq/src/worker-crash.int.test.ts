import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTimerScheduler, type BullmqTimerScheduler } from './timer-scheduler.js';
import { BACKENDS, createTestDatabase, openBackendFixture, randomName, waitFor, type BackendFixture, type TestDatabase } from './test-support.js';

/**
 * BullMQ delivers at least once: a job whose worker died is handed to another worker once its lock expires.
 * The engine's guard makes that safe: it claims the timer row (`fired_at IS NULL`) in the same transaction
 * as the token move, so a crash before commit rolls the claim back and a crash after commit leaves a claim
 * the second delivery cannot take. The timer table below plays that part.
 */
describe.each(BACKENDS)('a timer worker that dies mid-job on %s', (backendName) => {
  let fixture: BackendFixture;
  let database: TestDatabase;
  let timersDb: pg.Pool;
  const opened: BullmqTimerScheduler[] = [];

  beforeAll(async () => {
    fixture = await openBackendFixture(backendName);
    database = await createTestDatabase('zhifa_timer_table');
    timersDb = new pg.Pool({ connectionString: database.url, max: 4 });
    await timersDb.query('CREATE TABLE timer (id text PRIMARY KEY, due_at timestamptz NOT NULL, fired_at timestamptz, fire_count int NOT NULL DEFAULT 0)');
  });
  afterAll(async () => {
    await timersDb.end();
    await database.drop();
    await fixture.close();
  });
  afterEach(async () => {
    const queues = new Set(opened.map((scheduler) => scheduler.queueName));
    await Promise.all(opened.splice(0).map((scheduler) => scheduler.close(500)));
    for (const queueName of queues) {
      const cleaner = createTimerScheduler({ ...fixture.options, queueName });
      await cleaner.obliterate();
      await cleaner.close();
    }
  });

  /** The engine's claim: fire only if not fired yet; the token move would run in the same transaction. */
  async function fireOnce(client: pg.ClientBase | pg.Pool, timerId: string): Promise<boolean> {
    const claimed = await client.query('UPDATE timer SET fired_at = now(), fire_count = fire_count + 1 WHERE id = $1 AND fired_at IS NULL AND due_at <= now()', [timerId]);
    return claimed.rowCount === 1;
  }

  it.each(['before', 'after'] as const)('is retried by another worker, and a crash %s commit fires the timer once', async (when) => {
    // given a pending timer row and its job, and a worker whose handler hangs mid-job
    const queueName = randomName('crash');
    const timerId = `timer-${when}`;
    await timersDb.query('INSERT INTO timer (id, due_at) VALUES ($1, now())', [timerId]);
    const options = { ...fixture.options, queueName, lockDurationMs: 1000, stalledIntervalMs: 300 };
    const doomed = createTimerScheduler(options);
    opened.push(doomed);
    const doomedClient = new pg.Client({ connectionString: database.url });
    await doomedClient.connect();
    doomedClient.on('error', () => undefined);
    let doomedStarted = false;
    doomed.start(async (id) => {
      await doomedClient.query('BEGIN');
      await fireOnce(doomedClient, id);
      if (when === 'after') await doomedClient.query('COMMIT');
      doomedStarted = true;
      await new Promise<never>(() => undefined); // hangs: the process is about to die
    });
    await doomed.schedule({ id: timerId, dueAt: new Date() });
    await waitFor('the first worker to pick the job', () => doomedStarted);

    // when that worker dies (its lock is no longer renewed, its open transaction is rolled back)
    await doomed.activeWorker!.close(true);
    await doomedClient.end();

    // then a second worker gets the same job again (at-least-once) ...
    const survivor = createTimerScheduler(options);
    opened.push(survivor);
    const attempts: number[] = [];
    survivor.start(async (id, wakeup) => {
      await fireOnce(timersDb, id);
      attempts.push(wakeup.attempt);
    });
    await waitFor('the redelivery', () => attempts.length === 1, 10_000);
    expect(attempts[0]).toBeGreaterThanOrEqual(2);
    // ... and the timer fired exactly once
    const row = await timersDb.query<{ fire_count: number; fired: boolean }>('SELECT fire_count, fired_at IS NOT NULL AS fired FROM timer WHERE id = $1', [timerId]);
    expect(row.rows[0]).toEqual({ fire_count: 1, fired: true });
    await waitFor('the job to complete', async () => !(await survivor.hasJob(timerId)));
  });

  it('is retried after the worker process is killed with SIGKILL mid-transaction, firing once', async () => {
    // given a pending timer and a separate worker process that claims it in an open transaction and hangs
    const queueName = randomName('kill');
    const timerId = 'timer-killed';
    await timersDb.query('INSERT INTO timer (id, due_at) VALUES ($1, now())', [timerId]);
    const producer = createTimerScheduler({ ...fixture.options, queueName });
    opened.push(producer);
    await producer.schedule({ id: timerId, dueAt: new Date() });
    const script = fileURLToPath(new URL('./fixtures/hanging-worker.ts', import.meta.url));
    const args = JSON.stringify({ backend: fixture.options, queueName, timersUrl: database.url });
    const child = spawn(process.execPath, ['--import', 'tsx', script, args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor('the child to claim the timer', () => output.includes('claimed'), 20_000);

    // when the process is killed (no graceful close, no lock release, its transaction dies with it)
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    // then a worker in this process gets the job again and the timer fires exactly once
    const attempts: number[] = [];
    const survivor = createTimerScheduler({ ...fixture.options, queueName, lockDurationMs: 1000, stalledIntervalMs: 300 });
    opened.push(survivor);
    survivor.start(async (id, wakeup) => {
      await fireOnce(timersDb, id);
      attempts.push(wakeup.attempt);
    });
    await waitFor('the redelivery', () => attempts.length === 1, 15_000);
    expect(attempts[0]).toBeGreaterThanOrEqual(2);
    const row = await timersDb.query<{ fire_count: number }>('SELECT fire_count FROM timer WHERE id = $1', [timerId]);
    expect(row.rows[0]!.fire_count).toBe(1);
  }, 40_000);
});
