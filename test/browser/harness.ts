import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startZhifa, type RunningZhifa } from '@zhifa/server';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'browser');
export const DATABASE_URL = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DEMO_PASSWORD = 'browser-demo-pass-1';
const CHROMIUM = process.env['ZHIFA_CHROMIUM'] ?? '/usr/bin/chromium';

export interface Harness {
  readonly zhifa: RunningZhifa;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly schema: string;
  close(): Promise<void>;
}

/** Starts the real server on a fresh schema and a fresh Chromium profile; `close` undoes both. */
export async function startHarness(): Promise<Harness> {
  const webIndex = path.join(repoRoot, 'packages/web/dist/index.html');
  if (!existsSync(webIndex)) throw new Error('packages/web/dist is missing: run `npm run build:web` first (npm run test:browser does)');
  mkdirSync(artifactsDir, { recursive: true });
  const schema = `browser_${Math.random().toString(36).slice(2, 10)}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zhifa-browser-data-'));
  const zhifa = await startZhifa({
    port: 0, host: '127.0.0.1', databaseUrl: DATABASE_URL, schema, demoPassword: DEMO_PASSWORD, processesDir: false, dataDir,
    // the server's request log would drown the test output; warnings and errors still show
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'warn' }),
  });
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'zhifa-chromium-'));
  const errors: string[] = [];
  const cleanup = async () => {
    await rm(userDataDir, { recursive: true, force: true });
    await zhifa.close();
    await rm(dataDir, { recursive: true, force: true });
    await dropSchema(schema);
    if (errors.length) console.warn('page errors:', errors);
  };
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      baseURL: zhifa.url, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true,
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    page.setDefaultTimeout(15_000);
    return {
      zhifa, context, page, schema,
      async close() {
        await context.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    // BullMQ's PostgreSQL backend keeps its tables in a sibling schema.
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_bullmq" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function login(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-form').locator('input[name=username]').fill(username);
  await page.getByTestId('login-form').locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.getByTestId('login-form').locator('button[type=submit]').click();
  await page.getByTestId('nav-user').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

/** Calls the API with a demo user's token, as a second client would. */
export async function apiAs(zhifa: RunningZhifa, username: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const loginResponse = await fetch(`${zhifa.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { token } = await loginResponse.json() as { token: string };
  const response = await fetch(`${zhifa.url}${route}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * Whether CJK glyphs really render: draws two different characters and an unassigned code point on a canvas.
 * If the font were missing, all three would be the same .notdef box and their pixels identical.
 */
export const CJK_RENDER_CHECK = `(() => {
  const draw = (text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 40; canvas.height = 40;
    const ctx = canvas.getContext('2d');
    ctx.font = '32px "WenQuanYi Micro Hei", sans-serif';
    ctx.fillText(text, 2, 32);
    return Array.from(ctx.getImageData(0, 0, 40, 40).data).join(',');
  };
  const zhi = draw('执'), fa = draw('法'), tofu = draw('\\u{10FFFD}');
  return { fontAvailable: document.fonts.check('16px "WenQuanYi Micro Hei"'), distinct: zhi !== fa && zhi !== tofu && fa !== tofu };
})()`;
