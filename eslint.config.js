// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

const ambientTimeAndRandomness = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'The kernel is deterministic: use ctx.now.' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The kernel is deterministic: use ctx.now.' },
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'The kernel is deterministic: use ctx.newId.' },
  { selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate|queueMicrotask)$/]", message: 'No timers in the kernel: emit a timer effect.' },
  { selector: "Identifier[name='process']", message: 'No process access in the kernel.' },
  { selector: "CallExpression[callee.name='eval'], NewExpression[callee.name='Function']", message: 'Never evaluate code.' },
];

/** Packages of ours a package may import (ARCHITECTURE.md: dependencies point one way). */
const allowed = {
  engine: [],
  'api-types': [],
  testing: ['engine'],
  'store-postgres': ['engine'],
  'timers-bullmq': ['engine'],
  server: ['engine', 'api-types', 'store-postgres', 'timers-bullmq'],
  web: ['api-types', 'engine'],
};
const all = Object.keys(allowed);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-artifacts/**', 'coverage/**', 'packages/web/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['@zhifa/*/src', '@zhifa/*/src/**', '**/packages/*/src/**'], message: 'Import another package by its name, never its src/.' }] }],
    },
  },
  ...all.map((pkg) => ({
    files: [`packages/${pkg}/**/*.ts`, `packages/${pkg}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@zhifa/*/src', '@zhifa/*/src/**', '**/packages/*/src/**'], message: 'Import another package by its name, never its src/.' },
          ...all.filter((p) => p !== pkg && !allowed[/** @type {keyof typeof allowed} */ (pkg)].includes(p))
            .map((p) => ({ group: [`@zhifa/${p}`], message: `${pkg} may not depend on ${p} (see ARCHITECTURE.md).` })),
        ],
      }],
    },
  })),
  {
    // The kernel: pure, deterministic, no I/O. Tests beside it may use Node.
    files: ['packages/engine/src/**/*.ts'],
    ignores: ['packages/engine/src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...ambientTimeAndRandomness],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate', 'fetch', 'require', 'Buffer'],
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'No Node built-ins in the kernel.' },
          { group: ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'vm', 'worker_threads'], message: 'No I/O in the kernel.' },
          { group: ['typeorm', 'pg', 'bullmq', 'ioredis', 'express', 'nodemailer', 'redis'], message: 'No database, queue or HTTP in the kernel.' },
          { group: ['@zhifa/*'], message: 'The engine depends on no other package of ours.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Adapters' tests run the port contract suites and in-memory fixtures of @zhifa/testing.
    files: ['packages/store-postgres/**/*.test.ts', 'packages/timers-bullmq/**/*.test.ts', 'packages/server/**/*.test.ts', 'packages/server/**/*.test-support.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@zhifa/*/src', '@zhifa/*/src/**', '**/packages/*/src/**'], message: 'Import another package by its name, never its src/.' }],
      }],
    },
  },
);
