import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, login, screenshot, startHarness, type Harness } from './harness.js';
import { claimOnPage } from './support/ui.js';

/** start (start form) → 法制审核 (candidate group sfj-fzk = 王五's section, a form, a 5-day deadline) → end */
const PROCESS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="inbox-review-definitions" targetNamespace="http://zhifa.dev/test">
  <bpmn:process id="inbox-review" name="收件箱测试审核" isExecutable="true">
    <bpmn:startEvent id="submitted" name="提交审核">
      <bpmn:extensionElements>
        <zeebe:formDefinition formId="inbox-review-start" />
      </bpmn:extensionElements>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="toReview" sourceRef="submitted" targetRef="legalReview" />
    <bpmn:userTask id="legalReview" name="法制审核">
      <bpmn:extensionElements>
        <zeebe:formDefinition formId="inbox-review-check" />
        <zeebe:assignmentDefinition candidateGroups="=[&quot;sfj-fzk&quot;]" />
        <zhifa:deadline duration="P5D" calendar="calendar" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toDone" sourceRef="legalReview" targetRef="reviewed" />
    <bpmn:endEvent id="reviewed" name="审核完成" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="inbox-review">
      <bpmndi:BPMNShape id="submitted_di" bpmnElement="submitted"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="legalReview_di" bpmnElement="legalReview"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="reviewed_di" bpmnElement="reviewed"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="toReview_di" bpmnElement="toReview"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="toDone_di" bpmnElement="toDone"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
const CHECK_FORM = `{
  "type": "default",
  "id": "inbox-review-check",
  "schemaVersion": 19,
  "components": [
    { "type": "text", "id": "Field_intro", "text": "## 法制审核\\n案件：{{caseTitle}}" },
    { "type": "textfield", "id": "Field_conclusion", "key": "reviewConclusion", "label": "审核结论", "validate": { "required": true } }
  ]
}
`;
const START_FORM = `{
  "type": "default",
  "id": "inbox-review-start",
  "schemaVersion": 19,
  "components": [
    { "type": "textfield", "id": "Field_caseTitle", "key": "caseTitle", "label": "案件名称", "validate": { "required": true } }
  ]
}
`;

/** 承办人填报 (张三) → 法制审核 (sfj-fzk): the reviewer can return the case to the filing step. */
const RETURN_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="inbox-return-definitions" targetNamespace="http://zhifa.dev/test">
  <bpmn:process id="inbox-return" name="退回测试" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toFile" sourceRef="start" targetRef="fileCase" />
    <bpmn:userTask id="fileCase" name="承办人填报">
      <bpmn:extensionElements><zeebe:assignmentDefinition assignee="=&quot;user-zhang.san&quot;" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toReview" sourceRef="fileCase" targetRef="reviewCase" />
    <bpmn:userTask id="reviewCase" name="法制审核">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="=[&quot;sfj-fzk&quot;]" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="reviewCase" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="inbox-return">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="fileCase_di" bpmnElement="fileCase"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="reviewCase_di" bpmnElement="reviewCase"><dc:Bounds x="390" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="542" y="102" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="toFile_di" bpmnElement="toFile"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="toReview_di" bpmnElement="toReview"><di:waypoint x="340" y="120" /><di:waypoint x="390" y="120" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="toEnd_di" bpmnElement="toEnd"><di:waypoint x="490" y="120" /><di:waypoint x="542" y="120" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

/** 会签: every signer in `signers` gets one task (mode all), then 签发 by the bureau leader. */
const SIGN_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:zhifa="http://zhifa.dev/schema/bpmn/1.0" id="inbox-sign-definitions" targetNamespace="http://zhifa.dev/test">
  <bpmn:process id="inbox-sign" name="会签测试" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toSign" sourceRef="start" targetRef="countersign" />
    <bpmn:userTask id="countersign" name="会签"><bpmn:extensionElements><zhifa:signMode mode="all" candidates="signers" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="toIssue" sourceRef="countersign" targetRef="issue" />
    <bpmn:userTask id="issue" name="签发"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=&quot;user-sfj.leader&quot;" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="issue" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 4×4 red RGB PNG: signature, IHDR, one deflated IDAT, IEND. */
function smallPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.from([0, ...Array.from({ length: 4 }, () => [255, 0, 0]).flat()]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat([row, row, row, row]))), chunk('IEND', Buffer.alloc(0))]);
}

const STAFF = 'wang.wu';
const INITIATOR = 'zhang.san';
let h: Harness;
let instanceId: string;
let taskId: string;

/**
 * Logs in as another user in the same tab. The previous user's session must go first: otherwise the
 * navigation bar of the old session satisfies the login helper before the new login has finished.
 */
async function loginAs(username: string): Promise<void> {
  if (h.page.url().startsWith(h.zhifa.url)) await h.page.evaluate('sessionStorage.clear()');
  await login(h.page, username);
  await h.page.waitForURL('**/processes');
}

/** Whether the server mounts a POST route: its catch-all answers `no such route` for the ones it lacks. */
async function routeMounted(route: string): Promise<boolean> {
  const answer = await apiAs(h.zhifa, STAFF, 'POST', route, {});
  return !(answer.status === 404 && field(field(answer.json, 'error'), 'message') === 'no such route');
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

beforeAll(async () => {
  h = await startHarness();
  // given the process deployed by the analyst and started by a staff member of another unit, through the API
  const deployed = await apiAs(h.zhifa, 'analyst', 'POST', '/api/deployments', {
    name: 'inbox-review',
    resources: [
      { name: 'inbox-review.bpmn', content: PROCESS_XML },
      { name: 'inbox-review-check.form', content: CHECK_FORM },
      { name: 'inbox-review-start.form', content: START_FORM },
    ],
  });
  expect(deployed.status, JSON.stringify(deployed.json)).toBe(201);
  const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-review/start', {
    businessKey: 'SFJ-2026-001', variables: { caseTitle: '某食品公司标签违法案' },
  });
  expect(started.status, JSON.stringify(started.json)).toBe(201);
  instanceId = String(field(started.json, 'id'));
  const tasks = await apiAs(h.zhifa, STAFF, 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(instanceId)}`);
  expect(Array.isArray(tasks.json) && tasks.json.length).toBe(1);
  taskId = String(field(Array.isArray(tasks.json) ? tasks.json[0] : undefined, 'id'));
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await screenshot(h.page, `failed-inbox-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  await h.page.keyboard.press('Escape');
});

afterAll(async () => {
  await h?.close();
});

