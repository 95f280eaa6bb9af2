import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, repoRoot, screenshot, startHarness, type Harness } from './harness.js';
import { chooseOption, claimOnPage, loginAs as loginAsUser } from './support/ui.js';

/**
 * A form-js field filled by its label: text (also numbers and dates), a checkbox state, the label of a select's or
 * radio group's option, or the labels of a checklist's boxes / a tag list's tags.
 */
type FieldValue = string | boolean | { readonly option: string } | { readonly checks: readonly string[] } | { readonly tags: readonly string[] };
type FormValues = Readonly<Record<string, FieldValue>>;

let h: Harness;

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

async function loginAs(username: string): Promise<void> {
  await loginAsUser(h.page, h.zhifa.url, username);
}

async function fillForm(form: Locator, values: FormValues): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    // the label exactly (a required field's label ends in *): option labels may contain a field's label too
    const exactLabel = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?\\s*$`);
    const container = form.locator('.fjs-form-field').filter({ has: form.page().locator('.fjs-form-field-label', { hasText: exactLabel }) }).last();
    if (typeof value === 'boolean') {
      const box = container.locator('input[type="checkbox"]');
      if ((await box.isChecked()) !== value) await box.click();
    } else if (typeof value === 'string') {
      await container.locator('input, textarea').first().fill(value);
      // blur, not Tab: a select opens its list when focused, and a date picker takes the typed date on blur
      await container.locator('input, textarea').first().blur();
    } else if ('checks' in value) {
      for (const check of value.checks) await container.getByLabel(check, { exact: true }).check();
    } else if ('tags' in value) {
      for (const tag of value.tags) {
        await container.locator('input').first().click();
        await form.page().locator('.fjs-dropdownlist-item').getByText(tag, { exact: true }).click();
      }
    } else if (await container.locator('input[type="radio"]').count() > 0) {
      await container.getByLabel(value.option, { exact: true }).check();
    } else {
      await chooseOption(container, value.option);
    }
  }
}

/** Opens the user's 待办 row of the instance, claims the task when it is offered to a group, fills its form and completes it. */
async function doTask(username: string, instanceId: string, taskName: string, values: FormValues): Promise<void> {
  const { page } = h;
  await loginAs(username);
  await page.goto('/inbox?view=todo');
  const row = page.locator(`[data-testid="inbox-row"][data-instance-id="${instanceId}"]`).filter({ hasText: taskName });
  await row.locator('[data-testid="inbox-open"]').first().click();
  await page.getByTestId('task-page').waitFor();
  expect(await page.getByTestId('task-name').textContent()).toBe(taskName);
  await page.locator('[data-testid="op-claim"], [data-testid="op-complete"]').first().waitFor();
  if (await page.getByTestId('op-claim').isVisible()) await claimOnPage(page);
  const form = page.getByTestId('task-form');
  await form.locator('.fjs-form').waitFor();
  await fillForm(form, values);
  await page.getByTestId('op-complete').click();
  const message = page.getByTestId('task-message');
  await Promise.race([page.waitForURL('**/inbox?view=todo'), message.waitFor()]);
  if (!page.url().includes('/inbox')) {
    await screenshot(page, `processes-a-failed-${taskName}`);
    const errors = await form.locator('.fjs-form-field-error').allTextContents();
    throw new Error(`${username} could not complete ${taskName}: ${await message.textContent()} ${errors.join('; ')}`);
  }
}

/** 我发起的 → 发起流程: picks the process by name, fills its start form, and returns the new instance's id. */
async function startFromInbox(username: string, processName: string, values: FormValues): Promise<string> {
  const { page } = h;
  await loginAs(username);
  await page.goto('/inbox?view=started');
  await page.getByTestId('start-process').click();
  const dialog = page.getByTestId('start-dialog');
  await dialog.locator('[data-testid="start-definition"] option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  await dialog.getByTestId('start-definition').selectOption({ label: `${processName} (v1)` });
  const form = dialog.getByTestId('start-form');
  await form.locator('.fjs-form').waitFor();
  await fillForm(form, values);
  await dialog.getByTestId('dialog-submit').click();
  await page.getByTestId('instance-page').waitFor();
  await page.waitForURL('**/instances/**');
  return decodeURIComponent(page.url().split('/instances/')[1] ?? '');
}

async function expectCompleted(instanceId: string, name: string): Promise<void> {
  const { page } = h;
  await page.goto(`/instances/${instanceId}`);
  await page.locator('[data-testid="instance-state"][data-state="completed"]').waitFor();
  await screenshot(page, name);
  expect(field((await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instanceId}`)).json, 'state')).toBe('completed');
}

