/** Timer-heavy instances for R4/R5/R11: many timers due at one instant, and a report of how they fired. */
import type { RunningZhifa } from '@zhifa/server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const model = (key: string, dueAt: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://zhifa.test">
<bpmn:process id="${key}" isExecutable="true">
<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDate>${dueAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" /><bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

/** Starts `count` instances (10 at a time) of a timer process due at `dueAt`; returns their ids. */
export async function startTimers(zhifa: RunningZhifa, key: string, dueAt: string, count: number): Promise<string[]> {
  await zhifa.engine.deploy(model(key, dueAt));
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => zhifa.engine.startProcess(key)));
    ids.push(...batch.map((b) => b.instanceId));
  }
  return ids;
}

/** Waits until every instance has completed (or the deadline); returns the per-instance fire report. */
export async function awaitFires(zhifa: RunningZhifa, ids: readonly string[], dueAt: string, deadlineMs: number): Promise<{ fired: number; duplicates: number; early: number; lateMaxMs: number; missing: number }> {
  const deadline = Date.now() + deadlineMs;
  const ours = new Set(ids);
  for (;;) {
    const open = (await zhifa.store.listInstances({ status: 'active', limit: 10_000_000 })).filter((i) => ours.has(i.id)).length;
    if (open === 0 || Date.now() > deadline) break;
    await sleep(250);
  }
  let fired = 0;
  let duplicates = 0;
  let early = 0;
  let lateMaxMs = 0;
  for (const id of ids) {
    const fires = (await zhifa.store.listHistory(id)).filter((h) => h.type === 'element.completed' && h.elementId === 'wait');
    if (fires.length > 0) fired += 1;
    if (fires.length > 1) duplicates += 1;
    for (const f of fires) {
      const late = Date.parse(f.at) - Date.parse(dueAt);
      if (late < 0) early += 1;
      lateMaxMs = Math.max(lateMaxMs, late);
    }
  }
  return { fired, duplicates, early, lateMaxMs, missing: ids.length - fired };
}

