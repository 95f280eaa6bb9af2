/**
 * One R2 run: a random model and a random path, driven on an engine that never restarts and on one that is
 * snapshotted to JSON and reloaded into a fresh store + Engine after every step. Returns the differences.
 */
import { generateModel } from './bpmn-generator.js';
import { applyStep, chooseStep } from './command-driver.js';
import { Prng } from './prng.js';
import { freshEngine, normalisedDump, restore, snapshot } from './restartable-engine.js';

export interface RunResult {
  readonly seed: number;
  readonly steps: number;
  readonly differences: readonly string[];
  /** Outcome codes seen (ok, STALE_STATE, ...), for the coverage report. */
  readonly outcomes: Readonly<Record<string, number>>;
}

const START = '2026-03-02T01:00:00.000Z';

export async function runR2(seed: number, maxSteps: number): Promise<RunResult> {
  const rng = new Prng(seed);
  const model = generateModel(rng, seed);
  const steady = freshEngine(START);
  let restarted = freshEngine(START);
  const differences: string[] = [];
  const outcomes: Record<string, number> = {};
  const deployA = await steady.engine.deploy(model.xml).then(() => 'ok', (e: unknown) => `deploy failed: ${String(e)}`);
  const deployB = await restarted.engine.deploy(model.xml).then(() => 'ok', (e: unknown) => `deploy failed: ${String(e)}`);
  if (deployA !== 'ok' || deployB !== 'ok') return { seed, steps: 0, differences: [`seed ${seed}: ${deployA}`], outcomes };
  let started = 0;
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    const step = await chooseStep(rng, steady, model.processId, started);
    if (!step) break;
    if (step.type === 'start') started += 1;
    const a = await applyStep(steady, model.processId, step);
    const b = await applyStep(restarted, model.processId, step);
    outcomes[a] = (outcomes[a] ?? 0) + 1;
    if (a.startsWith('crash:')) differences.push(`seed ${seed} step ${steps} ${step.type}: engine crashed: ${a}`);
    if (a !== b) differences.push(`seed ${seed} step ${steps} ${JSON.stringify(step)}: outcome ${a} vs ${b} after restart`);
    restarted = await restore(await snapshot(restarted));
    const [dumpA, dumpB] = [await normalisedDump(steady), await normalisedDump(restarted)];
    if (dumpA !== dumpB) {
      differences.push(`seed ${seed} step ${steps} ${JSON.stringify(step)}: state differs after restart (${firstDifference(dumpA, dumpB)})`);
      break;
    }
  }
  return { seed, steps, differences, outcomes };
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at char ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}