const processFile = (name: string) => path.join(repoRoot, 'processes', name);
const forms = (...names: string[]) => names.map((name) => processFile(`forms/${name}.form`));

beforeAll(async () => {
  h = await startHarness();
  await h.zhifa.deployFiles([
    processFile('township-delegation-proposal.bpmn'),
    ...forms('delegation-proposal-start', 'delegation-proposal', 'department-opinion', 'delegation-legality-review', 'city-meeting-decision'),
    processFile('major-decision-legal-review.bpmn'), processFile('penalty-discretion-benchmark.dmn'),
    ...forms('legal-review-start', 'legal-review-submit', 'legal-review-checklist', 'review-extension-approval', 'collective-discussion-vote', 'decision-issue'),
    processFile('rectification-ledger.bpmn'),
    ...forms('rectification-campaign-start', 'rectification-ledger-compile', 'rectification-ledger-review', 'rectification-status-report',
      'rectification-summary', 'special-supervision', 'city-report'),
    processFile('hotline-complaint.bpmn'),
    ...forms('complaint-dispatch', 'complaint-handle', 'complaint-answer-review', 'supervision-notice'),
  ]);
});

/** The one job of the given type waiting in the instance, completed as the integration worker would. */
async function completeJob(type: string, instanceId: string): Promise<unknown> {
  const jobs = await apiAs(h.zhifa, 'admin', 'GET', `/api/jobs?type=${type}`);
  const job: unknown = (Array.isArray(jobs.json) ? jobs.json : []).find((j: unknown) => field(j, 'processInstanceId') === instanceId);
  expect(job, JSON.stringify(jobs.json)).toBeDefined();
  const completed = await apiAs(h.zhifa, 'admin', 'POST', `/api/jobs/${String(field(job, 'id'))}/complete`, { variables: {} });
  expect(completed.status, JSON.stringify(completed.json)).toBe(200);
  return job;
}

afterAll(async () => {
  await h.close();
});

