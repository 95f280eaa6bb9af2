/**
 * R1 (CI-sized): a child zhifa server (system clock, timer workers on PostgreSQL) is killed with kill -9
 * at random moments while clients run instances of start → review (user task) → wait (2 s timer) → after
 * (user task) → end, and restarted each time. Afterwards every instance ends; no completion or timer fire
 * is duplicated; every acknowledged start and completion is present; no timer fired before its due time.
 * CI: 60 instances, 5 kills. Chaos: ZHIFA_R1_INSTANCES / ZHIFA_R1_KILLS.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresStore, type PostgresStore } from '@zhifa/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildRunner } from '../support/child-process.js';
import { dropSchemas, randomSchemaName, TEST_DATABASE_URL } from '../support/pg-faults.js';
import { freePort } from '../support/private-redis.js';
import { Api, deploy } from './support/api.js';
import { Prng } from './support/prng.js';

const instances = Number(process.env['ZHIFA_R1_INSTANCES'] ?? 60);
const kills = Number(process.env['ZHIFA_R1_KILLS'] ?? 5);
const TIMER_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="r1" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
<bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="user-admin" /></bpmn:extensionElements></bpmn:userTask>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="wait" />
<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="after" />
<bpmn:userTask id="after"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="user-admin" /></bpmn:extensionElements></bpmn:userTask>
<bpmn:sequenceFlow id="f4" sourceRef="after" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

describe('R1 kill -9 of the server while instances run', () => {
  const schema = randomSchemaName('r1');
  const password = 'r1-password';
  let child: ChildRunner;
  let url = '';
  let db: PostgresStore | undefined;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = new ChildRunner(join(dirname(fileURLToPath(import.meta.url)), 'support', 'r1-server.entry.ts'), {
      env: {
        ZHIFA_R1_PORT: String(port),
        ZHIFA_R1_DATABASE_URL: TEST_DATABASE_URL,
        ZHIFA_R1_SCHEMA: schema,
        ZHIFA_R1_SECRET: randomBytes(32).toString('hex'),
        ZHIFA_R1_PASSWORD: password,
      },
      readyLine: /^READY /,
      readyTimeoutMs: 60_000,
    });
    await child.start();
  }, 90_000);
  afterAll(async () => {
    await child.dispose();
    await db?.close();
    await dropSchemas(schema);
  });

  it(`given ${instances} instances and ${kills} kill -9s, when everything is driven to the end, then nothing is lost or duplicated`, async () => {
    let api = await new Api(url).as('admin', password);
    await deploy(api, 'r1', model);
    const acked = new Set<string>();
    const ackedCompletions = new Set<string>();
    let httpFailures = 0;
    let stop = false;

    // Clients: start instances and complete whatever task is open; a failed request is simply retried.
    const tryCall = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch {
        httpFailures += 1;
        await sleep(100);
        return undefined;
      }
    };
    const relogin = async (): Promise<void> => {
      const fresh = await tryCall(() => new Api(url).as('admin', password));
      if (fresh) api = fresh;
    };
    const completeOpenTasks = async (max = 10): Promise<void> => {
      const tasks = await tryCall(() => api.get<{ id: string; state: string }[]>('/api/tasks?assignee=me'));
      if (tasks?.status !== 200 || !Array.isArray(tasks.body)) return;
      for (const t of tasks.body.slice(0, max)) {
        const r = await tryCall(() => api.post(`/api/tasks/${t.id}/complete`, {}));
        if (r && r.status < 300) ackedCompletions.add(t.id);
      }
    };
    const starter = async (): Promise<void> => {
      // Keeps writing through every kill: starts until `instances` are acknowledged, completes tasks always.
      while (!stop) {
        if (acked.size < instances) {
          const r = await tryCall(() => api.post<{ id: string }>('/api/process-definitions/key/r1/start', {}));
          if (r?.status === 201) acked.add(r.body.id);
        } else await sleep(50);
        await completeOpenTasks();
      }
    };
    const workers = [starter(), starter(), starter()];

    // The killer: kill -9 at random moments, restart at once.
    const rng = new Prng(Number(process.env['ZHIFA_R1_SEED'] ?? 5));
    let restarts = 0;
    let restartMs = 0;
    const phaseStart = Date.now();
    for (let k = 0; k < kills; k++) {
      await sleep(rng.int(500, 2500));
      await child.kill9();
      const t0 = Date.now();
      await child.start();
      restartMs += Date.now() - t0;
      restarts += 1;
      await relogin();
    }
    // Chaos sizes may need longer than the kills to acknowledge every start.
    while (acked.size < instances) await sleep(100);
    stop = true;
    await Promise.all(workers);

    // Drive to the end: complete open tasks until every instance has ended (timers fire by themselves).
    db = await openPostgresStore({ url: TEST_DATABASE_URL, schema, poolSize: 2, migrate: false, applicationName: `zhifa-r1-check-${schema}` });
    const killPhaseMs = Date.now() - phaseStart;
    const drainStart = Date.now();
    const deadline = Date.now() + Math.max(60_000, instances * 200);
    const everything = { limit: 10_000_000 };
    let active = 1;
    while (Date.now() < deadline) {
      active = (await db.instances.listInstances({ status: 'active', ...everything })).length;
      if (active === 0) break;
      await completeOpenTasks(100);
      await sleep(300);
    }

    const all = await db.instances.listInstances(everything);
    const problems: string[] = [];
    let fired = 0;
    let earliestFireMs = Number.POSITIVE_INFINITY;
    const stored = new Set(all.map((i) => i.id));
    for (const id of acked) if (!stored.has(id)) problems.push(`acknowledged instance ${id} missing`);
    for (const inst of all) {
      const history = await db.instances.listHistory(inst.id);
      const count = (type: string, el: string) => history.filter((h) => h.type === type && h.elementId === el).length;
      if (inst.status !== 'completed') {
        // Name what still waits, so a stuck instance says whether a task, a timer (and if it is overdue) or an
        // incident holds it.
        const waiting = [
          ...(await db.instances.listTasks({ instanceId: inst.id })).map((t) => `task ${t.elementId}`),
          ...(await db.instances.listTimers({ instanceId: inst.id })).map((t) => `timer ${t.elementId} due ${t.dueAt}${Date.parse(t.dueAt) < Date.now() ? ' (overdue)' : ''}`),
          ...(await db.instances.listIncidents({ instanceId: inst.id })).map((i) => `incident ${i.kind}`),
        ];
        problems.push(`instance ${inst.id} ${inst.status}: ${waiting.length ? `still waiting on ${waiting.join(', ')}` : 'NO token waiting (lost)'}`);
      }
      for (const el of ['review', 'wait', 'after']) if (count('element.completed', el) > 1) problems.push(`instance ${inst.id}: ${el} completed ${count('element.completed', el)}×`);
      const waitStart = history.find((h) => h.type === 'element.started' && h.elementId === 'wait');
      const waitEnd = history.find((h) => h.type === 'element.completed' && h.elementId === 'wait');
      if (waitStart && waitEnd) {
        fired += 1;
        const ms = Date.parse(waitEnd.at) - Date.parse(waitStart.at);
        earliestFireMs = Math.min(earliestFireMs, ms);
        if (ms < TIMER_MS) problems.push(`instance ${inst.id}: timer fired after ${ms} ms (< ${TIMER_MS})`);
      }
    }
    for (const taskId of ackedCompletions) {
      const r = await api.get<{ state: string }>(`/api/tasks/${taskId}`);
      if (r.status !== 200 || r.body.state !== 'completed') problems.push(`acknowledged completion of ${taskId} missing (${r.status})`);
    }
    console.log(
      `R1: ${restarts} kill -9 + restarts; ${acked.size} acknowledged starts (${all.length} instances in the database), ${ackedCompletions.size} acknowledged completions; ` +
        `${all.filter((i) => i.status === 'completed').length} completed, ${active} still active; ${fired} timers fired once each (earliest ${earliestFireMs} ms after arming, due ${TIMER_MS} ms); ` +
        `${httpFailures} client requests failed during kills; ${problems.length} problems; kill phase ${killPhaseMs} ms (restarts ${restartMs} ms), drain ${Date.now() - drainStart} ms`,
    );
    expect(problems.slice(0, 10)).toEqual([]);
    expect(restarts).toBe(kills);
  }, Math.max(240_000, instances * 600 + kills * 15_000));
});
