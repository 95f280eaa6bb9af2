/**
 * Issue 6 gaps in a real Chromium: the due-date trace on hover in 待办, the user picker of 转办, display names in
 * the timeline, and the 一案一码 revoke button of the instance view.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, login, screenshot, startHarness, type Harness } from './harness.js';

/** 法制审核 assigned to 李四, due in 5 working days. */
const REVIEW_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="picker-defs" targetNamespace="http://zhifa.dev/test">
  <bpmn:process id="picker-review" name="转办测试" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toReview" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="法制审核">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="=&quot;user-li.si&quot;" />
        <zhifa:deadline duration="P5D" calendar="working" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const FINES_DMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="picker-fines" name="罚款档次基准" namespace="http://zhifa.test/dmn">
  <decision id="picker-fine-level" name="罚款档次">
    <decisionTable id="picker-fine-level-table" hitPolicy="FIRST">
      <input id="in1" label="金额"><inputExpression id="ie1" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="out1" name="level" typeRef="string" />
      <rule id="any"><inputEntry><text>-</text></inputEntry><outputEntry><text>"一般"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

/** 适用裁量基准 → 生成一案一码 → end: the case code is issued right after the start. */
const CASE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="picker-case-defs" targetNamespace="http://zhifa.test">
  <bpmn:process id="picker-case" name="罚款决定公示" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide" name="适用裁量基准"><bpmn:extensionElements><zeebe:calledDecision decisionId="picker-fine-level" resultVariable="level" /></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="code" />
    <bpmn:serviceTask id="code" name="生成一案一码"><bpmn:extensionElements><zeebe:taskDefinition type="issue-case-code" /><zhifa:caseCode /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="code" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let h: Harness;

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

async function loginAs(username: string): Promise<void> {
  if (h.page.url().startsWith(h.zhifa.url)) await h.page.evaluate('sessionStorage.clear()');
  await login(h.page, username);
  await h.page.waitForURL('**/processes');
}

