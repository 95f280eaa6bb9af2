/**
 * C3: a parallel join with 2/5/10 branches whose user tasks are completed at once, on PostgreSQL. A
 * completion refused after the engine's bounded internal retries (409) is retried by the "client" until
 * every branch is done; the join must fire exactly once per trial. CI: 100 trials (ZHIFA_C3_TRIALS).
 */
import { VersionConflictError } from '@zhifa/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOn, openPgStore, type TestPgStore } from './support/pg-store.js';

const trials = Number(process.env['ZHIFA_C3_TRIALS'] ?? 100);
const widths = [2, 5, 10] as const;

const model = (n: number): string => {
  const branches = Array.from({ length: n }, (_, i) => `
<bpmn:sequenceFlow id="in${i}" sourceRef="fork" targetRef="b${i}" /><bpmn:userTask id="b${i}" /><bpmn:sequenceFlow id="out${i}" sourceRef="b${i}" targetRef="join" />`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d${n}" targetNamespace="http://zhifa.test">
<bpmn:process id="join${n}" isExecutable="true">
<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork" /><bpmn:parallelGateway id="fork" />${branches}
<bpmn:parallelGateway id="join" /><bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="after" /><bpmn:userTask id="after" />
<bpmn:sequenceFlow id="f10" sourceRef="after" targetRef="e" /><bpmn:endEvent id="e" />
</bpmn:process></bpmn:definitions>`;
};

describe('C3 parallel join under concurrent branch completion (PostgreSQL)', () => {
  let store: TestPgStore;

  beforeAll(async () => {
    store = await openPgStore('c3', 30);
    for (const n of widths) await engineOn(store).deploy(model(n));
  });
  afterAll(async () => store.dispose());

  it(`given ${trials} trials over 2/5/10 branches, when all branch tasks complete at once, then the join fires exactly once`, async () => {
    const engine = engineOn(store);
    const bad: string[] = [];
    let clientRetries = 0;
    for (let trial = 0; trial < trials; trial++) {
      const n = widths[trial % widths.length] ?? 2;
      const { instanceId } = await engine.startProcess(`join${n}`);
      const tasks = await store.instances.listTasks({ instanceId });
      const completeWithRetry = async (taskId: string): Promise<void> => {
        for (let attempt = 0; ; attempt++) {
          try {
            await engine.completeTask(taskId);
            return;
          } catch (error) {
            if (!(error instanceof VersionConflictError) || attempt > 20) throw error;
            clientRetries += 1;
          }
        }
      };
      const results = await Promise.allSettled(tasks.map((t) => completeWithRetry(t.id)));
      const failed = results.filter((r) => r.status === 'rejected');
      if (failed.length) bad.push(`trial ${trial} (${n}): ${failed.length} completions failed: ${String(failed[0]?.status === 'rejected' ? failed[0].reason : '')}`);
      const after = (await store.instances.listTasks({ instanceId })).filter((t) => t.elementId === 'after');
      const joins = (await store.instances.listHistory(instanceId)).filter((h) => h.type === 'element.completed' && h.elementId === 'join');
      if (after.length !== 1 || joins.length !== 1) bad.push(`trial ${trial} (${n} branches): join completed ${joins.length}×, 'after' open ${after.length}×`);
    }
    console.log(`C3: ${trials} trials (2/5/10 branches) → ${trials - bad.length} joins fired exactly once, ${bad.length} bad; client retries after 409: ${clientRetries}`);
    expect(bad.slice(0, 5)).toEqual([]);
  }, Math.max(600_000, trials * 1000));
});
