/**
 * C1: 50 concurrent completions of one task through the Engine on PostgreSQL, N rounds (CI 10,
 * ZHIFA_C1_ROUNDS for chaos): each round exactly one success and 49 clean refusals (version conflict,
 * stale state or not found → 409/404), the next step created once, one completion in the history.
 * C2: 20 concurrent row-level claims of one task: exactly one assignee, 19 conflicts.
 */
import { NotFoundError, StaleStateError, VersionConflictError } from '@zhifa/engine';
import { claimTask, getInboxTask } from '@zhifa/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOn, openPgStore, type TestPgStore } from './support/pg-store.js';

const rounds = Number(process.env['ZHIFA_C1_ROUNDS'] ?? 10);

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="c1" isExecutable="true">
<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
<bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="legal" /></bpmn:extensionElements></bpmn:userTask>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="next" /><bpmn:userTask id="next" />
<bpmn:sequenceFlow id="f3" sourceRef="next" targetRef="e" /><bpmn:endEvent id="e" />
</bpmn:process></bpmn:definitions>`;

describe('C1/C2 concurrent completions and claims of one task on PostgreSQL', () => {
  let store: TestPgStore;
  const engine = () => engineOn(store);

  beforeAll(async () => {
    store = await openPgStore('c1', 60);
    await engine().deploy(model);
  });
  afterAll(async () => store.dispose());

  it(`given ${rounds} rounds, when 50 completions of one task race, then exactly one wins and the next step exists once`, async () => {
    const e = engine();
    const tally = { success: 0, conflict: 0, stale: 0, notFound: 0, other: 0 };
    const bad: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const { instanceId } = await e.startProcess('c1');
      const [task] = await store.instances.listTasks({ instanceId });
      if (!task) throw new Error('no task');
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => e.completeTask(task.id, { by: i }, { actor: `user${i}` })));
      let wins = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') wins += 1;
        else if (r.reason instanceof VersionConflictError) tally.conflict += 1;
        else if (r.reason instanceof StaleStateError) tally.stale += 1;
        else if (r.reason instanceof NotFoundError) tally.notFound += 1;
        else {
          tally.other += 1;
          bad.push(`round ${round}: ${String(r.reason)}`);
        }
      }
      tally.success += wins;
      const next = (await store.instances.listTasks({ instanceId })).filter((t) => t.elementId === 'next');
      const history = await store.instances.listHistory(instanceId);
      const completions = history.filter((h) => h.type === 'element.completed' && h.elementId === 'review');
      const created = history.filter((h) => h.type === 'element.started' && h.elementId === 'next');
      if (wins !== 1) bad.push(`round ${round}: ${wins} successes`);
      if (next.length !== 1 || created.length !== 1) bad.push(`round ${round}: next step open ${next.length}, started ${created.length}`);
      if (completions.length !== 1) bad.push(`round ${round}: ${completions.length} completion entries`);
    }
    console.log(`C1: ${rounds} rounds × 50 concurrent completions → ${tally.success} successes, refusals: ${tally.conflict} version-conflict, ${tally.stale} stale, ${tally.notFound} not-found, ${tally.other} other; ${bad.length} bad rounds`);
    expect(bad.slice(0, 5)).toEqual([]);
    expect(tally.success).toBe(rounds);
  }, Math.max(300_000, rounds * 5000));

  it('given an unclaimed task, when 20 claims race, then exactly one assignee and 19 conflicts', async () => {
    const e = engine();
    const tallies: string[] = [];
    for (let round = 0; round < 5; round++) {
      const { instanceId } = await e.startProcess('c1');
      const [task] = await store.instances.listTasks({ instanceId });
      if (!task) throw new Error('no task');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claimTask(store.db, task.id, `claimer${i}`)));
      const winners = results.flatMap((r, i) => (r.ok ? [`claimer${i}`] : []));
      const conflicts = results.filter((r) => !r.ok && r.reason === 'conflict').length;
      const row = await getInboxTask(store.db, task.id);
      tallies.push(`${winners.length}/${conflicts}`);
      expect(winners).toHaveLength(1);
      expect(conflicts).toBe(19);
      expect(row?.assignee).toBe(winners[0]);
    }
    console.log(`C2: 5 rounds × 20 concurrent claims → winners/conflicts per round ${tallies.join(' ')}`);
  }, 60_000);
});
