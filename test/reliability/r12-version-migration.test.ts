/**
 * R12: deploy v2 while v1 instances wait (on PostgreSQL). Every v1 instance finishes on v1 (its definition
 * and v1's elements), new instances start on v2. CI: 50 waiting instances (ZHIFA_R12_INSTANCES).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOn, openPgStore, type TestPgStore } from './support/pg-store.js';

const waiting = Number(process.env['ZHIFA_R12_INSTANCES'] ?? 50);

const model = (v: number): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="r12" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" /><bpmn:userTask id="review" />
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="after_v${v}" /><bpmn:userTask id="after_v${v}" />
<bpmn:sequenceFlow id="f3" sourceRef="after_v${v}" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

describe('R12 deploy v2 while v1 instances wait', () => {
  let store: TestPgStore;
  beforeAll(async () => {
    store = await openPgStore('r12', 10);
  });
  afterAll(async () => store.dispose());

  it(`given ${waiting} v1 instances waiting, when v2 is deployed and they are completed, then all finish on v1`, async () => {
    const engine = engineOn(store);
    const v1 = (await engine.deploy(model(1))).definitions[0];
    const ids: string[] = [];
    for (let i = 0; i < waiting; i++) ids.push((await engine.startProcess('r12')).instanceId);
    const v2 = (await engine.deploy(model(2))).definitions[0];
    const fresh = await engine.startProcess('r12');
    const drive = async (): Promise<void> => {
      for (const t of await store.instances.listTasks({})) if (ids.includes(t.instanceId)) await engine.completeTask(t.id);
    };
    await drive();
    await drive();
    let onV1 = 0;
    const wrong: string[] = [];
    for (const id of ids) {
      const inst = await store.instances.findInstance(id);
      const elements = new Set((await store.instances.listHistory(id)).map((h) => h.elementId));
      if (inst?.status === 'completed' && inst.definitionId === v1?.id && elements.has('after_v1') && !elements.has('after_v2')) onV1 += 1;
      else wrong.push(`${id}: ${inst?.status ?? '?'} on ${inst?.definitionId ?? '?'}`);
    }
    console.log(`R12: ${waiting} v1 instances waiting while v2 deployed → ${onV1} finished on v1, ${wrong.length} wrong; new instance on v${fresh.definitionId === v2?.id ? 2 : '?'}`);
    expect(v2?.version).toBe(2);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(fresh.definitionId).toBe(v2?.id);
  }, Math.max(120_000, waiting * 600));
});
