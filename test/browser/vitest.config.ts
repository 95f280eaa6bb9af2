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
    // No retries: steps wait on what the page shows (test/browser/support/ui.ts), never on fixed delays.
    // The two timeouts once seen on a busy machine had causes: a form-js select toggles its list on
    // mouse-down and also opens it on focus, so a click could close it (now: focus opens it); and after
    // 签收 the test waited on the 办理 button, which the page before the claim may already show (now: the
    // 取消签收 of the page rendered after it).
    retry: 0,
  },
});
