/**
 * R1: a process that dies after committing a
 * unit of work but before dispatching its effects leaves the outbox rows undispatched; on boot
 * `Engine.recover()` re-dispatches them. For `timer.scheduled` (and `job.created`) the Dispatcher
 * (packages/engine service/dispatcher.ts, `one(effect, instanceId, unit)`) reads the record from
 * `unit?.projection`, but `recover()` passes `unit = undefined`: the timer is never scheduled, the row is
 * marked dispatched anyway, and the instance waited forever on an overdue timer. Fixed: with no unit, the
 * dispatcher reads the pending timer / open job row from the store.
 * Seen in R1 chaos (1,000 instances, 20 kill -9s): 2 instances left active after a 200 s drain.
 */
import { Engine, type TimerRecord, type TimerScheduler } from '@zhifa/engine';
import { InMemoryDefinitionRepository, InMemoryInstanceStore, ManualClock, RecordingTimerScheduler, SequentialIdGenerator } from '@zhifa/testing';
import { describe, expect, it } from 'vitest';

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="p" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

/** A scheduler whose process "dies" right after the commit: every call fails. */
class CrashingScheduler implements TimerScheduler {
  async schedule(_timer: TimerRecord): Promise<void> {
    throw new Error('process killed before dispatch');
  }
  async cancel(): Promise<void> {
    throw new Error('process killed before dispatch');
  }
}

describe('R1 recover() re-schedules timers of undispatched outbox rows (pending engine fix)', () => {
  it('given a timer committed but never scheduled, when a new engine recovers, then the timer is scheduled', async () => {
    const store = new InMemoryInstanceStore();
    const definitions = new InMemoryDefinitionRepository();
    const clock = new ManualClock('2026-03-02T01:00:00.000Z');
    const ids = new SequentialIdGenerator();
    const before = new Engine({ store, definitions, clock, ids, timers: new CrashingScheduler() });
    await before.deploy(model);
    await before.startProcess('p').catch(() => undefined);
    const [timer] = await store.listTimers();
    expect(timer).toBeDefined();
    expect((await store.listUndispatchedOutbox(100)).length).toBeGreaterThan(0);

    const recorder = new RecordingTimerScheduler();
    const after = new Engine({ store, definitions, clock, ids, timers: recorder });
    await after.recover();
    expect([...recorder.scheduled.keys()]).toContain(timer?.id);
  });
});
