/**
 * Chooses a random next command from what one engine currently offers (open tasks, jobs, incidents, due
 * timers, instances) and applies the same command to any number of engines, recording each outcome.
 */
import { ZhifaError } from '@zhifa/engine';
import { X_RANGE } from './bpmn-generator.js';
import type { Prng } from './prng.js';
import type { EngineBox } from './restartable-engine.js';

export type Step =
  | { readonly type: 'start'; readonly x: number }
  | { readonly type: 'completeTask'; readonly taskId: string; readonly x: number }
  | { readonly type: 'completeJob'; readonly jobId: string; readonly x: number }
  | { readonly type: 'failJob'; readonly jobId: string; readonly retries: number }
  | { readonly type: 'throwJobError'; readonly jobId: string }
  | { readonly type: 'fireTimer'; readonly timerId: string; readonly dueAt: string }
  | { readonly type: 'resolveIncident'; readonly incidentId: string }
  | { readonly type: 'setVariables'; readonly instanceId: string; readonly x: number }
  | { readonly type: 'cancel'; readonly instanceId: string };

const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** Picks a step from `box`'s current state; undefined when nothing can happen any more. */
export async function chooseStep(rng: Prng, box: EngineBox, processId: string, started: number): Promise<Step | undefined> {
  const x = (): number => rng.int(X_RANGE.min, X_RANGE.max);
  const tasks = byId(await box.store.listTasks({}));
  const jobs = byId(await box.store.listJobs({}));
  const incidents = byId(await box.store.listIncidents({}));
  const timers = await box.store.listTimers();
  const active = byId(await box.store.listInstances({ status: 'active' }));
  const options: (() => Step)[] = [];
  if (started < 3) options.push(() => ({ type: 'start', x: x() }));
  for (const t of tasks) options.push(() => ({ type: 'completeTask', taskId: t.id, x: x() }));
  for (const j of jobs) {
    options.push(() => ({ type: 'completeJob', jobId: j.id, x: x() }));
    options.push(() => ({ type: 'failJob', jobId: j.id, retries: Math.max(0, j.retries - 1) }));
    if (rng.chance(0.2)) options.push(() => ({ type: 'throwJobError', jobId: j.id }));
  }
  for (const i of incidents) options.push(() => ({ type: 'resolveIncident', incidentId: i.id }));
  const next = timers[0];
  if (next) {
    options.push(() => ({ type: 'fireTimer', timerId: next.id, dueAt: next.dueAt }));
    options.push(() => ({ type: 'fireTimer', timerId: next.id, dueAt: next.dueAt }));
  }
  const victim = active.length > 0 ? rng.pick(active) : undefined;
  if (victim) {
    options.push(() => ({ type: 'setVariables', instanceId: victim.id, x: x() }));
    if (rng.chance(0.1)) options.push(() => ({ type: 'cancel', instanceId: victim.id }));
  }
  if (options.length === 0) return undefined;
  return rng.pick(options)();
}

/** Applies a step; returns `ok`, an error code, or `crash:<message>` for a non-Zhifa exception. */
export async function applyStep(box: EngineBox, processId: string, step: Step): Promise<string> {
  try {
    switch (step.type) {
      case 'start':
        await box.engine.startProcess(processId, { variables: { x: step.x } });
        break;
      case 'completeTask':
        await box.engine.completeTask(step.taskId, { x: step.x });
        break;
      case 'completeJob':
        await box.engine.completeJob(step.jobId, { x: step.x });
        break;
      case 'failJob':
        await box.engine.failJob(step.jobId, step.retries, 'fuzz failure');
        break;
      case 'throwJobError':
        await box.engine.throwJobError(step.jobId, 'FUZZ_ERROR');
        break;
      case 'fireTimer': {
        if (Date.parse(step.dueAt) > box.clock.now().getTime()) box.clock.set(step.dueAt);
        const fired = await box.engine.fireTimer(step.timerId);
        return fired ? 'ok' : 'not-fired';
      }
      case 'resolveIncident':
        await box.engine.resolveIncident(step.incidentId);
        break;
      case 'setVariables':
        await box.engine.setVariables(step.instanceId, { x: step.x });
        break;
      case 'cancel':
        await box.engine.cancelInstance(step.instanceId, 'fuzz');
        break;
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
    return 'ok';
  } catch (error) {
    if (error instanceof ZhifaError) return error.code;
    return `crash:${error instanceof Error ? error.message : String(error)}`;
  }
}
