import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EffectListener, JobRecord, JsonObject } from '@zhifa/engine';
import { createDataSource, lockJobs, PostgresDb } from '@zhifa/store-postgres';
import { startZhifa, type RunningZhifa } from '../composition/start-zhifa.js';
import type { ManualClock } from '../services/manual-clock.js';
import { createLogger } from '../observability/logger.js';
import { InProcessJobRunner, type InProcessJobHandler, type InProcessJobRunnerOptions } from './in-process-job-runner.js';

const TEST_DATABASE_URL = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'runner-test-password';
const logger = createLogger(process.env['LOG_LEVEL'] ?? 'silent');

/** start → a service task of job type `type` (3 retries) → end. */
const jobProcess = (processId: string, type: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://zhifa.test">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work" name="外部作业"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (real time) until `check` holds. */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not in time: ${what}`);
    await sleep(20);
  }
}

/** A handler of one job type that records every run, with an outcome chosen per run. */
class RecordingHandler implements InProcessJobHandler {
  readonly runs: JobRecord[] = [];
  active = 0;
  maxActive = 0;

  constructor(
    readonly type: string,
    private readonly outcome: (run: number, job: JobRecord) => Promise<JsonObject | void> | JsonObject | void,
  ) {}

  async handle(job: JobRecord): Promise<JsonObject | void> {
    this.runs.push(job);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      return await this.outcome(this.runs.length, job);
    } finally {
      this.active -= 1;
    }
  }
}

let zhifa: RunningZhifa;
let clock: ManualClock;
let db: PostgresDb;
let adminToken: string;
const schema = `t_jobs_${randomBytes(5).toString('hex')}`;
/** The runners of the running test hear the engine's effects (the nudge) through this listener. */
const runners = new Set<InProcessJobRunner>();
const nudges: EffectListener = {
  onEffect: async (effect) => {
    for (const runner of runners) await runner.onEffect(effect);
  },
};

beforeAll(async () => {
  // workers: false keeps the server's own runner off; each test runs its own on the same database.
  zhifa = await startZhifa({
    port: 0, host: '127.0.0.1', databaseUrl: TEST_DATABASE_URL, schema, clock: 'manual', clockStart: new Date('2026-03-02T01:00:00.000Z'),
    workers: false, jwtSecret: randomBytes(32).toString('hex'), demoPassword: PASSWORD, processesDir: false, webDist: false,
    loginRateLimit: 10_000, logger, listeners: [nudges],
  });
  if (!zhifa.clock) throw new Error('the manual clock is missing');
  clock = zhifa.clock;
  db = new PostgresDb(await createDataSource({ url: TEST_DATABASE_URL, schema, poolSize: 6, applicationName: 'job-runner-test' }));
  adminToken = await login('admin');
});

afterAll(async () => {
  await db?.dataSource.destroy();
  await zhifa?.close();
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_bullmq CASCADE`);
  } finally {
    await client.end();
  }
});

async function login(username: string): Promise<string> {
  const reply = await fetch(`${zhifa.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }),
  });
  const body = (await reply.json()) as { token: string };
  return body.token;
}

