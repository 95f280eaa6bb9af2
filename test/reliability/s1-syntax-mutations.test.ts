/**
 * S1 with mutations that break XML syntax
 * (truncation, random bytes, swapped or dropped tags): `compileBpmn` either compiles or throws a ZhifaError
 * (an unreadable document is a DeployError with the line and column the parser stopped at), never a plain
 * Error — so the `zhifa deploy` CLI and the deployment of processes/ at boot report it like the HTTP route.
 */
import { describe, expect, it } from 'vitest';
import { SYNTAX_MUTATIONS } from './support/bpmn-mutator.js';
import { fuzzCompile } from './support/s1-fuzz.js';

describe('S1 syntax-breaking mutations at compile', () => {
  it('given 1,000 models with broken XML syntax, when compiled, then each compiles or fails with a ZhifaError', async () => {
    const r = await fuzzCompile(1000, 11, SYNTAX_MUTATIONS);
    console.log(`S1 (syntax): 1000 models → ${JSON.stringify(r.tally)}; ${r.failures.length} crashes/slow`);
    expect(r.failures.slice(0, 10)).toEqual([]);
  }, 300_000);
});
