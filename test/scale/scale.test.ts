/**
 * Issue 8 — horizontal scale on one machine, no containers: real `zhifa` processes (2 × `start
 * --no-workers`, then 1 and 2 × `worker`) on one PostgreSQL schema and one Redis database. Instances of
 * a user task with an interrupting boundary timer are driven through both APIs (started on one, completed
 * on the other); a third are completed, the rest are left to the timer. Batch 1 runs with one worker, batch 2
 * with two (the timer burst of each measures fire throughput), batch 3 kills -9 an API server mid-run and
 * a worker during its timer burst and restarts both. Afterwards, from the tables: every timer fired
 * exactly once, no task completed twice, every instance reached its expected end.
 *
 * CI: SCALE_INSTANCES=150 (default). Long: `npm run test:scale` (SCALE_INSTANCES=2000, and two workers must
 * out-fire one: SCALE_EXPECT_SPEEDUP=1). Figures go to stdout and test-artifacts/scale-<SCALE_INSTANCES>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZhifaClient } from './support/http-client.js';
import { checkBatch, waitForBatchEnd, type BatchReport } from './support/scale-check.js';
import { ScaleCluster } from './support/scale-cluster.js';
import { driveBatch, type ApiClient, type BatchPlan, type BatchRun } from './support/scale-driver.js';
import { scaleModel } from './support/scale-model.js';

const instances = Number(process.env['SCALE_INSTANCES'] ?? 150);
const expectSpeedup = process.env['SCALE_EXPECT_SPEEDUP'] === '1';
const redisUrl = process.env['SCALE_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** A database number of the shared Redis that nothing else of ours uses; only this run's queue keys are deleted. */
const redisDb = Number(process.env['SCALE_REDIS_DB'] ?? 11);
const USER = 'zhang.san';
const CONCURRENCY = 8;
const WARM_UP = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface BatchResult {
  readonly report: BatchReport;
  readonly run: BatchRun;
  readonly drivenBeforeDue: boolean;
  readonly driveSeconds: number;
}

function figuresOf(b: BatchResult) {
  return {
    instances: b.report.instances,
    approved: b.report.approved,
    escalated: b.report.escalated,
    unacknowledged: b.report.unacknowledged,
    startsPerSecond: Math.round((b.report.instances / b.driveSeconds) * 10) / 10,
    drivenBeforeDue: b.drivenBeforeDue,
    retries: b.run.retries,
    firesPerSecond: b.report.firesPerSecond,
    lateness: b.report.lateness,
    problems: b.report.problems.length,
  };
}