async function api<T>(method: string, path: string): Promise<{ status: number; body: T }> {
  const reply = await fetch(`${zhifa.url}${path}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
  return { status: reply.status, body: (await reply.json()) as T };
}

function runner(handler: InProcessJobHandler, options: Partial<InProcessJobRunnerOptions> = {}): InProcessJobRunner {
  const made = new InProcessJobRunner({ db, clock, logger, pollMs: 50, ...options }).register(handler);
  runners.add(made);
  return made;
}

async function stop(...stopping: InProcessJobRunner[]): Promise<void> {
  for (const r of stopping) {
    runners.delete(r);
    await r.close();
  }
}

async function deployAndStart(type: string, count = 1): Promise<string[]> {
  const processId = `p-${type}`;
  await zhifa.engine.deploy(jobProcess(processId, type));
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await zhifa.engine.startProcess(processId)).instanceId);
  return ids;
}

const openJob = async (instanceId: string): Promise<JobRecord | undefined> => (await zhifa.store.listJobs({ instanceId }))[0];
const stateOf = async (instanceId: string): Promise<string | undefined> => (await zhifa.store.findInstance(instanceId))?.status;
const incidentsOf = async (instanceId: string) =>
  (await api<{ id: string; processInstanceId: string; message: string }[]>('GET', '/api/incidents')).body.filter((i) => i.processInstanceId === instanceId);
const plusSeconds = (seconds: number): string => new Date(clock.now().getTime() + seconds * 1000).toISOString();

describe('the in-process job runner', () => {
  it('given a handler that fails twice, when the backoffs pass, then the job completes with its variables and no incident is raised', async () => {
    const handler = new RecordingHandler('flaky', (run) => {
      if (run <= 2) throw new Error(`temporary failure ${run}`);
      return { deliveredOn: run };
    });
    const working = runner(handler).start(zhifa.engine);
    try {
      // given an instance waiting at the job
      const [id] = await deployAndStart('flaky');
      await eventually(() => handler.runs.length === 1, 'first run');
      // then the failure is recorded with one retry less, offered again 5 s later
      await eventually(async () => (await openJob(id!))?.retries === 2, 'first failure recorded');
      expect((await openJob(id!))?.notBefore).toBe(plusSeconds(5));
      await sleep(300);
      expect(handler.runs).toHaveLength(1);

      // when the first backoff passes, the second run fails and doubles the backoff
      clock.advance('PT5S');
      await eventually(async () => (await openJob(id!))?.retries === 1, 'second failure recorded');
      expect(handler.runs).toHaveLength(2);
      expect((await openJob(id!))?.notBefore).toBe(plusSeconds(10));
      clock.advance('PT9S');
      await sleep(300);
      expect(handler.runs).toHaveLength(2);

      // when the second backoff passes, the third run succeeds
      clock.advance('PT1S');
      await eventually(async () => (await stateOf(id!)) === 'completed', 'instance completed');
      expect(handler.runs).toHaveLength(3);
      const instance = await api<{ variables: Record<string, unknown> }>('GET', `/api/process-instances/${id!}`);
      expect(instance.body.variables['deliveredOn']).toBe(3);
      expect(await incidentsOf(id!)).toEqual([]);
    } finally {
      await stop(working);
    }
  });

  it('given a handler that always fails, when its retries are used up, then an incident shows and an admin retry runs it again', async () => {
    let fixed = false;
    const handler = new RecordingHandler('broken', () => {
      if (!fixed) throw new Error('the mail server refused the message');
      return { sent: true };
    });
    const working = runner(handler).start(zhifa.engine);
    try {
      const [id] = await deployAndStart('broken');
      await eventually(() => handler.runs.length === 1, 'first run');
      await eventually(async () => (await openJob(id!))?.retries === 2, 'first failure recorded');
      expect(await incidentsOf(id!)).toEqual([]);
      clock.advance('PT5S');
      await eventually(async () => (await openJob(id!))?.retries === 1, 'second failure recorded');
      expect(await incidentsOf(id!)).toEqual([]);
      clock.advance('PT10S');
      // then the third failure leaves no retries: one incident, visible to admins, with the handler's message
      await eventually(async () => (await incidentsOf(id!)).length === 1, 'incident raised');
      expect(handler.runs).toHaveLength(3);
      const [incident] = await incidentsOf(id!);
      expect(incident?.message).toContain('the mail server refused the message');
      // and the job is not offered again by itself, however much time passes
      clock.advance('PT1H');
      await sleep(300);
      expect(handler.runs).toHaveLength(3);
      expect(await stateOf(id!)).toBe('active');

      // when the cause is fixed and an admin retries the incident
      fixed = true;
      expect((await api('POST', `/api/incidents/${incident!.id}/retry`)).status).toBe(200);

      // then the job runs again and the instance completes, the incident gone
      await eventually(async () => (await stateOf(id!)) === 'completed', 'instance completed after the retry');
      expect(handler.runs).toHaveLength(4);
      expect(await incidentsOf(id!)).toEqual([]);
    } finally {
      await stop(working);
    }
  });

  it('given two runners on one database, when many jobs wait, then each job runs exactly once and never on both at the same time', async () => {
    const running = new Set<string>();
    const overlaps: string[] = [];
    const work = async (_run: number, job: JobRecord) => {
      if (running.has(job.id)) overlaps.push(job.id);
      running.add(job.id);
      await sleep(30);
      running.delete(job.id);
      return { doneBy: 'either' };
    };
    const first = new RecordingHandler('shared', work);
    const second = new RecordingHandler('shared', work);
    const a = runner(first, { concurrency: 4 });
    const b = runner(second, { concurrency: 4 });
    try {
      // given 24 instances waiting at a job before either runner looks
      const ids = await deployAndStart('shared', 24);
      // when both start at once
      a.start(zhifa.engine);
      b.start(zhifa.engine);
      // then every instance completes, each job ran once, both runners took part, neither exceeded its limit
      await eventually(async () => (await Promise.all(ids.map(stateOf))).every((s) => s === 'completed'), 'all completed', 20_000);
      const ran = [...first.runs, ...second.runs].map((j) => j.id);
      expect(ran).toHaveLength(24);
      expect(new Set(ran).size).toBe(24);
      expect(overlaps).toEqual([]);
      expect(first.runs.length).toBeGreaterThan(0);
      expect(second.runs.length).toBeGreaterThan(0);
      expect(Math.max(first.maxActive, second.maxActive)).toBeLessThanOrEqual(4);
    } finally {
      await stop(a, b);
    }
  });

  it('given a job created while no runner ran and another locked by a crashed process, when a runner starts, then it does the first at once and the second once its lock expires', async () => {
    const handler = new RecordingHandler('waiting', () => ({ done: true }));
    // given two jobs created with no runner running, one of them locked by a worker that then died
    const [free, orphaned] = await deployAndStart('waiting', 2);
    const orphanJob = await openJob(orphaned!);
    const now = clock.now().toISOString();
    const locked = await db.transaction((tx) => lockJobs(tx, { type: 'waiting', worker: 'crashed-process', now, lockUntil: plusSeconds(60), limit: 10 }));
    expect(locked.map((j) => j.id).sort()).toEqual([(await openJob(free!))!.id, orphanJob!.id].sort());
    // (the crashed worker had not finished the first one either: give it back by letting only the orphan's lock stand)
    await db.query(`UPDATE external_job SET worker = NULL, locked_until = NULL WHERE instance_id = $1`, [free!]);

    // when a runner starts
    const working = runner(handler).start(zhifa.engine);
    try {
      // then the free job is done, the orphaned one waits for its lock
      await eventually(async () => (await stateOf(free!)) === 'completed', 'free job done');
      await sleep(300);
      expect(handler.runs.map((j) => j.instanceId)).toEqual([free]);
      expect(await stateOf(orphaned!)).toBe('active');

      // when the crashed process's lock expires, the orphaned job is taken again
      clock.advance('PT61S');
      await eventually(async () => (await stateOf(orphaned!)) === 'completed', 'orphaned job done');
      expect(handler.runs.map((j) => j.instanceId)).toEqual([free, orphaned]);
    } finally {
      await stop(working);
    }
  });

  it('given a runner that polls rarely, when a job of its type is created, then the engine effect wakes it at once', async () => {
    const handler = new RecordingHandler('nudged', () => ({ done: true }));
    const working = runner(handler, { pollMs: 60_000 }).start(zhifa.engine);
    try {
      await sleep(200); // its first look (at start) found nothing; the next poll is a minute away
      const started = Date.now();
      const [id] = await deployAndStart('nudged');
      await eventually(async () => (await stateOf(id!)) === 'completed', 'nudged job done', 5_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(handler.runs).toHaveLength(1);
    } finally {
      await stop(working);
    }
  });

  it('given a running handler, when the runner closes, then close waits for it and the job completes', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = new RecordingHandler('slow', async () => {
      await gate;
      return { finished: true };
    });
    const working = runner(handler).start(zhifa.engine);
    const [id] = await deployAndStart('slow');
    await eventually(() => handler.runs.length === 1, 'handler started');
    let closed = false;
    const closing = stop(working).then(() => {
      closed = true;
    });
    await sleep(200);
    expect(closed).toBe(false);
    release();
    await closing;
    expect(await stateOf(id!)).toBe('completed');
  });
});
