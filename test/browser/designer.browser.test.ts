import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { apiAs, CJK_RENDER_CHECK, login, repoRoot, screenshot, startHarness, type Harness } from './harness.js';

const ASSIGNEE = 'user-wang.wu';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await screenshot(h.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  // close a dialog left open so the next test starts from a usable page
  await h.page.keyboard.press('Escape');
});

afterAll(async () => {
  await h?.close();
});

async function openGroup(groupId: string): Promise<void> {
  const header = h.page.locator(`[data-group-id="group-${groupId}"] .bio-properties-panel-group-header`);
  if (!(await header.evaluate((element: { classList: { contains(name: string): boolean } }) => element.classList.contains('open')))) await header.click();
}

/** Selects a shape unless it is selected already (a second click would toggle the selection off). */
async function select(shape: Locator): Promise<void> {
  if (!((await shape.getAttribute('class')) ?? '').split(' ').includes('selected')) await shape.click();
  await h.page.locator('.djs-context-pad.open').waitFor();
}

/** Clicks the context-pad entry of the selected element. */
async function contextPad(action: string): Promise<void> {
  await h.page.locator(`.djs-context-pad.open .entry[data-action="${action}"]`).click();
}

describe('process designer in Chromium', () => {
  it('logs in as the demo analyst, in Chinese, with CJK glyphs really rendered', async () => {
    // given the login page
    await h.page.goto('/');
    await h.page.getByTestId('login-form').waitFor();
    await screenshot(h.page, '01-login');
    // then its text is Chinese and the glyphs are not tofu boxes
    expect(await h.page.locator('h1').textContent()).toBe('登录');
    const fonts = await h.page.evaluate(CJK_RENDER_CHECK) as { fontAvailable: boolean; distinct: boolean };
    expect(fonts).toEqual({ fontAvailable: true, distinct: true });
    // when the analyst logs in
    await login(h.page, 'analyst');
    // then the (empty) process list is shown with the shared navigation
    await h.page.getByTestId('processes-empty').waitFor();
    expect(await h.page.getByTestId('nav-processes').textContent()).toBe('流程列表');
    await screenshot(h.page, '02-process-list-empty');
  });

  it('draws start → user task → end, sets assignee, working-day deadline and a new form, deploys version 1', async () => {
    const { page } = h;
    // given a new diagram in the modeler
    await page.getByTestId('new-process').click();
    await page.locator('.djs-palette').waitFor();
    const canvas = page.getByTestId('canvas');
    const box = (await canvas.boundingBox())!;
    // when a start event is created from the palette and a user task and an end event are appended
    await page.locator('.djs-palette .entry[data-action="create.start-event"]').click();
    await page.mouse.click(box.x + 200, box.y + 200);
    await contextPad('append.append-task');
    await page.keyboard.type('法制审核');
    await page.mouse.click(box.x + 600, box.y + 500);
    const task = page.locator('.djs-shape[data-element-id^="Activity_"]').first();
    await select(task);
    await contextPad('replace');
    await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
    const userTask = page.locator('.djs-shape[data-element-id^="Activity_"]').first();
    await select(userTask);
    await contextPad('append.end-event');
    const events = page.locator('.djs-shape[data-element-id^="Event_"]');
    expect(await events.count()).toBe(2);
    // and undo (toolbar) and redo (keyboard shortcut on the focused canvas) work through the command stack
    await page.getByTestId('undo').click();
    await expect.poll(() => events.count()).toBe(1);
    await page.locator('[data-testid="canvas"] .djs-container > svg').focus();
    await page.keyboard.press('Control+y');
    await expect.poll(() => events.count()).toBe(2);
    await select(userTask);
    // and the assignee and a working-day time limit are set in the properties panel
    await openGroup('assignmentDefinition');
    await page.locator('[data-group-id="group-assignmentDefinition"] .bio-properties-panel-entry').first()
      .locator('input, textarea').first().fill(ASSIGNEE);
    await openGroup('zhifa-deadline');
    const duration = page.locator('#bio-properties-panel-zhifa-deadline-duration');
    await duration.fill('五天');
    await expect.poll(() => page.locator('[data-entry-id="zhifa-deadline-duration"] .bio-properties-panel-error').textContent())
      .toContain('ISO 8601');
    await duration.fill('P5D');
    await page.locator('#bio-properties-panel-zhifa-deadline-calendar').selectOption('working');
    await page.locator('#bio-properties-panel-zhifa-reminder-before').fill('P1D');
    // and a new form is attached and edited in the form designer
    await openGroup('zhifa-form');
    await page.getByTestId('form-create').click();
    await page.getByTestId('form-dialog').locator('.fjs-editor-container').waitFor();
    await screenshot(page, '04-form-designer-dialog');
    await page.getByTestId('form-tab-preview').click();
    await page.getByTestId('form-preview').locator('.fjs-form').waitFor();
    expect(await page.getByTestId('form-preview').textContent()).toContain('审批意见');
    await page.getByTestId('dialog-done').click();
    await select(userTask);
    await screenshot(page, '03-modeler');
    // then the lint marks no error on the user task
    expect(await page.locator('.bjsl-overlay .bjsl-icon-error').count()).toBe(0);
    // and the token simulation can be switched on and off (its controls translated too)
    await page.locator('.bts-toggle-mode').click();
    await page.locator('.djs-container.simulation, .simulation .djs-container, .simulation').first().waitFor();
    expect(await page.locator('.bts-toggle-mode').textContent()).toContain('令牌模拟');
    await page.locator('.bts-toggle-mode').click();
    // and the diagram exports as a PNG image
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const png = await readFile((await download.path())!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // when deploying, after the side-by-side diff
    await page.getByTestId('deploy').click();
    await page.getByTestId('diff-dialog').waitFor();
    expect(await page.getByTestId('diff-summary').textContent()).toContain('第 1 版');
    await screenshot(page, '05-diff');
    await page.getByTestId('dialog-deploy').click();
    // then the server accepted version 1
    await expect.poll(() => page.getByTestId('modeler-status').textContent()).toContain('第 1 版');
    // and the process list shows version 1
    await page.getByTestId('nav-processes').click();
    await page.getByTestId('definition-version').first().waitFor();
    expect(await page.getByTestId('definition-version').allTextContents()).toEqual(['第 1 版']);
    await screenshot(page, '06-process-list');
    // and the deployed XML carries the zhifa deadline and the form link
    const definitions = await apiAs(h.zhifa, 'analyst', 'GET', '/api/process-definitions');
    const [definition] = definitions.json as { id: string; key: string }[];
    const xml = await fetch(`${h.zhifa.url}/api/process-definitions/${definition!.id}/xml`, {
      headers: { authorization: `Bearer ${await tokenOf('analyst')}` },
    }).then((response) => response.text());
    expect(xml).toMatch(/<zhifa:deadline duration="P5D" calendar="working">/);
    expect(xml).toMatch(/<zeebe:formDefinition formId="Form_Activity_/);
    // and a started instance gives the assignee the first task
    const started = await apiAs(h.zhifa, 'admin', 'POST', `/api/process-definitions/key/${definition!.key}/start`, {});
    expect(started.status).toBe(201);
    const tasks = await apiAs(h.zhifa, 'wang.wu', 'GET', '/api/tasks?assignee=me');
    expect((tasks.json as { name: string | null }[]).map((t) => t.name)).toEqual(['法制审核']);
  });

  it('opens version 1 from the list, shows what changed in the diff, and deploys version 2', async () => {
    const { page } = h;
    // given version 1 opened from the process list
    await page.getByTestId('nav-processes').click();
    // (its .bpmn downloads from the list)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('definition-row').locator('button').first().click()]);
    expect(download.suggestedFilename()).toMatch(/-v1\.bpmn$/);
    expect(await readFile((await download.path())!, 'utf8')).toContain('法制审核');
    await page.getByTestId('definition-row').locator('a').first().click();
    const userTask = page.locator('.djs-shape[data-element-id^="Activity_"]').first();
    await userTask.waitFor();
    // when the task is renamed and the diagram deployed
    await select(userTask);
    await openGroup('general');
    await page.locator('#bio-properties-panel-name').fill('法制审核（修订）');
    // and candidates are set by organisation: the upper-level unit's legal affairs office
    await openGroup('zhifa-assignment');
    await page.locator('#bio-properties-panel-zhifa-assignment-relation').selectOption('upper');
    await page.locator('#bio-properties-panel-zhifa-assignment-section').selectOption('legal-affairs');
    await page.getByTestId('deploy').click();
    // then the diff shows version 1 beside the draft with one changed element
    await page.getByTestId('diff-dialog').waitFor();
    await expect.poll(() => page.getByTestId('diff-summary').textContent()).toContain('修改 1 个');
    expect(await page.locator('[data-testid="diff-dialog"] .zf-diff-changed').count()).toBe(2);
    expect(await page.getByTestId('diff-changes').textContent()).toContain('name: 法制审核 → 法制审核（修订）');
    await screenshot(page, '05b-diff-v2');
    await page.getByTestId('dialog-deploy').click();
    await expect.poll(() => page.getByTestId('modeler-status').textContent()).toContain('第 2 版');
    // and the engine accepted the organisation rule as written by the panel
    const definitions = await apiAs(h.zhifa, 'analyst', 'GET', '/api/process-definitions');
    const v2 = (definitions.json as { id: string; version: number }[]).find((definition) => definition.version === 2);
    const xml = await fetch(`${h.zhifa.url}/api/process-definitions/${v2!.id}/xml`, {
      headers: { authorization: `Bearer ${await tokenOf('analyst')}` },
    }).then((response) => response.text());
    expect(xml).toMatch(/<zhifa:assignment relation="upper" section="legal-affairs" \/>/);
  });

  it('marks the element the server rejects (an unsupported complex gateway) on the canvas', async () => {
    const { page } = h;
    // given a diagram with a complex gateway opened from a file
    await page.getByTestId('nav-modeler').click();
    await page.locator('.djs-palette').waitFor();
    const fixture = await readFile(path.join(repoRoot, 'test/browser/fixtures/Unsupported.complex-gateway.bpmn'));
    await page.getByTestId('open-file-input').setInputFiles({ name: 'unsupported.bpmn', mimeType: 'application/xml', buffer: fixture });
    await page.locator('.djs-shape[data-element-id="Complex_1"]').waitFor();
    // then the lint already flags it while drawing
    await page.locator('.djs-overlays[data-container-id="Complex_1"] .bjsl-overlay').waitFor();
    // when it is deployed anyway, past the lint warning of the diff dialog
    await page.getByTestId('deploy').click();
    expect(await page.getByTestId('diff-lint-warning').textContent()).toContain('1 个错误');
    await page.getByTestId('dialog-deploy').click();
    // then the server's 422 marks the element and shows the message
    const overlay = page.locator('[data-testid="deploy-problem-overlay"][data-element-id="Complex_1"]');
    await overlay.waitFor();
    expect(await page.locator('.djs-shape[data-element-id="Complex_1"]').getAttribute('class')).toContain('zf-deploy-problem');
    expect(await page.getByTestId('deploy-problems').textContent()).toContain('Complex_1');
    await screenshot(page, '07-deploy-rejected');
  });

  it('creates a form in the form designer, previews it and deploys it as a .form resource', async () => {
    const { page } = h;
    // given the form designer page
    await page.getByTestId('nav-forms').click();
    // when a new form is created
    await page.getByTestId('new-form-id').fill('review-opinion');
    await page.getByTestId('new-form').click();
    await page.locator('.fjs-editor-container').waitFor();
    // then the form editor's palette speaks Chinese
    expect(await page.locator('.fjs-palette-container').textContent()).toContain('单行文本');
    await screenshot(page, '08-form-designer');
    // and the preview renders the form with the viewer
    await page.getByTestId('form-tab-preview').click();
    await page.getByTestId('form-preview').locator('.fjs-form').waitFor();
    expect(await page.getByTestId('form-preview').textContent()).toContain('审批结果');
    // when it is deployed
    await page.getByTestId('deploy-form').click();
    // then the server has a deployment of that form
    await expect.poll(() => page.getByTestId('form-status').textContent()).toContain('review-opinion');
    const deployments = await apiAs(h.zhifa, 'analyst', 'GET', '/api/deployments');
    expect((deployments.json as { name: string }[]).map((deployment) => deployment.name)).toContain('review-opinion');
  });

  it('keeps unsaved edits across a language switch and translates the properties panel', async () => {
    const { page } = h;
    // given a new diagram with one start event drawn
    await page.getByTestId('nav-modeler').click();
    await page.getByTestId('new-diagram').click();
    const box = (await page.getByTestId('canvas').boundingBox())!;
    await page.locator('.djs-palette .entry[data-action="create.start-event"]').click();
    await page.mouse.click(box.x + 300, box.y + 250);
    const events = page.locator('.djs-shape[data-element-id^="Event_"]');
    expect(await events.count()).toBe(1);
    await page.mouse.click(box.x + 700, box.y + 500);
    await expect.poll(() => page.locator('.bio-properties-panel-header-type').textContent()).toBe('流程');
    // when switching to English
    await page.getByTestId('lang-switch').click();
    // then the page is rebuilt in English with the drawn event still there
    await expect.poll(() => page.getByTestId('nav-modeler').textContent()).toBe('Process designer');
    await page.locator('.djs-palette').waitFor();
    expect(await events.count()).toBe(1);
    await page.mouse.click(box.x + 700, box.y + 500);
    await expect.poll(() => page.locator('.bio-properties-panel-header-type').textContent()).toBe('Process');
    await screenshot(page, '09-modeler-en');
    // and switching back gives Chinese again
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-modeler').textContent()).toBe('流程设计器');
  });

  it('shows the designer read-only to staff', async () => {
    const { page } = h;
    // given a staff member logged in
    await page.getByTestId('logout').click();
    await login(page, 'wang.wu');
    // when opening the designer
    await page.getByTestId('nav-modeler').click();
    await page.getByTestId('read-only-notice').waitFor();
    // then there is no palette, no properties panel and no deploy button
    expect(await page.locator('.djs-palette').count()).toBe(0);
    expect(await page.getByTestId('properties-panel').count()).toBe(0);
    expect(await page.getByTestId('deploy').count()).toBe(0);
    await screenshot(page, '10-modeler-read-only');
  });

  it('switches to English and keeps the choice across a reload', async () => {
    const { page } = h;
    // given the form designer page in Chinese
    await page.getByTestId('nav-forms').click();
    await page.locator('.zf-form-list h2').waitFor();
    await screenshot(page, '11-forms-page-staff');
    // when switching the language
    await page.getByTestId('lang-switch').click();
    // then the navigation is English, also after a reload
    await expect.poll(() => page.getByTestId('nav-processes').textContent()).toBe('Processes');
    await page.reload();
    await page.getByTestId('nav-processes').waitFor();
    expect(await page.getByTestId('nav-processes').textContent()).toBe('Processes');
    expect(await page.getByTestId('lang-switch').textContent()).toBe('中文');
    await screenshot(page, '12-forms-page-en');
    // and switching back restores Chinese
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-processes').textContent()).toBe('流程列表');
  });
});

async function tokenOf(username: string): Promise<string> {
  const response = await fetch(`${h.zhifa.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'browser-demo-pass-1' }),
  });
  return ((await response.json()) as { token: string }).token;
}
