/**
 * Engine-on-PostgreSQL throughput: start → user task → complete → end through the real Engine service and
 * this package's adapters, next to the raw commit rate of a one-row INSERT/commit loop on the same database.
 *
 *   npx tsx packages/store-postgres/bench/engine-throughput.bench.ts [instances=2000] [concurrency=16]
 */
import { randomUUID } from 'node:crypto';
import { Engine } from '@zhifa/engine';
import { openTestStore } from '../src/int-test-support.js';

const total = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="http://zhifa.bench">
  <bpmn:process id="bench" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="审批" />
    <bpmn:sequenceFlow id="f2" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

async function inParallel(count: number, worker: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await worker(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

const store = await openTestStore('tput');
try {
  await store.db.query(`CREATE TABLE raw_commit (id bigserial PRIMARY KEY, v text)`);
  const rawSeconds = await inParallel(total, async () => {
    await store.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO raw_commit (v) VALUES ($1)`, ['x']);
    });
  });
  const rawRate = total / rawSeconds;

  const engine = new Engine({ store: store.instances, definitions: store.definitions, clock: { now: () => new Date() }, ids: { newId: () => randomUUID() } });
  await engine.deploy(xml);
  const seconds = await inParallel(total, async () => {
    const { instanceId } = await engine.startProcess('bench');
    const [task] = await store.instances.listTasks({ instanceId });
    if (!task) throw new Error('no task');
    await engine.completeTask(task.id, {}, { actor: 'bench' });
  });
  const rate = total / seconds;
  console.log(`raw one-row INSERT/commit: ${Math.round(rawRate)} commits/s (concurrency ${concurrency})`);
  console.log(`engine start→task→complete→end: ${Math.round(rate)} instances/s (${total} instances, concurrency ${concurrency})`);
  console.log(`ratio instances/s ÷ raw commits/s: ${(rate / rawRate).toFixed(2)} (each instance is 2 commands = 2 commits)`);
} finally {
  await store.dispose();
}
