/**
 * C5: command A pauses just before its commit (holding the instance row) while command B runs into it, on
 * PostgreSQL. Interleavings: complete/complete, complete/cancel, complete/timer, cancel(withdraw)/complete.
 * Every interleaving ends in a valid state; the loser gets a clean refusal (409/404) or wins after the
 * engine's internal retry.
 */
import { randomUUID } from 'node:crypto';
import { Engine, NotFoundError, StaleStateError, VersionConflictError } from '@zhifa/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pausingStore } from './support/pausing-store.js';
import { HandClock, openPgStore, type TestPgStore } from './support/pg-store.js';

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="c5" isExecutable="true">
<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" /><bpmn:userTask id="review" />
<bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="true"><bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="next" /><bpmn:userTask id="next" />
<bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="escalated" /><bpmn:userTask id="escalated" />
</bpmn:process></bpmn:definitions>`;

const clean = (e: unknown): boolean => e instanceof StaleStateError || e instanceof VersionConflictError || e instanceof NotFoundError;

describe('C5 a command paused before commit while another commits', () => {
  let store: TestPgStore;
  const clock = new HandClock();
  let plain: Engine;
  let paused: Engine;
  let pause: ReturnType<typeof pausingStore>;

  beforeAll(async () => {
    store = await openPgStore('c5', 10);
    pause = pausingStore(store.instances);
    const ids = { newId: () => randomUUID() };
    plain = new Engine({ store: store.instances, definitions: store.definitions, clock, ids });
    paused = new Engine({ store: pause.store, definitions: store.definitions, clock, ids });
    await plain.deploy(model);
  });
  afterAll(async () => store.dispose());

  /** Starts an instance, runs A (paused 300 ms before commit) and B once A is paused; returns both outcomes. */
  const race = async (a: (ids: Ids) => Promise<unknown>, b: (ids: Ids) => Promise<unknown>): Promise<{ ids: Ids; a: PromiseSettledResult<unknown>; b: PromiseSettledResult<unknown> }> => {
    const { instanceId } = await plain.startProcess('c5');
    const [task] = await store.instances.listTasks({ instanceId });
    const [timer] = await store.instances.listTimers({ instanceId });
    if (!task || !timer) throw new Error('setup');
    const ids = { instanceId, taskId: task.id, timerId: timer.id, timerDue: timer.dueAt };
    const reached = pause.pauseNextCommit(300);
    const first = a(ids);
    await reached;
    const [ra, rb] = await Promise.allSettled([first, b(ids)]);
    return { ids, a: ra, b: rb };
  };

  const openElements = async (instanceId: string): Promise<string[]> => (await store.instances.listTasks({ instanceId })).map((t) => t.elementId).sort();

  it('given the four interleavings, when B runs into A paused before commit, then each ends valid and the loser is refused cleanly', async () => {
    const rows: string[] = [];
    const bad: string[] = [];
    const outcome = (r: PromiseSettledResult<unknown>): string => (r.status === 'fulfilled' ? `ok(${String(r.value)})` : clean(r.reason) ? (r.reason as Error).constructor.name : `CRASH ${String(r.reason)}`);

    // complete / complete: one success, `next` once.
    const cc = await race((x) => paused.completeTask(x.taskId, { by: 'A' }), (x) => plain.completeTask(x.taskId, { by: 'B' }));
    const ccOpen = await openElements(cc.ids.instanceId);
    rows.push(`complete/complete: A ${outcome(cc.a)}, B ${outcome(cc.b)}, open ${ccOpen.join(',')}`);
    if ([cc.a, cc.b].filter((r) => r.status === 'fulfilled').length !== 1 || ccOpen.join() !== 'next') bad.push(rows.at(-1) ?? '');

    // complete / cancel: both may succeed in order (completed, then cancelled); never a half state.
    const cx = await race((x) => paused.completeTask(x.taskId), (x) => plain.cancelInstance(x.instanceId, 'withdrawn'));
    const cxInst = await store.instances.findInstance(cx.ids.instanceId);
    const cxOpen = await openElements(cx.ids.instanceId);
    rows.push(`complete/cancel: A ${outcome(cx.a)}, B ${outcome(cx.b)}, instance ${cxInst?.status ?? '?'}, open [${cxOpen.join(',')}]`);
    if (cx.a.status !== 'fulfilled' || cxInst?.status !== 'cancelled' || cxOpen.length !== 0) bad.push(rows.at(-1) ?? '');

    // complete / timer (boundary due now): exactly one outcome.
    const ct = await race(
      (x) => paused.completeTask(x.taskId),
      async (x) => {
        clock.set(x.timerDue);
        return plain.fireTimer(x.timerId);
      },
    );
    const ctOpen = await openElements(ct.ids.instanceId);
    rows.push(`complete/timer: A ${outcome(ct.a)}, B ${outcome(ct.b)}, open ${ctOpen.join(',')}`);
    if (ctOpen.length !== 1 || (ct.b.status === 'fulfilled' && ct.b.value === true && ct.a.status === 'fulfilled')) bad.push(rows.at(-1) ?? '');

    // cancel (withdraw) / complete: the completion is refused, nothing continues.
    const xc = await race((x) => paused.cancelInstance(x.instanceId, 'withdrawn'), (x) => plain.completeTask(x.taskId));
    const xcInst = await store.instances.findInstance(xc.ids.instanceId);
    const xcOpen = await openElements(xc.ids.instanceId);
    rows.push(`cancel/complete: A ${outcome(xc.a)}, B ${outcome(xc.b)}, instance ${xcInst?.status ?? '?'}, open [${xcOpen.join(',')}]`);
    if (xc.a.status !== 'fulfilled' || xc.b.status !== 'rejected' || xcInst?.status !== 'cancelled' || xcOpen.length !== 0) bad.push(rows.at(-1) ?? '');

    console.log(`C5: ${rows.length} paused-commit interleavings, ${bad.length} invalid → ${rows.join('; ')}`);
    expect(rows.filter((r) => r.includes('CRASH'))).toEqual([]);
    expect(bad).toEqual([]);
  }, 60_000);
});

interface Ids {
  readonly instanceId: string;
  readonly taskId: string;
  readonly timerId: string;
  readonly timerDue: string;
}