beforeAll(async () => {
  h = await startHarness();
  const deployed = await apiAs(h.zhifa, 'analyst', 'POST', '/api/deployments', {
    name: 'picker', resources: [{ name: 'review.bpmn', content: REVIEW_XML }, { name: 'fines.dmn', content: FINES_DMN }, { name: 'case.bpmn', content: CASE_XML }],
  });
  expect(deployed.status, JSON.stringify(deployed.json)).toBe(201);
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await screenshot(h.page, `failed-directory-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  await h.page.keyboard.press('Escape');
});

afterAll(async () => {
  await h?.close();
});

describe('directory, names and case codes in Chromium', () => {
  let instanceId: string;
  let taskId: string;

  it('shows how the due date was computed when hovering it in 待办', async () => {
    const started = await apiAs(h.zhifa, 'zhang.san', 'POST', '/api/process-definitions/key/picker-review/start', { businessKey: 'SCJ-2026-PICK' });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    instanceId = String(field(started.json, 'id'));
    const tasks = await apiAs(h.zhifa, 'li.si', 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(instanceId)}`);
    taskId = String(field(Array.isArray(tasks.json) ? tasks.json[0] : undefined, 'id'));
    // given the server's computation of the due date
    const view = await apiAs(h.zhifa, 'li.si', 'GET', `/api/tasks/${taskId}/deadline`);
    const steps = field(view.json, 'steps');
    const trace = field(Array.isArray(steps) ? steps[0] : undefined, 'trace');
    expect(field(trace, 'days')).toBe(5);
    // when 李四 hovers the due date of the task in 待办
    const { page } = h;
    await loginAs('li.si');
    await page.goto('/inbox?view=todo');
    const badge = page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"] [data-testid="deadline"]`);
    await badge.waitFor();
    await badge.hover();
    await page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"] [data-testid="deadline"][data-trace="loaded"]`).waitFor();
    // then its tooltip tells the start, the rule and the due date of that computation, in Chinese
    const title = await badge.getAttribute('title') ?? '';
    expect(title).toContain('期限计算过程');
    expect(title).toContain(`自 ${String(field(trace, 'start'))} 起算（当日不计）：5 个工作日，到期日 ${String(field(trace, 'due'))}`);
    const skipped = field(trace, 'skipped');
    expect(title).toContain(Array.isArray(skipped) && skipped.length > 0 ? `跳过 ${skipped.length} 天` : '未跳过任何日期');
    await screenshot(page, 'directory-01-trace');
  });

  it('transfers the task (转办) to a colleague picked by name, who then sees names in the timeline', async () => {
    const { page } = h;
    // given 李四 on her task
    await page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"] [data-testid="inbox-open"]`).click();
    await page.getByTestId('task-page').waitFor();
    await page.getByTestId('op-transfer').click();
    const dialog = page.getByTestId('op-dialog-transfer');
    const search = dialog.locator('[data-testid="picker-userId"] [data-testid="picker-search"]');
    // when she searches for someone of another bureau, nobody is offered
    await search.fill('赵六');
    await dialog.getByTestId('picker-none').waitFor();
    // when she searches 冯 and picks 冯科长 of her bureau's 法制科
    await search.fill('冯');
    const option = dialog.locator('[data-testid="picker-option"][data-id="user-scjgj-fzk.leader"]');
    await option.waitFor();
    expect(await option.textContent()).toContain('市市场监督管理局 / 法制科');
    await option.click();
    await dialog.locator('[data-testid="picker-chosen"] .zf-chip[data-id="user-scjgj-fzk.leader"]').waitFor();
    await dialog.locator('textarea[name="reason"]').fill('请冯科长办理');
    await screenshot(page, 'directory-02-picker');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    // then the server has the task with 冯科长
    const task = await apiAs(h.zhifa, 'admin', 'GET', `/api/tasks/${taskId}`);
    expect(field(task.json, 'assignee')).toBe('user-scjgj-fzk.leader');
    // and 冯科长 sees himself as assignee and the transfer in the timeline by display names, ids in the titles
    await loginAs('scjgj-fzk.leader');
    await page.goto(`/tasks/${taskId}`);
    await page.getByTestId('task-page').waitFor();
    const assignee = page.getByTestId('task-assignee').locator('.zf-person');
    expect(await assignee.textContent()).toBe('冯科长');
    expect(await assignee.getAttribute('title')).toBe('user-scjgj-fzk.leader');
    const entry = page.locator('[data-testid="timeline-entry"][data-operation="transfer"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('请冯科长办理');
    expect(await entry.locator('[data-testid="timeline-actor"] .zf-person').textContent()).toBe('李四');
    expect(await entry.locator('[data-testid="timeline-actor"] .zf-person').getAttribute('title')).toBe('user-li.si');
    expect(await entry.locator('.zf-person[data-id="user-scjgj-fzk.leader"]').textContent()).toBe('冯科长');
    expect(await entry.textContent()).not.toContain('user-');
    await screenshot(page, 'directory-03-timeline-names');
  });

  it('lets the administrator revoke a case code on the case view, with a reason and a confirmation', async () => {
    const started = await apiAs(h.zhifa, 'zhang.san', 'POST', '/api/process-definitions/key/picker-case/start', {
      variables: { amount: 500, decisionSummary: '警告并罚款五百元' },
    });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    const caseId = String(field(started.json, 'id'));
    // the server's job runner issues the code right after the start commits
    const instance = async () => (await apiAs(h.zhifa, 'zhang.san', 'GET', `/api/process-instances/${caseId}`)).json;
    await expect.poll(async () => field(await instance(), 'state'), { timeout: 10_000 }).toBe('completed');
    const casePath = new URL(String(field(field(await instance(), 'variables'), 'caseCodeUrl'))).pathname;
    // given the administrator on the case view, the code listed as valid
    const { page } = h;
    await loginAs('admin');
    await page.goto(`/instances/${caseId}`);
    const row = page.getByTestId('case-code-row');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('valid');
    expect(await row.getByTestId('case-code-link').getAttribute('href')).toContain(casePath);
    // when he presses 撤销 and confirms without a reason, the dialog refuses
    await row.getByTestId('case-code-revoke').click();
    const dialog = page.getByTestId('revoke-dialog');
    expect(await dialog.getByTestId('revoke-warning').textContent()).toContain('无法恢复');
    expect(await dialog.getByTestId('dialog-submit').textContent()).toBe('确认撤销');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.getByTestId('dialog-error').waitFor();
    expect(await dialog.getByTestId('dialog-error').textContent()).toContain('撤销理由');
    // when he gives a reason and confirms
    await dialog.locator('textarea[name="reason"]').fill('决定书送达有误');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    // then the code shows as revoked with the reason and who did it, without a revoke button
    await page.locator('[data-testid="case-code-row"][data-state="revoked"]').waitFor();
    const state = await page.getByTestId('case-code-state').textContent();
    expect(state).toContain('已撤销');
    expect(state).toContain('决定书送达有误');
    expect(state).toContain('系统管理员');
    expect(await page.getByTestId('case-code-revoke').count()).toBe(0);
    await screenshot(page, 'directory-04-case-code-revoked');
    // and the public page answers 410
    const response = await fetch(`${h.zhifa.url}${casePath}`);
    expect(response.status).toBe(410);
  });
});
