import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS, runConformance } from './run-dmn.js';

interface IndexEntry {
  readonly folder: string;
  readonly testCases: number;
}

describe('DMN TCK conformance (../shared/conformance-dmn)', () => {
  it('given the whole corpus, when run like `npm run conformance:dmn`, then every test case passes', async () => {
    const index: IndexEntry[] = JSON.parse(readFileSync(join(DEFAULT_CORPUS, 'index.json'), 'utf8'));
    const expectedCases = index.reduce((sum, entry) => sum + entry.testCases, 0);

    const results = await runConformance([DEFAULT_CORPUS]);

    expect(results.filter((result) => !result.passed)).toEqual([]);
    expect(results).toHaveLength(expectedCases);
  });
});
