/**
 * `npm run bench:api`: start → user task → complete → end through the Engine service on PostgreSQL, in
 * instances/s, next to the raw commit rate of a one-row INSERT/commit loop on the same database in the
 * same run (both at the same concurrency), and their ratio.
 *
 * Env: ZHIFA_BENCH_DATABASE_URL (default the test database at 127.0.0.1:5432), ZHIFA_BENCH_SECONDS (10),
 * ZHIFA_BENCH_CONCURRENCY (16).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger, startZhifa, type RunningZhifa } from '../src/index.js';

const url = process.env['ZHIFA_BENCH_DATABASE_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env['ZHIFA_BENCH_SECONDS'] ?? 10);
const concurrency = Number(process.env['ZHIFA_BENCH_CONCURRENCY'] ?? 16);
const schema = `bench_${randomBytes(4).toString('hex')}`;

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.bench">
  <bpmn:process id="bench" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:userTask id="task"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="bench" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

/** Runs `step` in `concurrency` loops for `seconds`; returns completed steps per second. */
async function rate(step: () => Promise<void>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await step();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function rawCommitRate(): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  try {
    await pool.query(`CREATE TABLE ${schema}.raw_commit (id bigserial PRIMARY KEY, payload text NOT NULL)`);
    // Autocommit: every INSERT is its own transaction and waits for its WAL flush, like a unit of work.
    return await rate(async () => {
      await pool.query(`INSERT INTO ${schema}.raw_commit (payload) VALUES ($1)`, ['x']);
    });
  } finally {
    await pool.end();
  }
}

async function engineRate(zhifa: RunningZhifa): Promise<number> {
  await zhifa.engine.deploy(xml, { name: 'bench' });
  const oneInstance = async (): Promise<void> => {
    const { instanceId } = await zhifa.engine.startProcess('bench', {});
    const [task] = await zhifa.store.listTasks({ instanceId });
    if (!task) throw new Error('no task');
    await zhifa.engine.completeTask(task.id, { approved: true }, { actor: 'bench' });
  };
  await oneInstance(); // warm the model cache
  return rate(oneInstance);
}

async function main(): Promise<void> {
  const zhifa = await startZhifa({
    databaseUrl: url,
    schema,
    http: false,
    workers: false,
    clock: 'manual',
    seedDemo: false,
    processesDir: false,
    webDist: false,
    logger: createLogger('warn'),
  });
  try {
    const engine = await engineRate(zhifa);
    const raw = await rawCommitRate();
    const pad = (n: number) => n.toFixed(1).padStart(9);
    console.log(`\nbench:api — PostgreSQL ${new URL(url).host}, ${seconds} s each, concurrency ${concurrency}`);
    console.log(`  engine  start → user task → complete → end : ${pad(engine)} instances/s`);
    console.log(`  raw     one-row INSERT + commit             : ${pad(raw)} commits/s`);
    console.log(`  ratio   instances/s ÷ raw commits/s         : ${(engine / raw).toFixed(3)}`);
  } finally {
    await zhifa.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // The deadline feature's BullMQ queues live in `<schema>_bullmq` (no Redis here): dropped too.
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_bullmq CASCADE`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