describe('issue 8: two API servers and competing workers on one PostgreSQL and Redis', () => {
  let cluster: ScaleCluster;
  let db: pg.Client;
  let apis: ApiClient[] = [];

  beforeAll(async () => {
    cluster = await ScaleCluster.create(redisUrl, redisDb);
    // A first, alone: it migrates the fresh schema; then B and the worker start on the migrated one.
    await cluster.addApi('A');
    await Promise.all([cluster.addApi('B'), cluster.addWorker()]);
    db = new pg.Client({ connectionString: cluster.settings.databaseUrl, options: `-c search_path=${cluster.settings.schema}`, application_name: 'zhifa-scale-check' });
    await db.connect();
    const password = cluster.settings.demoPassword;
    const [a, b] = cluster.apis;
    const { client: admin } = await ZhifaClient.login(a!.url, 'admin', password);
    const { user } = await ZhifaClient.login(a!.url, USER, password);
    const deployed = await admin.post('/api/deployments', { name: 'scale', resources: [{ name: 'scale.bpmn', content: scaleModel(user.id) }] });
    if (deployed.status !== 201) throw new Error(`deploy: ${deployed.status} ${JSON.stringify(deployed.body)}`);
    apis = [
      { name: 'A', client: (await ZhifaClient.login(a!.url, USER, password)).client },
      { name: 'B', client: (await ZhifaClient.login(b!.url, USER, password)).client },
    ];
  }, 240_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await cluster?.dispose();
  }, 60_000);

  /** Drives a batch due `budgetMs` from now, waits for its end, checks it. */
  async function batch(label: string, size: number, budgetMs: number, extra: Partial<BatchPlan> = {}): Promise<BatchResult> {
    const dueAt = new Date(Date.now() + budgetMs);
    const run = await driveBatch(apis, { label, size, completeEvery: 3, dueAt, concurrency: CONCURRENCY, ...extra });
    const drivenBeforeDue = run.drivenAt <= dueAt.getTime();
    const stillActive = await waitForBatchEnd(db, label, 180_000);
    const report = await checkBatch(db, label, run, dueAt);
    const driveSeconds = (run.drivenAt - run.startedAt) / 1000;
    console.log(
      `[scale ${label}] ${report.instances} instances (${report.approved} approved, ${report.escalated} escalated, ${stillActive} still active); ` +
        `driven in ${driveSeconds.toFixed(1)} s = ${(size / driveSeconds).toFixed(1)} starts/s through 2 APIs${drivenBeforeDue ? '' : ' (AFTER the due time: burst figures overlap the drive)'}; ` +
        `${run.retries} retried requests, ${report.unacknowledged} unacknowledged instances, ${run.timerWon} completions lost to the timer; burst ${report.firesPerSecond} fires/s, ` +
        `lateness p50 ${report.lateness.p50} ms p95 ${report.lateness.p95} ms max ${report.lateness.max} ms; ${report.problems.length} problems`,
    );
    return { report, run, drivenBeforeDue, driveSeconds };
  }

  it(`given ${instances} instances, when driven through two APIs with one then two workers and a kill -9 of each role, then nothing is lost or duplicated`, async () => {
    // Warm-up: measures how long the drive of one instance takes here, to put each burst after its drive.
    const warm = await batch('warm', WARM_UP, 60_000, { completeEvery: 1 });
    const perInstanceMs = (warm.run.drivenAt - warm.run.startedAt) / WARM_UP;
    const budget = (size: number) => 3_000 + Math.ceil(perInstanceMs * size * 1.5);
    const first = Math.round(instances * 0.4);
    const second = first;
    const third = Math.max(10, instances - first - second);

    const one = await batch('one-worker', first, budget(first));
    await cluster.addWorker();
    const two = await batch('two-workers', second, budget(second));

    // Chaos: API B killed -9 a third into the drive (clients fail over to A) and restarted; worker 1
    // killed -9 while its burst fires (its jobs stall and are re-run by the others) and restarted.
    const [, apiB] = cluster.apis;
    const [worker1] = cluster.workers;
    const restarts: Promise<void>[] = [];
    const chaosBudget = budget(third) + 15_000;
    const chaosDue = Date.now() + chaosBudget;
    const workerKill = (async () => {
      await sleep(Math.max(0, chaosDue - Date.now()) + 200);
      await worker1!.kill9();
      await worker1!.start();
    })();
    const chaos = await batch('chaos', third, chaosBudget, {
      onStarted: (started) => {
        if (started !== Math.floor(third / 3)) return;
        restarts.push((async () => {
          await apiB!.process.kill9();
          await apiB!.process.start();
        })());
      },
    });
    await Promise.all([...restarts, workerKill]);

    const speedup = two.report.firesPerSecond / Math.max(0.001, one.report.firesPerSecond);
    const figures = {
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?' },
      instances: one.report.instances + two.report.instances + chaos.report.instances,
      drivePerInstanceMs: Math.round(perInstanceMs),
      batches: { 'one-worker': figuresOf(one), 'two-workers': figuresOf(two), chaos: figuresOf(chaos) },
      twoWorkersOverOne: Math.round(speedup * 100) / 100,
      apiRestarts: apiB!.process.starts - 1,
      workerRestarts: worker1!.starts - 1,
    };
    console.log(`[scale] two workers fire ${figures.twoWorkersOverOne}× as fast as one; ${JSON.stringify(figures)}`);
    await mkdir(new URL('../../test-artifacts/', import.meta.url), { recursive: true });
    await writeFile(new URL(`../../test-artifacts/scale-${instances}.json`, import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);

    expect(warm.report.problems).toEqual([]);
    expect(one.report.problems.slice(0, 10)).toEqual([]);
    expect(two.report.problems.slice(0, 10)).toEqual([]);
    expect(chaos.report.problems.slice(0, 10)).toEqual([]);
    expect(one.report.instances).toBe(first);
    expect(two.report.instances).toBe(second);
    expect(chaos.report.escalated).toBeGreaterThan(0);
    expect(figures.apiRestarts).toBe(1);
    expect(figures.workerRestarts).toBe(1);
    if (expectSpeedup) expect(speedup).toBeGreaterThan(1);
  }, Number(process.env['SCALE_TIMEOUT_MS'] ?? 600_000));
});
