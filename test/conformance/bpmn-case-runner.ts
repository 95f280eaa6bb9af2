/**
 * Runs one case of a BPMN conformance corpus (format `bpmn-conformance-cases/1`, see the corpus README)
 * against the Engine service on in-memory adapters with a manual clock.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeployError, ZhifaError, readInstanceState, waitingElements, type JsonObject } from '@zhifa/engine';
import { createTestEngine, type TestEngine } from '@zhifa/testing';
import { checkExpectations, type Expect, type Observed } from './bpmn-expectations.js';
import { observe } from './bpmn-observe.js';

export interface Step {
  readonly complete?: string;
  readonly trigger?: string;
  readonly message?: string;
  readonly correlationKey?: string;
  readonly signal?: string;
  readonly advanceTime?: string;
  readonly setTime?: string;
  readonly setVariables?: JsonObject;
  readonly on?: string;
  readonly startProcess?: string;
  readonly variables?: JsonObject;
  readonly expect?: Expect;
}

export interface ConformanceCase {
  readonly id: string;
  readonly model: string;
  readonly extraModels?: readonly string[];
  readonly processId: string;
  readonly start?: { readonly type: 'none' | 'deploy'; readonly clock?: string };
  readonly variables?: JsonObject;
  readonly expect?: Expect;
  readonly steps?: readonly Step[];
}

export type CaseResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const DEFAULT_CLOCK = '2025-01-01T00:00:00.000Z';

export async function runCase(dir: string, c: ConformanceCase): Promise<CaseResult> {
  const t = createTestEngine({ start: c.start?.clock ?? DEFAULT_CLOCK });
  const deployError = c.expect?.error?.kind === 'deploy' ? c.expect.error : undefined;
  try {
    await t.engine.deploy(await readFile(join(dir, c.model), 'utf8'));
  } catch (error) {
    if (!(error instanceof DeployError)) return fail(`deploy threw ${describe(error)}`);
    if (!deployError) return fail(`deploy failed: ${error.message}`);
    const named = error.problems.map((p) => p.elementId);
    return named.includes(deployError.atElement) ? { ok: true } : fail(`deploy failed naming ${JSON.stringify(named)}, expected '${deployError.atElement}'`);
  }
  if (deployError) return fail('deploy succeeded but the case expects it to be refused');
  for (const extra of c.extraModels ?? []) await t.engine.deploy(await readFile(join(dir, extra), 'utf8'));

  const ctx: RunContext = { t, processId: c.processId, mainId: undefined, actionError: undefined };
  if ((c.start?.type ?? 'none') === 'none') {
    await act(ctx, async () => {
      ctx.mainId = (await t.engine.startProcess(c.processId, { variables: c.variables ?? {} })).instanceId;
    });
  }
  const first = await verify(ctx, c.expect, 'after start');
  if (first) return fail(first);
  for (const [index, step] of (c.steps ?? []).entries()) {
    ctx.actionError = undefined;
    await act(ctx, () => perform(ctx, step));
    if (ctx.actionError && !step.expect?.error) return fail(`step ${index + 1}: ${ctx.actionError}`);
    const problem = await verify(ctx, step.expect, `step ${index + 1}`);
    if (problem) return fail(problem);
  }
  return { ok: true };
}

interface RunContext {
  readonly t: TestEngine;
  readonly processId: string;
  mainId: string | undefined;
  actionError: string | undefined;
}

async function act(ctx: RunContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ZhifaError)) throw error;
    ctx.actionError = `${error.code}: ${error.message}`;
  }
}

async function perform(ctx: RunContext, step: Step): Promise<void> {
  const { t } = ctx;
  if (step.complete !== undefined) return completeActivity(ctx, step.complete, step.variables);
  if (step.trigger !== undefined) {
    const found = await findWaiting(ctx, step.trigger);
    if (!found) throw new Error(`nothing waits at '${step.trigger}'`);
    return t.engine.triggerReceiveTask(found.instanceId, found.elementInstanceId);
  }
  if (step.message !== undefined) {
    await t.engine.correlateMessage({ name: step.message, correlationKey: step.correlationKey, variables: step.variables });
  } else if (step.signal !== undefined) {
    await t.engine.broadcastSignal({ name: step.signal, variables: step.variables });
  } else if (step.advanceTime !== undefined) {
    await t.advance(step.advanceTime);
  } else if (step.setTime !== undefined) {
    await t.setTime(step.setTime);
  } else if (step.setVariables !== undefined) {
    const owner = step.on === undefined ? ctx.mainId : (await findWaiting(ctx, step.on))?.instanceId;
    if (owner === undefined) throw new Error(`no instance for setVariables${step.on ? ` on '${step.on}'` : ''}`);
    await t.engine.setVariables(owner, step.setVariables);
  } else if (step.startProcess !== undefined) {
    await t.engine.startProcess(step.startProcess, { variables: step.variables ?? {} });
  } else {
    throw new Error(`step has no known action: ${JSON.stringify(step)}`);
  }
  await adoptMainInstance(ctx);
}

async function completeActivity(ctx: RunContext, activityId: string, variables: JsonObject | undefined): Promise<void> {
  const { t } = ctx;
  for (const instanceId of await family(ctx)) {
    const [task] = await t.store.listTasks({ instanceId, elementId: activityId });
    if (task) {
      if (variables) await t.engine.setVariables(instanceId, variables);
      return t.engine.completeTask(task.id);
    }
    const job = (await t.store.listJobs({ instanceId })).find((j) => j.elementId === activityId);
    if (job) return t.engine.completeJob(job.id, variables);
  }
  throw new Error(`no task or job waits at '${activityId}'`);
}

/** Main instance plus every instance it called (transitively). */
export async function family(ctx: { t: TestEngine; mainId: string | undefined }): Promise<string[]> {
  if (ctx.mainId === undefined) return [];
  const out = [ctx.mainId];
  for (let i = 0; i < out.length; i++) {
    for (const child of await ctx.t.store.listInstances({ parentInstanceId: out[i] })) out.push(child.id);
  }
  return out;
}

async function findWaiting(ctx: RunContext, elementId: string): Promise<{ instanceId: string; elementInstanceId: string } | undefined> {
  for (const instanceId of await family(ctx)) {
    const record = await ctx.t.store.findInstance(instanceId);
    if (!record) continue;
    const state = readInstanceState(record.state);
    const model = await ctx.t.engine.modelOf(record.definitionId);
    const found = waitingElements(state, model).find((e) => e.elementId === elementId && e.status === 'waiting');
    if (found) return { instanceId, elementInstanceId: found.id };
  }
  return undefined;
}

/** For `deploy` cases the main instance is the first instance of the case's process. */
async function adoptMainInstance(ctx: RunContext): Promise<void> {
  if (ctx.mainId !== undefined) return;
  const [first] = await ctx.t.store.listInstances({ processId: ctx.processId });
  if (first) ctx.mainId = first.id;
}

async function verify(ctx: RunContext, expect: Expect | undefined, where: string): Promise<string | undefined> {
  if (!expect) return undefined;
  await adoptMainInstance(ctx);
  const observed: Observed = await observe(ctx.t, ctx.mainId, await family(ctx), ctx.actionError);
  const problems = checkExpectations(expect, observed);
  return problems.length ? `${where}: ${problems.join('; ')}` : undefined;
}

function fail(reason: string): CaseResult {
  return { ok: false, reason };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
