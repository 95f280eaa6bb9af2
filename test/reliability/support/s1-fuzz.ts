/** The S1 loop shared by the CI test (well-formed mutations) and the pending syntax-mutation test. */
import { compileBpmn, ZhifaError } from '@zhifa/engine';
import { loadBpmnSources } from './bpmn-sources.js';
import type { Mutation } from './bpmn-mutator.js';
import { mutate } from './bpmn-mutator.js';
import { Prng } from './prng.js';

export interface FuzzReport {
  readonly sources: number;
  readonly tally: Readonly<Record<string, number>>;
  /** Non-Zhifa exceptions, empty messages and compilations over 1 s. */
  readonly failures: readonly string[];
  readonly slowestMs: number;
}

export async function fuzzCompile(cases: number, seed: number, mutations: readonly Mutation[]): Promise<FuzzReport> {
  const sources = loadBpmnSources();
  const rng = new Prng(seed);
  const failures: string[] = [];
  const tally: Record<string, number> = {};
  let slowestMs = 0;
  for (let i = 0; i < cases; i++) {
    const source = rng.pick(sources);
    let xml = source.xml;
    const applied = Array.from({ length: rng.int(1, 3) }, () => rng.pick(mutations));
    for (const m of applied) xml = mutate(rng, xml, m);
    const started = performance.now();
    let outcome: string;
    try {
      await compileBpmn(xml);
      outcome = 'compiled';
    } catch (error) {
      outcome = error instanceof ZhifaError && error.message.trim().length > 0 ? error.code : 'crash';
      if (outcome === 'crash') {
        const what = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : String(error);
        failures.push(`#${i} ${source.name} [${applied.join(',')}]: ${what}`);
      }
    }
    const ms = performance.now() - started;
    slowestMs = Math.max(slowestMs, ms);
    if (ms > 1000) failures.push(`#${i} ${source.name} [${applied.join(',')}]: took ${Math.round(ms)} ms`);
    tally[outcome] = (tally[outcome] ?? 0) + 1;
  }
  return { sources: sources.length, tally, failures, slowestMs };
}
