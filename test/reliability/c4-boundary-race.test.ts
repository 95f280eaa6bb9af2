/**
 * C4 (engine level): an interrupting boundary timer due at the same instant as the task's completion.
 * Both commands race on the same instance; exactly one outcome wins every trial — never both, never neither.
 * CI: 1,000 trials on the in-memory engine (ZHIFA_C4_TRIALS scales it).
 */
import { NotFoundError, StaleStateError, VersionConflictError } from '@zhifa/engine';
import { createTestEngine } from '@zhifa/testing';
import { describe, expect, it } from 'vitest';

const trials = Number(process.env['ZHIFA_C4_TRIALS'] ?? 1000);

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="race" isExecutable="true">
<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
<bpmn:userTask id="review" />
<bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="onTime" /><bpmn:userTask id="onTime" />
<bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="escalated" /><bpmn:userTask id="escalated" />
</bpmn:process></bpmn:definitions>`;

describe('C4 boundary timer vs completion at the same instant', () => {
  it(`given ${trials} trials, when completion and timer fire race, then exactly one outcome each time`, async () => {
    const t = createTestEngine({ start: '2026-03-02T01:00:00.000Z' });
    await t.engine.deploy(model);
    const tally = { completion: 0, timer: 0, both: 0, neither: 0 };
    const unexpected: string[] = [];
    for (let i = 0; i < trials; i++) {
      const { instanceId } = await t.engine.startProcess('race');
      const [task] = await t.store.listTasks({ instanceId });
      const [timer] = await t.store.listTimers({ instanceId });
      if (!task || !timer) throw new Error('model did not reach the task');
      t.clock.set(timer.dueAt);
      // The second command starts a varying number of microtask ticks later, so the race lands at every
      // point of the first command's unit of work (lookup, load, commit).
      const ticks = Math.floor(i / 2) % 8;
      const later = async <T>(fn: () => Promise<T>): Promise<T> => {
        for (let k = 0; k < ticks; k++) await Promise.resolve();
        return fn();
      };
      const complete = () => t.engine.completeTask(task.id).then(() => true);
      const fire = () => t.engine.fireTimer(timer.id);
      const [done, fired] = i % 2 === 0 ? await Promise.allSettled([complete(), later(fire)]) : (await Promise.allSettled([fire(), later(complete)])).reverse();
      for (const r of [done, fired]) {
        // The loser sees the task gone (404), stale state or a version conflict (409): all clean refusals.
        const clean = r?.status !== 'rejected' || r.reason instanceof StaleStateError || r.reason instanceof VersionConflictError || r.reason instanceof NotFoundError;
        if (!clean) unexpected.push(String(r.reason));
      }
      const next = (await t.store.listTasks({ instanceId })).map((x) => x.elementId).sort();
      const completed = next.includes('onTime');
      const escalated = next.includes('escalated');
      if (completed && escalated) tally.both += 1;
      else if (completed) tally.completion += 1;
      else if (escalated) tally.timer += 1;
      else tally.neither += 1;
      const doneOk = done?.status === 'fulfilled';
      const firedOk = fired?.status === 'fulfilled' && fired.value === true;
      if (doneOk === firedOk) unexpected.push(`trial ${i}: completion ${String(doneOk)} and timer ${String(firedOk)}`);
      await t.engine.cancelInstance(instanceId);
    }
    console.log(`C4: ${trials} trials → completion won ${tally.completion}, timer won ${tally.timer}, both ${tally.both}, neither ${tally.neither}; ${unexpected.length} unexpected`);
    expect(tally.both).toBe(0);
    expect(tally.neither).toBe(0);
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect(tally.completion).toBeGreaterThan(0);
    expect(tally.timer).toBeGreaterThan(0);
  }, 120_000);
});
