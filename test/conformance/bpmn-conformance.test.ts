import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCorpus } from './bpmn-corpus.js';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'conformance');

describe('BPMN conformance corpus', () => {
  it('given the shared corpus, when every case runs on a fresh in-memory engine, then none fails', async () => {
    const results = await runCorpus(corpus);
    const failures = results.filter((r) => !r.result.ok).map((r) => `${r.id}: ${r.result.ok ? '' : r.result.reason}`);
    expect(results.length).toBeGreaterThanOrEqual(81);
    expect(failures).toEqual([]);
  }, 120_000);
});
