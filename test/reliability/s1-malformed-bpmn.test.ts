/**
 * S1: mutated BPMN (mutations of the real processes and the conformance models). compileBpmn either
 * succeeds or throws a ZhifaError (DeployError / ModelTooLargeError) with a message — never another
 * exception, never a hang (each under 1 s). CI: 1,000 files; `npm run test:fuzz` sets ZHIFA_S1_CASES.
 * Mutations that break the XML syntax itself are in known-broken/s1-syntax-mutations.pending.ts.
 */
import { describe, expect, it } from 'vitest';
import { WELL_FORMED_MUTATIONS } from './support/bpmn-mutator.js';
import { fuzzCompile } from './support/s1-fuzz.js';

const cases = Number(process.env['ZHIFA_S1_CASES'] ?? 1000);

describe('S1 mutated BPMN at compile', () => {
  it(`given ${cases} mutated models, when compiled, then each compiles or fails with a ZhifaError and a message within 1 s`, async () => {
    const r = await fuzzCompile(cases, Number(process.env['ZHIFA_S1_SEED'] ?? 7), WELL_FORMED_MUTATIONS);
    console.log(`S1: ${cases} mutated models (well-formed XML) from ${r.sources} sources → ${JSON.stringify(r.tally)}; ${r.failures.length} crashes/slow; slowest ${Math.round(r.slowestMs)} ms`);
    expect(r.sources).toBeGreaterThan(5);
    expect(r.failures.slice(0, 10)).toEqual([]);
    // The mutations must mostly break models, or the test proves nothing.
    expect(r.tally['MODEL_INVALID'] ?? 0).toBeGreaterThan(cases / 3);
  }, Math.max(300_000, cases * 100));
});
