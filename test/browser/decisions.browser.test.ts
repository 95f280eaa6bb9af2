import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startZhifa, type RunningZhifa } from '@zhifa/server';
import { artifactsDir, CJK_RENDER_CHECK, DATABASE_URL, DEMO_PASSWORD, login, repoRoot, screenshot } from './harness.js';


const BENCHMARK = path.join(repoRoot, 'processes/penalty-discretion-benchmark.dmn');
const AGGRAVATED_ROW = 'no-harm-aggravated-under-10k';

/** A table whose second rule has an input entry that is not FEEL: the server refuses it naming that rule. */
const brokenTable = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="broken-definitions" name="有错误的基准" namespace="http://zhifa.test/dmn">
  <decision id="broken" name="有错误的决策">
    <decisionTable id="broken-table" hitPolicy="UNIQUE">
      <input id="broken-amount" label="金额"><inputExpression id="broken-amount-expr" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="broken-level" name="level" typeRef="string" />
      <rule id="fine-rule"><inputEntry id="fine-rule-in"><text>&lt; 100</text></inputEntry><outputEntry id="fine-rule-out"><text>"低"</text></outputEntry></rule>
      <rule id="bad-rule"><inputEntry id="bad-rule-in"><text>&gt;= (100</text></inputEntry><outputEntry id="bad-rule-out"><text>"高"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

let zhifa: RunningZhifa;
let context: BrowserContext;
let page: Page;
let schema: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  schema = `browser_dec_${Math.random().toString(36).slice(2, 10)}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zhifa-browser-data-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  zhifa = await startZhifa({
    port: 0, host: '127.0.0.1', databaseUrl: DATABASE_URL, schema, demoPassword: DEMO_PASSWORD, processesDir: false, dataDir,
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'warn' }),
  });
  cleanups.unshift(() => zhifa.close());
  await zhifa.deployFiles([BENCHMARK]);
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'zhifa-chromium-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env['ZHIFA_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    baseURL: zhifa.url, viewport: { width: 1600, height: 1000 }, locale: 'zh-CN',
  });
  cleanups.unshift(() => context.close());
  page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15_000);
});

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') await screenshot(page, `decisions-failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.warn('cleanup failed', error));
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_bullmq" CASCADE`);
  } finally {
    await client.end();
  }
});

/** The cell's computed background (the test tsconfig has no DOM lib, so the browser global is typed here). */
function background(cell: Locator): Promise<string> {
  return cell.evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor);
}