describe('the office procedures, done in the browser by the demo users (A)', () => {
  it('乡镇街道赋权事项提出: 城关街道 proposes, 市场监管局 agrees, 市司法局 finds it legal, 市政府 approves, published', async () => {
    // given 孙七 of 城关街道 starting a proposal from 我发起的
    const instanceId = await startFromInbox('sun.qi', '乡镇街道赋权事项提出', {
      提出申请的镇街: { option: '街道办事处' }, 业务主管部门: { option: '市市场监督管理局' },
    });
    // when each unit does its step from its 待办
    await doTask('sun.qi', instanceId, '提出拟赋权事项', { 事项名称: '对食品摊贩违法经营的处罚', 设定依据: '《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》', 申请说明: '街道已有执法力量，可承接食品摊贩监管事项。' });
    await doTask('scjgj.leader', instanceId, '业务主管部门出具意见', { 同意下放: true, 部门意见: '同意下放。' });
    await doTask('wang.wu', instanceId, '市司法局合法性审查', { 审查结论: { option: '合法' }, 审查意见: '符合法律规定。' });
    await doTask('city.leader', instanceId, '市政府常务会议审议', { 会议期次: '第12次', 审议通过: true });
    // then the publishing job waits for the integration worker, which completes it, and the case is done
    await completeJob('publish-delegation', instanceId);
    await expectCompleted(instanceId, 'processes-a-township-delegation-proposal');
  });

  it('重大执法决定法制审核: 张三 submits, 法制科 李四 approves, two leaders agree, the decision is issued, published and coded', async () => {
    // given 张三 starting a legal review of a market-bureau case from 我发起的, with two leaders for the discussion
    const instanceId = await startFromInbox('zhang.san', '重大行政执法决定法制审核', {
      办案单位: { option: '市市场监督管理局' }, 承办人: { option: '张三（市场监管局执法稽查科）' },
      参加集体讨论的负责人: { tags: ['郑局长（市场监管局）', '陈局长（市司法局）'] },
    });
    // when he submits the draft with its evidence, as a major case of a unit with its own legal reviewer
    await doTask('zhang.san', instanceId, '提交决定草案及证据', {
      案件名称: '某公司销售标签不合格食品案', 案号: '市监罚〔2026〕7号', 当事人: '某食品有限公司', 拟作出的执法决定: '罚款十七万元',
      初次违法: true, 危害后果: { option: '一般' }, '货值金额（元）': '20000', 证据名称: '现场检查笔录', 证据类型: { option: '勘验笔录、现场笔录' },
      '重大执法决定情形（勾选任一即属重大）': { checks: ['拟作出较大数额罚没款等决定'] }, 本单位已配备符合条件的法制审核人员: true,
    });
    // and 法制科 reviews it, both leaders agree and 张三 issues the decision
    await doTask('li.si', instanceId, '本单位法制审核', {
      '审核要点（逐项核对通过的打勾）': { checks: ['执法主体是否合法', '执法程序是否合法', '证据是否确实充分'] },
      审核意见: { option: '同意' }, 审核意见说明: '事实清楚，证据确凿，适用法律正确。',
    });
    await doTask('scjgj.leader', instanceId, '集体讨论', { 表决意见: { option: '同意' } });
    await doTask('sfj.leader', instanceId, '集体讨论', { 表决意见: { option: '同意' } });
    await doTask('zhang.san', instanceId, '作出执法决定', { 决定书文号: '市监罚〔2026〕7号', 决定日期: '2026-11-27', 决定内容摘要: '对当事人处罚款十七万元' });
    // then the publication job is done by the integration worker, the server issues the 一案一码, and the case ends
    await completeJob('publish-decision', instanceId);
    await expect.poll(async () => field((await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instanceId}`)).json, 'state'), { timeout: 10_000 }).toBe('completed');
    await expectCompleted(instanceId, 'processes-a-major-decision-legal-review');
    // and its timeline leaves the gateways out; the full one names the unnamed joining gateway by its type, the id as title
    const { page } = h;
    await page.locator('[data-testid="timeline-element"][data-element-id="ownLegalReview"]').first().waitFor();
    expect(await page.locator('[data-testid="timeline-element"][data-element-id="reviewJoin"]').count()).toBe(0);
    await page.getByTestId('timeline-full').check();
    const join = page.locator('[data-testid="timeline-element"][data-element-id="reviewJoin"]').first();
    expect(await join.textContent()).toBe('排他网关');
    expect(await join.getAttribute('title')).toBe('reviewJoin');
    expect(await page.getByTestId('timeline').textContent()).not.toContain('reviewJoin');
    const variables = field((await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instanceId}`)).json, 'variables');
    expect(String(field(variables, 'caseCodeUrl'))).toMatch(/^http/);
  });

  it('12345热线投诉举报: a ticket arrives, 市司法局 routes it to 城关街道, which answers; the answer is accepted and fed back', async () => {
    // given a hotline ticket sent as the 12345 integration does
    const received = await apiAs(h.zhifa, 'admin', 'POST', '/api/messages', {
      name: 'hotline-complaint-received', correlationKey: 'GD-BROWSER-1', variables: { ticketNo: 'GD-BROWSER-1', content: '夜市摊贩占道经营' },
    });
    expect(received.status, JSON.stringify(received.json)).toBe(200);
    const ids = field(received.json, 'processInstanceIds');
    const instanceId = String(Array.isArray(ids) ? ids[0] : undefined);
    // when the bureau routes it, the street office answers and the bureau accepts the answer, each in the browser
    await doTask('sfj.leader', instanceId, '分派承办单位', { 承办单位: { option: '街道办事处' }, '答复时限（工作日）': '5' });
    await doTask('sun.qi', instanceId, '办理并答复', { 核查结果: { option: '属实' }, 核查情况: '现场核实，存在占道经营。', 答复意见: '已责令摊贩退回店内经营。' });
    await doTask('sfj.leader', instanceId, '审核答复意见', { 答复合格: true, 审核意见: '答复合格。' });
    // then the webhook job carries the answer back to the hotline, and the case is done
    const job = await completeJob('hotline-webhook', instanceId);
    expect(field(job, 'variables')).toMatchObject({ ticketNo: 'GD-BROWSER-1', hotlineStatus: 'answered', hotlineAnswer: '已责令摊贩退回店内经营。' });
    await expectCompleted(instanceId, 'processes-a-hotline-complaint');
  });

  it('专项整治台账: 市司法局 starts a campaign over 城关街道 and 青山镇; each unit files its ledger and reports; the bureau reports to the city', async () => {
    // given 王五 of the bureau's 法制科 starting a campaign over two units, with deadlines still ahead (no reminder fires)
    const instanceId = await startFromInbox('wang.wu', '专项整治台账', {
      专项整治名称: '涉企行政执法突出问题专项整治', 参与单位: { checks: ['街道办事处', '镇人民政府'] },
      '台账备案期限（默认2024年1月31日）': '2099-01-31', '整治情况报送期限（默认2024年6月30日）': '2099-06-30',
    });
    // when each unit compiles its ledger, 法制科 files it, and the unit reports its rectification, each as its own users
    for (const unitUser of ['sun.qi', 'zhou.ba']) {
      await doTask(unitUser, instanceId, '编制专项整治台账', {
        联系人: unitUser, 问题类别: { option: '逐利执法' }, 问题表现: '以罚代管，罚没收入与考核挂钩。', 整治措施: '取消罚没指标，建立收支两条线台账。',
        整改时限: '2098-12-31', 责任单位: '综合行政执法队',
      });
      await doTask('wang.wu', instanceId, '法制科审核备案', { 审核结论: { option: '予以备案' } });
      await doTask(unitUser, instanceId, '报送专项整治情况', { 整治情况: { option: '已完成整改' }, 整治情况说明: '已全部整改到位。' });
    }
    // and the bureau aggregates, supervises and reports to the city government
    await doTask('wang.wu', instanceId, '汇总全市专项整治情况', { 汇总报告: '两个单位均已备案并完成整改。' });
    await doTask('sfj.leader', instanceId, '开展专项监督', { 监督发现的问题: '未发现新的问题。', 发现问题数: '0' });
    await doTask('sfj.leader', instanceId, '向市政府报告专项监督情况', { 报告标题: '专项整治情况报告', 报告内容: '专项整治已完成。', 报送日期: '2098-12-31' });
    // then the campaign is done, with one filed result per unit
    await expectCompleted(instanceId, 'processes-a-rectification-ledger');
    const variables = field((await apiAs(h.zhifa, 'admin', 'GET', `/api/process-instances/${instanceId}`)).json, 'variables');
    const results = field(variables, 'unitResults');
    expect(Array.isArray(results) && results.map((r: unknown) => [field(r, 'unitId'), field(r, 'filingStatus'), field(r, 'rectificationStatus')]))
      .toEqual([['unit-jd-chengguan', 'filed', 'completed'], ['unit-zhen-qingshan', 'filed', 'completed']]);
  });
});
