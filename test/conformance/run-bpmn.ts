/**
 * `npm run conformance -- [dir …]`: runs BPMN conformance corpora (default: ../shared/conformance from
 * the repository root). Prints `PASS id` / `FAIL id: why` per case and `N passed, N failed` last; exits 1
 * on any failure.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCorpus } from './bpmn-corpus.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs = process.argv.slice(2).filter((a) => a !== '--');
const targets = dirs.length ? dirs.map((d) => resolve(d)) : [resolve(repoRoot, '..', 'shared', 'conformance')];

let passed = 0;
let failed = 0;
for (const dir of targets) {
  await runCorpus(dir, ({ id, result }) => {
    if (result.ok) {
      passed += 1;
      console.log(`PASS ${id}`);
    } else {
      failed += 1;
      console.log(`FAIL ${id}: ${result.reason.split('\n').slice(0, 4).join(' | ')}`);
    }
  });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
