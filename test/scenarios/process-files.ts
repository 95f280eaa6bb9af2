/**
 * Shared helpers for the scenario tests of `processes/`: reading the shipped models and forms, deploying
 * them into the in-memory engine, and small drivers (open tasks, complete, read variables, finish jobs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  builtinCalendarData,
  evaluateDecision,
  parseDmn,
  processVariables,
  readInstanceState,
  toJson,
  workingDurationAdder,
  type EngineDeps,
  type JsonObject,
  type JsonValue,
  type TaskRecord,
} from '@zhifa/engine';
import { createTestEngine, type TestEngine } from '@zhifa/testing';

export const PROCESSES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'processes');
export const FORMS_DIR = join(PROCESSES_DIR, 'forms');

/** The shipped process files, by file name (`rectification-ledger.bpmn`). */
export function processFiles(): string[] {
  return readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn')).sort();
}

export function readProcess(file: string): string {
  return readFileSync(join(PROCESSES_DIR, file), 'utf8');
}

export function formIds(): string[] {
  return readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form')).map((f) => f.slice(0, -'.form'.length)).sort();
}

export function readForm(formId: string): unknown {
  return JSON.parse(readFileSync(join(FORMS_DIR, `${formId}.form`), 'utf8'));
}

/**
 * What the server wires into the engine for these processes: the official working-day calendar (工作日,
 * 调休) and the decisions of the shipped DMN files (the legal review's discretion benchmark).
 */
export async function processDeps(): Promise<Partial<EngineDeps>> {
  const dmnFiles = readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.dmn'));
  const models = await Promise.all(dmnFiles.map((f) => parseDmn(readFileSync(join(PROCESSES_DIR, f), 'utf8'))));
  return {
    addWorkingDuration: workingDurationAdder(builtinCalendarData()),
    decisions: (decisionId, variables) => {
      const model = models.find((m) => m.decisions[decisionId] !== undefined);
      if (!model) return { ok: false, error: `no decision '${decisionId}'` };
      const evaluation = evaluateDecision(model, decisionId, variables);
      return evaluation.ok ? { ok: true, result: toJson(evaluation.result) } : { ok: false, error: evaluation.error };
    },
  };
}

/** An engine on in-memory adapters (working-day calendar, shipped decisions) with the given process files deployed. */
export async function engineWith(files: readonly string[], start: string): Promise<TestEngine> {
  const t = createTestEngine({ start, deps: await processDeps() });
  for (const file of files) await t.engine.deploy(readProcess(file));
  return t;
}

export async function tasksAt(t: TestEngine, instanceId: string, elementId: string): Promise<TaskRecord[]> {
  return [...(await t.store.listTasks({ instanceId, elementId }))];
}

/** The single open task at an element (fails the test when there is not exactly one). */
export async function onlyTaskAt(t: TestEngine, instanceId: string, elementId: string): Promise<TaskRecord> {
  const tasks = await tasksAt(t, instanceId, elementId);
  if (tasks.length !== 1) throw new Error(`expected one task at '${elementId}', found ${tasks.length}`);
  return tasks[0]!;
}

export async function completeAt(t: TestEngine, instanceId: string, elementId: string, variables: JsonObject = {}): Promise<TaskRecord> {
  const task = await onlyTaskAt(t, instanceId, elementId);
  await t.engine.completeTask(task.id, variables);
  return task;
}

/** Completes every open job of a type in the instance; returns the variables each job was created with. */
export async function completeJobs(t: TestEngine, instanceId: string, type: string, variables: JsonObject = {}): Promise<JsonObject[]> {
  const jobs = (await t.store.listJobs({ instanceId })).filter((j) => j.type === type);
  for (const job of jobs) await t.engine.completeJob(job.id, variables);
  return jobs.map((j) => j.variables);
}

export async function openJobs(t: TestEngine, instanceId: string, type: string): Promise<JsonObject[]> {
  return (await t.store.listJobs({ instanceId })).filter((j) => j.type === type).map((j) => j.variables);
}

export async function variablesOf(t: TestEngine, instanceId: string): Promise<Record<string, JsonValue>> {
  const record = await t.store.findInstance(instanceId);
  if (!record) throw new Error(`no instance ${instanceId}`);
  return processVariables(readInstanceState(record.state));
}

export async function statusOf(t: TestEngine, instanceId: string): Promise<string | undefined> {
  return (await t.store.findInstance(instanceId))?.status;
}

/** Ids of the elements an instance passed through, in order (from its history). */
export async function completedElements(t: TestEngine, instanceId: string): Promise<string[]> {
  return (await t.store.listHistory(instanceId)).filter((h) => h.type === 'element.completed' && h.elementId).map((h) => h.elementId!);
}

export async function noIncidents(t: TestEngine, instanceId: string): Promise<readonly unknown[]> {
  return t.store.listIncidents({ instanceId });
}
