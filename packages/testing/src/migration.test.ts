import { describe, expect, it } from 'vitest';
import { createTestEngine } from './test-engine.js';

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="test">
<process id="fine" isExecutable="true">${body}</process></definitions>`;
const flow = (id: string, from: string, to: string) => `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

/** v1: review → end. v2: check (the renamed review) → sign → end. */
const v1 = definitions(`<startEvent id="s"/>${flow('f1', 's', 'review')}<userTask id="review" camunda:assignee="u1"/>${flow('f2', 'review', 'e')}<endEvent id="e"/>`);
const v2 = definitions(`<startEvent id="s"/>${flow('f1', 's', 'check')}<userTask id="check" camunda:assignee="u1"/>${flow('f2', 'check', 'sign')}<userTask id="sign" camunda:assignee="u2"/>${flow('f3', 'sign', 'e')}<endEvent id="e"/>`);

describe('Engine.migrateInstance', () => {
  it('given an instance waiting on v1, when migrated to v2 with review → check, then it continues on v2 and the history says so', async () => {
    const t = createTestEngine();
    await t.engine.deploy(v1);
    const { instanceId, definitionId: v1Id } = await t.engine.startProcess('fine');
    const v2Id = (await t.engine.deploy(v2)).definitions[0]!.id;

    await t.engine.migrateInstance(instanceId, { targetDefinitionId: v2Id, mapping: { review: 'check' } }, 'admin');

    const record = await t.store.findInstance(instanceId);
    expect(record?.definitionId).toBe(v2Id);
    const [task] = await t.store.listTasks({ instanceId });
    expect([task?.elementId, task?.definitionId]).toEqual(['check', v2Id]);
    await t.engine.completeTask(task!.id);
    expect((await t.store.listTasks({ instanceId })).map((x) => x.elementId)).toEqual(['sign']);
    const migrated = (await t.store.listHistory(instanceId)).find((h) => h.type === 'instance.migrated');
    expect(migrated).toMatchObject({ actor: 'admin', data: { fromDefinitionId: v1Id, toDefinitionId: v2Id, moved: [{ from: 'review', to: 'check' }] } });
  });

  it('given a step renamed in v2 and no mapping, when migrated, then it is refused naming the step and nothing changes', async () => {
    const t = createTestEngine();
    await t.engine.deploy(v1);
    const { instanceId, definitionId: v1Id } = await t.engine.startProcess('fine');
    const v2Id = (await t.engine.deploy(v2)).definitions[0]!.id;

    await expect(t.engine.migrateInstance(instanceId, { targetDefinitionId: v2Id, mapping: {} })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { element: 'review' } });
    expect((await t.store.findInstance(instanceId))?.definitionId).toBe(v1Id);
    expect((await t.store.listTasks({ instanceId })).map((x) => x.elementId)).toEqual(['review']);
  });
});