async function choose(variable: string, value: string): Promise<void> {
  const field = page.locator(`[data-testid="try-input"][data-variable="${variable}"]`);
  if ((await field.evaluate((element) => element.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

describe('decision tables in Chromium', () => {
  it('shows the deployed benchmark to the analyst, in Chinese, in the dmn-js table editor', async () => {
    // given the analyst logged in
    await login(page, 'analyst');
    // when they open 决策表 from the navigation
    const nav = page.getByTestId('nav-decisions');
    expect(await nav.textContent()).toBe('决策表');
    await nav.click();
    // then the benchmark is listed and opened as version 1 in the decision table editor
    const group = page.locator('[data-testid="decision-group"][data-key="penalty-discretion-benchmark-definitions"]');
    await group.waitFor();
    expect(await group.textContent()).toContain('市场监管行政处罚裁量基准');
    await page.locator('.dmn-decision-table-container').waitFor();
    expect(await page.getByTestId('dmn-open-info').textContent()).toContain('第 1 版');
    // and dmn-js speaks Chinese: the hit policy label and the data types come from our dictionary
    const head = await page.locator('.dmn-decision-table-container').textContent();
    expect(head).toContain('命中策略');
    expect(head).toContain('唯一（Unique）');
    expect(head).toContain('货值金额（元）');
    expect(head).not.toContain('Hit policy');
    // the analyst edits: the cells are editable
    expect(await page.locator('.dmn-decision-table-container [contenteditable="true"]').count()).toBeGreaterThan(0);
    const fonts = await page.evaluate(CJK_RENDER_CHECK) as { fontAvailable: boolean; distinct: boolean };
    expect(fonts).toEqual({ fontAvailable: true, distinct: true });
    // the bpmn.io watermark stays (license)
    expect(await page.locator('.dmn-decision-table-container .powered-by, .bjs-powered-by').count()).toBeGreaterThan(0);
    await screenshot(page, 'decisions-01-benchmark-table');
  });

  it('tries a 从重 case: the aggravated row is highlighted and its legal basis shown', async () => {
    // given the try-it form built from the table's seven inputs
    expect(await page.locator('[data-testid="try-input"]').count()).toBe(7);
    // when a case without harm, not corrected, with an aggravating circumstance and goods worth 5000 yuan is tried
    await choose('labelDefectOnly', 'false');
    await choose('firstOffence', 'false');
    await choose('harmLevel', '无危害后果');
    await choose('correctedInTime', 'false');
    await choose('mitigating', 'false');
    await choose('aggravating', 'true');
    await choose('goodsValue', '5000');
    await page.getByTestId('try-submit').click();
    // then the result is 从重处罚 with the 36500–50000 yuan range, from the one matching row
    const result = page.getByTestId('try-result');
    await result.waitFor();
    expect(await result.locator('tr[data-output="level"] td').textContent()).toBe('从重处罚');
    expect(await result.locator('tr[data-output="fineMin"] td').textContent()).toBe('36500');
    expect(await result.locator('tr[data-output="fineMax"] td').textContent()).toBe('50000');
    const matched = page.getByTestId('matched-rule');
    expect(await matched.getAttribute('data-rule-id')).toBe(AGGRAVATED_ROW);
    expect(await page.getByTestId('legal-basis').textContent()).toContain('《中华人民共和国食品安全法》第一百二十五条第一款');
    // and that row is highlighted in the table, and no other
    const cell = page.locator(`.dmn-decision-table-container td[data-row-id="${AGGRAVATED_ROW}"]`).first();
    await cell.scrollIntoViewIfNeeded();
    expect(await background(cell)).toBe('rgb(255, 241, 184)');
    const other = page.locator('.dmn-decision-table-container td[data-row-id="no-harm-corrected"]').first();
    expect(await background(other)).not.toBe('rgb(255, 241, 184)');
    await screenshot(page, 'decisions-02-try-it-matched-row');
  });

  it('deploys an edited file, and a 422 marks the offending rule with the server message', async () => {
    // given a .dmn file opened from disk with a broken input entry in rule bad-rule
    await page.locator('input[type=file]').setInputFiles({ name: 'broken.dmn', mimeType: 'application/xml', buffer: Buffer.from(brokenTable) });
    await page.locator('.dmn-decision-table-container td[data-row-id="bad-rule"]').first().waitFor();
    // when it is deployed
    await page.getByTestId('dmn-deploy').click();
    // then the problem names the rule, and the rule's row is marked red
    const problem = page.locator('[data-testid="dmn-problem"][data-element-id="bad-rule"]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('rule 2');
    expect(await page.getByTestId('dmn-status').textContent()).toContain('服务器拒绝了部署');
    const cell = page.locator('.dmn-decision-table-container td[data-row-id="bad-rule"]').first();
    expect(await background(cell)).toBe('rgb(253, 226, 225)');
    await screenshot(page, 'decisions-03-deploy-rejected');
  });

  it('shows enforcement staff a read-only table they can still try', async () => {
    // given 张三 of the 执法稽查科 (no modelling role)
    await page.getByTestId('logout').click();
    await login(page, 'zhang.san');
    await page.goto('/decisions');
    await page.locator('.dmn-decision-table-container').waitFor();
    // then there is no deploy, the table offers no editing, and the page says why
    expect(await page.getByTestId('dmn-deploy').count()).toBe(0);
    expect(await page.locator('.dmn-decision-table-container [contenteditable="true"]').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('只读');
    // and trying a case still works: corrected in time without harm is 不予处罚
    await choose('labelDefectOnly', 'false');
    await choose('harmLevel', '无危害后果');
    await choose('correctedInTime', 'true');
    await choose('aggravating', 'false');
    await choose('goodsValue', '800');
    await page.getByTestId('try-submit').click();
    await page.getByTestId('try-result').waitFor();
    expect(await page.getByTestId('matched-rule').getAttribute('data-rule-id')).toBe('no-harm-corrected');
    expect(await page.locator('tr[data-output="level"] td').textContent()).toBe('不予处罚');
    await screenshot(page, 'decisions-04-staff-read-only');
  });
});