describe('inbox in Chromium', () => {
  it('shows the claimable task in 待办 with its deadline colour', async () => {
    const { page } = h;
    // when 王五 logs in and opens his inbox
    await loginAs(STAFF);
    await page.getByTestId('nav-inbox').click();
    // then the 待办 tab lists the task of his section, green (just created, 5 days to go)
    const row = page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"]`);
    await row.waitFor();
    expect(await page.getByTestId('inbox-tab-todo').textContent()).toBe('待办');
    expect(await row.locator('[data-testid="deadline"]').getAttribute('data-level')).toBe('green');
    expect(await row.locator('[data-testid="deadline"]').getAttribute('title')).toContain('已用时限');
    // and hovering the due date of this group task shows how it was computed (5 calendar days from today)
    await row.locator('[data-testid="deadline"]').hover();
    await row.locator('[data-testid="deadline"][data-trace="loaded"]').waitFor();
    expect(await row.locator('[data-testid="deadline"]').getAttribute('title')).toMatch(/自 \d{4}-\d{2}-\d{2} 起算（当日不计）：5 个自然日，到期日 \d{4}-\d{2}-\d{2}/);
    await screenshot(page, 'inbox-01-todo');
  });

  it('opens the task, claims it, fills the form and completes it with an opinion', async () => {
    const { page } = h;
    // given the task page opened from 待办
    await page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"] [data-testid="inbox-open"]`).click();
    await page.getByTestId('task-page').waitFor();
    expect(await page.getByTestId('task-name').textContent()).toBe('法制审核');
    // the form-js viewer shows the case variables and the diagram marks the current step
    await page.locator('[data-testid="task-form"] .fjs-form').waitFor();
    expect(await page.getByTestId('task-form').textContent()).toContain('某食品公司标签违法案');
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-current[data-element-id="legalReview"]').waitFor();
    // operations without a server route yet are shown disabled with the route in their tooltip, never faked
    await screenshot(page, 'inbox-02-task-unclaimed');
    // when he claims it
    await claimOnPage(page);
    await page.locator('[data-testid="task-form"] .fjs-form').waitFor();
    // then every operation of the handler is offered, enabled exactly when the server has its route
    for (const operation of ['transfer', 'delegate', 'add-sign', 'remove-sign']) {
      const button = page.getByTestId(`op-${operation}`);
      const mounted = await routeMounted(`/api/tasks/no-such-task/${operation}`);
      expect(await button.isDisabled(), operation).toBe(!mounted);
      if (!mounted) expect(await button.getAttribute('title')).toContain(`POST /api/tasks/:id/${operation}`);
    }
    // and submits without filling the required field, the form refuses
    await page.getByTestId('opinion').fill('证据充分，程序合法，同意。');
    await page.getByTestId('op-complete').click();
    await page.getByTestId('task-message').waitFor();
    expect(await page.locator('[data-testid="task-form"] .fjs-form-field-error').textContent()).toContain('此项为必填项');
    // then fills it and submits with 通过
    await page.locator('[data-testid="task-form"] input[type="text"]').fill('合法');
    await page.locator('[data-testid="outcome"] input[value="approve"]').check();
    await screenshot(page, 'inbox-03-task-filled');
    await page.getByTestId('op-complete').click();
    // then he is back in 待办 and the task is gone from it
    await page.getByTestId('inbox-tab-todo').waitFor();
    await page.locator('[data-testid="inbox-empty"], [data-testid="inbox-table"]').first().waitFor();
    expect(await page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"]`).count()).toBe(0);
    // and the server has the form data, the opinion and the outcome
    const instance = await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instanceId}`);
    expect(field(instance.json, 'state')).toBe('completed');
    expect(field(field(instance.json, 'variables'), 'reviewConclusion')).toBe('合法');
    const history = await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instanceId}/history`);
    const completion = (Array.isArray(history.json) ? history.json : []).find((e: unknown) => field(e, 'type') === 'task.operation' && field(field(e, 'details'), 'operation') === 'complete');
    expect(field(field(completion, 'details'), 'opinion')).toBe('证据充分，程序合法，同意。');
    expect(field(field(completion, 'details'), 'outcome')).toBe('approve');
    expect(field(completion, 'actor')).toBe('user-wang.wu');
  });

  it('lists the completed task in 已办', async () => {
    const { page } = h;
    // given the server lists it among the tasks he completed (the 已办 the page shows comes from there)
    const done = await apiAs(h.zhifa, STAFF, 'GET', '/api/tasks?state=completed');
    expect(Array.isArray(done.json) && done.json.map((task: unknown) => field(task, 'id')),
      'GET /api/tasks?state=completed must list the task 王五 completed (its row needs completed_by)').toContain(taskId);
    // when he switches to 已办
    await page.getByTestId('inbox-tab-done').click();
    // then the task he completed is listed there
    const row = page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"]`);
    await row.waitFor();
    await screenshot(page, 'inbox-04-done');
    expect(await row.locator('[data-testid="inbox-open"]').textContent()).toBe('法制审核');
  });

  it('shows the completed task with its opinion, and the case with its timeline and the steps done', async () => {
    const { page } = h;
    // when he opens the completed task
    await page.goto(`/tasks/${taskId}`);
    await page.getByTestId('task-page').waitFor();
    // then it is read-only, with his opinion among the earlier opinions
    expect(await page.getByTestId('task-state').getAttribute('data-state')).toBe('completed');
    await page.getByTestId('opinions').waitFor();
    expect(await page.getByTestId('opinions').textContent()).toContain('证据充分，程序合法，同意。');
    // and the case view shows the timeline with the completion and the diagram with the steps done
    await page.getByTestId('open-instance').click();
    await page.getByTestId('instance-page').waitFor();
    expect(await page.getByTestId('instance-state').getAttribute('data-state')).toBe('completed');
    await page.locator('[data-testid="timeline-entry"][data-operation="complete"]').first().waitFor();
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-done[data-element-id="legalReview"]').waitFor();
    expect(await page.getByTestId('variables').textContent()).toContain('reviewConclusion');
    await screenshot(page, 'inbox-05-instance');
  });

  it('lets the administrator find the instance by business key', async () => {
    const { page } = h;
    // given the admin logged in on the admin page
    await loginAs('admin');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-page').waitFor();
    // when searching by business key
    await page.locator('[data-testid="admin-search"] input[name="businessKey"]').fill('SFJ-2026-001');
    await page.getByTestId('admin-search-submit').click();
    // then exactly that instance is listed, completed
    const row = page.locator(`[data-testid="admin-instance-row"][data-instance-id="${instanceId}"]`);
    await row.waitFor();
    expect(await page.getByTestId('admin-instance-row').count()).toBe(1);
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('completed');
    expect(await row.locator('[data-state]').textContent()).toBe('已完成');
    await screenshot(page, 'inbox-06-admin');
  });

  it('starts a process from 我发起的 with its start form, in either language', async () => {
    const { page } = h;
    // given the initiator on the inbox, switched to English and back: every label comes from the dictionary
    await loginAs(INITIATOR);
    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox-tab-todo').waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('inbox-tab-todo').filter({ hasText: 'To do' }).waitFor();
    expect(await page.getByTestId('inbox-tab-started').textContent()).toBe('Started by me');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('inbox-tab-todo').filter({ hasText: '待办' }).waitFor();
    await page.getByTestId('inbox-tab-started').click();
    // 我发起的 lists the case he started before (through the API)
    await page.locator(`[data-testid="inbox-row"][data-instance-id="${instanceId}"]`).waitFor();
    // when he opens 发起流程, picks the process and fills its start form
    await page.getByTestId('start-process').click();
    const dialog = page.getByTestId('start-dialog');
    await dialog.locator('[data-testid="start-definition"] option[value]:not([value=""])').first().waitFor({ state: 'attached' });
    await dialog.getByTestId('start-definition').selectOption({ label: '收件箱测试审核 (v1)' });
    await dialog.locator('[data-testid="start-form"] .fjs-form input[type="text"]').fill('某餐馆超范围经营案');
    await dialog.getByTestId('start-business-key').fill('SFJ-2026-002');
    await screenshot(page, 'inbox-07-start-dialog');
    await dialog.getByTestId('dialog-submit').click();
    // then the new case opens, waiting in 法制审核 with the start form's data
    await page.getByTestId('instance-page').waitFor();
    expect(await page.getByTestId('instance-state').getAttribute('data-state')).toBe('active');
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-current[data-element-id="legalReview"]').waitFor();
    expect(await page.getByTestId('variables').textContent()).toContain('某餐馆超范围经营案');
    await screenshot(page, 'inbox-08-started-instance');
  });

  it('lets the administrator cancel a running case with a reason', async () => {
    const { page } = h;
    // given the admin searching for the case just started
    await loginAs('admin');
    await page.getByTestId('nav-admin').click();
    await page.locator('[data-testid="admin-search"] input[name="businessKey"]').fill('SFJ-2026-002');
    await page.getByTestId('admin-search-submit').click();
    const row = page.locator('[data-testid="admin-instance-row"]');
    await row.locator('[data-state="active"]').waitFor();
    // when cancelling it without a reason, the dialog refuses; with one, it goes through
    await row.getByTestId('admin-cancel').click();
    const dialog = page.getByTestId('cancel-dialog');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.getByTestId('dialog-error').waitFor();
    await dialog.locator('textarea[name="reason"]').fill('当事人撤回申请');
    await dialog.getByTestId('dialog-submit').click();
    // then the case is cancelled, in the list and on the server
    await row.locator('[data-state="cancelled"]').waitFor();
    const instances = await apiAs(h.zhifa, 'admin', 'GET', '/api/process-instances?businessKey=SFJ-2026-002');
    expect(Array.isArray(instances.json) && instances.json.map((i: unknown) => field(i, 'state'))).toEqual(['cancelled']);
    await screenshot(page, 'inbox-09-admin-cancelled');
  });

  it('shows the API message when a claim loses the race (409)', async () => {
    const { page } = h;
    // given a new case whose task 王五 has open, unclaimed
    const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-review/start', { variables: { caseTitle: '并发签收' } });
    const tasks = await apiAs(h.zhifa, STAFF, 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(String(field(started.json, 'id')))}`);
    const raceTaskId = String(field(Array.isArray(tasks.json) ? tasks.json[0] : undefined, 'id'));
    await loginAs(STAFF);
    await page.goto(`/tasks/${raceTaskId}`);
    await page.getByTestId('op-claim').waitFor();
    // when his section head claims it first, through the API
    const claimed = await apiAs(h.zhifa, 'sfj-fzk.leader', 'POST', `/api/tasks/${raceTaskId}/claim`);
    expect(claimed.status).toBe(200);
    await page.getByTestId('op-claim').click();
    // then the page shows the server's own message and status, and the task stays with the section head
    const message = page.getByTestId('task-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/already claimed.*409/);
    await screenshot(page, 'inbox-10-claim-conflict');
  });

  it('returns a case to the filing step (退回) with a reason, and the filer gets it back', async () => {
    const { page } = h;
    // given a case filed by 张三 and waiting for review
    expect((await apiAs(h.zhifa, 'analyst', 'POST', '/api/deployments', { name: 'inbox-return', resources: [{ name: 'inbox-return.bpmn', content: RETURN_XML }] })).status).toBe(201);
    const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-return/start', {});
    const returnInstanceId = String(field(started.json, 'id'));
    const openTaskOf = async (user: string) => {
      const tasks = await apiAs(h.zhifa, user, 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(returnInstanceId)}`);
      return Array.isArray(tasks.json) ? tasks.json.find((task: unknown) => field(task, 'state') === 'open') : undefined;
    };
    const filing = await openTaskOf(INITIATOR);
    expect(field(filing, 'activityId')).toBe('fileCase');
    expect((await apiAs(h.zhifa, INITIATOR, 'POST', `/api/tasks/${String(field(filing, 'id'))}/complete`, { variables: { 案情: '初稿' } })).status).toBe(200);
    const review = await openTaskOf(STAFF);
    // when 王五 claims the review and returns it to 承办人填报 with a reason
    await loginAs(STAFF);
    await page.goto(`/tasks/${String(field(review, 'id'))}`);
    await claimOnPage(page);
    await page.getByTestId('op-return').click();
    const dialog = page.getByTestId('op-dialog-return');
    await dialog.locator('select[name="targetActivityId"] option[value="fileCase"]').waitFor({ state: 'attached' });
    await dialog.locator('textarea[name="reason"]').fill('证据材料不全，请补充现场检查笔录。');
    await screenshot(page, 'inbox-11-return-dialog');
    await dialog.getByTestId('dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    // then 张三 has the filing step again and the case's timeline records the return with its reason
    await expect.poll(async () => field(await openTaskOf(INITIATOR), 'activityId')).toBe('fileCase');
    await page.goto(`/instances/${returnInstanceId}`);
    const entry = page.locator('[data-testid="timeline-entry"][data-operation="return"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('证据材料不全');
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-current[data-element-id="fileCase"]').waitFor();
    await screenshot(page, 'inbox-12-returned');
  });

  it('lets the filer withdraw (撤回) a submission while the review is untouched', async () => {
    const { page } = h;
    // given 张三 filed a new case; nobody has claimed the review yet
    const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-return/start', {});
    const instance = String(field(started.json, 'id'));
    const tasks = await apiAs(h.zhifa, INITIATOR, 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(instance)}`);
    const filing = Array.isArray(tasks.json) ? tasks.json[0] : undefined;
    expect((await apiAs(h.zhifa, INITIATOR, 'POST', `/api/tasks/${String(field(filing, 'id'))}/complete`, { variables: { 案情: '初稿' } })).status).toBe(200);
    // when he opens the case and withdraws it with a reason
    await loginAs(INITIATOR);
    await page.goto(`/instances/${instance}`);
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-current[data-element-id="reviewCase"]').waitFor();
    await page.getByTestId('op-withdraw').click();
    const dialog = page.getByTestId('op-dialog-withdraw');
    await dialog.locator('textarea[name="reason"]').fill('补充证据后再提交');
    await dialog.getByTestId('dialog-submit').click();
    // then the case is back at his filing step and the timeline records the withdrawal
    const entry = page.locator('[data-testid="timeline-entry"][data-operation="withdraw"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('补充证据后再提交');
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-current[data-element-id="fileCase"]').waitFor();
    await screenshot(page, 'inbox-13-withdrawn');
  });
  let ccInstance: string;

  it('lists the cases one started in 我发起的 and the cases copied to one in 抄送我的', async () => {
    const { page } = h;
    // given 张三 started a case and copied (抄送) it to 王五 through the API
    const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-return/start', { businessKey: 'SFJ-2026-CC' });
    ccInstance = String(field(started.json, 'id'));
    const cc = await apiAs(h.zhifa, INITIATOR, 'POST', `/api/process-instances/${ccInstance}/cc`, { userIds: ['user-wang.wu'] });
    expect(cc.status, JSON.stringify(cc.json)).toBe(200);
    // when 张三 opens 我发起的, then the case is listed
    await loginAs(INITIATOR);
    await page.goto('/inbox?view=started');
    await page.locator(`[data-testid="inbox-row"][data-instance-id="${ccInstance}"]`).waitFor();
    await screenshot(page, 'inbox-14-started');
    // when 王五 opens 抄送我的, then the copied case is listed there
    await loginAs(STAFF);
    await page.goto('/inbox?view=cc');
    const row = page.locator(`[data-testid="inbox-row"][data-instance-id="${ccInstance}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="inbox-open"]').getAttribute('href')).toBe(`/instances/${ccInstance}`);
    await screenshot(page, 'inbox-15-cc');
  });

  it('uploads a PNG to the case, lists it on the case and the task, and downloads the same bytes', async () => {
    const { page } = h;
    const png = smallPng();
    // given 张三 on the running case he started
    await loginAs(INITIATOR);
    await page.goto(`/instances/${ccInstance}`);
    await page.getByTestId('attachments-empty').waitFor();
    // when he uploads a small PNG
    await page.getByTestId('attachment-upload').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png });
    // then it is listed with its name
    const item = page.getByTestId('attachment').filter({ hasText: '现场照片.png' });
    await item.waitFor();
    await screenshot(page, 'inbox-16-attachment');
    // and downloading it gives back the very bytes
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('attachment-download').click()]);
    expect(download.suggestedFilename()).toBe('现场照片.png');
    expect(Buffer.compare(await readFile(await download.path()), png)).toBe(0);
    // and the task page of the case lists it too
    const tasks = await apiAs(h.zhifa, INITIATOR, 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(ccInstance)}`);
    await page.goto(`/tasks/${String(field(Array.isArray(tasks.json) ? tasks.json[0] : undefined, 'id'))}`);
    await page.getByTestId('attachment').filter({ hasText: '现场照片.png' }).waitFor();
  });

  it('verifies the audit chain on the administration page', async () => {
    const { page } = h;
    // given the administrator on the administration page
    await loginAs('admin');
    await page.goto('/admin');
    // when he verifies the audit chain
    await page.getByTestId('audit-verify').click();
    // then the chain is reported intact
    const result = page.getByTestId('audit-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('正常');
    await screenshot(page, 'inbox-17-audit');
  });

  it('lets three signers each sign a 会签 in the browser, after which the case moves on to 签发', async () => {
    const { page } = h;
    // given a 会签 over three demo users, started through the API
    const deployed = await apiAs(h.zhifa, 'analyst', 'POST', '/api/deployments', { name: 'inbox-sign', resources: [{ name: 'inbox-sign.bpmn', content: SIGN_XML }] });
    expect(deployed.status, JSON.stringify(deployed.json)).toBe(201);
    const signers = ['li.si', 'wang.wu', 'zhao.liu'];
    const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-sign/start', { variables: { signers: signers.map((u) => `user-${u}`) } });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    const instance = String(field(started.json, 'id'));
    // when each signer opens the task from 待办 and submits it
    for (const signer of signers) {
      await loginAs(signer);
      await page.goto('/inbox?view=todo');
      await page.locator(`[data-testid="inbox-row"][data-instance-id="${instance}"] [data-testid="inbox-open"]`).click();
      await page.getByTestId('task-page').waitFor();
      expect(await page.getByTestId('task-name').textContent()).toBe('会签');
      await page.getByTestId('op-complete').click();
      await page.waitForURL('**/inbox?view=todo');
      await page.locator('[data-testid="inbox-empty"], [data-testid="inbox-table"]').first().waitFor();
      expect(await page.locator(`[data-testid="inbox-row"][data-instance-id="${instance}"]`).count(), signer).toBe(0);
    }
    // then the case has left the 会签 and waits for 签发
    const tasks = await apiAs(h.zhifa, 'admin', 'GET', `/api/tasks?processInstanceId=${encodeURIComponent(instance)}`);
    const open = (Array.isArray(tasks.json) ? tasks.json : []).filter((task: unknown) => field(task, 'state') === 'open');
    expect(open.map((task: unknown) => field(task, 'activityId'))).toEqual(['issue']);
  });
  it('lets the administrator migrate a running case to a new version, naming the unmapped element first', async () => {
    const { page } = h;
    // given a case waiting in 承办人填报 and a version 2 of its process where that step is called draftCase
    const started = await apiAs(h.zhifa, INITIATOR, 'POST', '/api/process-definitions/key/inbox-return/start', {});
    const instance = String(field(started.json, 'id'));
    const v2 = await apiAs(h.zhifa, 'analyst', 'POST', '/api/deployments', {
      name: 'inbox-return-v2', resources: [{ name: 'inbox-return.bpmn', content: RETURN_XML.replaceAll('fileCase', 'draftCase') }],
    });
    expect(v2.status, JSON.stringify(v2.json)).toBe(201);
    // when the administrator migrates it without mapping the step
    await loginAs('admin');
    await page.goto(`/instances/${instance}`);
    await page.getByTestId('migrate-target').waitFor();
    await page.getByTestId('migrate-submit').click();
    // then the server's 400 names the element, shown as it comes
    const message = page.getByTestId('migrate-message');
    await message.waitFor();
    expect(await message.textContent()).toContain('fileCase');
    expect(await message.textContent()).toContain('400');
    await screenshot(page, 'inbox-18-migrate-refused');
    // when he maps 承办人填报 onto draftCase and migrates again, then the case waits in draftCase of version 2
    await page.locator('[data-testid="migrate-map"][data-from="fileCase"]').fill('draftCase');
    await page.getByTestId('migrate-submit').click();
    await page.locator('[data-testid="diagram"] .djs-element.zf-step-current[data-element-id="draftCase"]').waitFor();
    const migrated = await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instance}`);
    expect(field(migrated.json, 'activeActivityIds')).toEqual(['draftCase']);
    await screenshot(page, 'inbox-19-migrated');
  });
});
