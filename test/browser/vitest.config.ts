import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser end-to-end tests: the real server in-process, real Chromium, one file at a time. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    // Real Chromium against a real server on a shared 2-core machine: a step that times out once (a
    // dropdown that did not open, a page that rendered late) is run again, up to twice; a real failure
    // fails all three times.
    retry: 2,
  },
});
