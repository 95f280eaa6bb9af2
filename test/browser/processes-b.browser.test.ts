import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, repoRoot, screenshot, startHarness, type Harness } from './harness.js';
import { chooseOption, claimOnPage } from './support/ui.js';

/**
 * Issue 7, "each can be started and finished in the browser by the demo users": four of the office's
 * procedures driven end to end in Chromium — start form in 我发起的, every user task from 待办 — with the
 * external service jobs completed through the API as their workers would.
 */
let h: Harness;

const tokens = new Map<string, string>();

/**
 * The administrator's API calls, with one login kept: the harness's `apiAs` logs in on every call, and the
 * polling here would soon run into the server's login rate limit (60 a window).
 */
async function api(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  let token = tokens.get('admin');
  if (token === undefined) {
    const answer = await fetch(`${h.zhifa.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    token = String(field(await answer.json(), 'token'));
    tokens.set('admin', token);
  }
  const response = await fetch(`${h.zhifa.url}${route}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function processFiles(bpmn: string, forms: readonly string[]): string[] {
  const dir = path.join(repoRoot, 'processes');
  return [path.join(dir, `${bpmn}.bpmn`), ...forms.map((form) => path.join(dir, 'forms', `${form}.form`))];
}

/** Logs in as another user in the same tab; the old session goes first (see inbox.browser.test.ts). */
let currentUser: string | undefined;

async function loginAs(username: string): Promise<void> {
  if (currentUser === username) return;
  if (h.page.url().startsWith(h.zhifa.url)) await h.page.evaluate('sessionStorage.clear()');
  await login(h.page, username);
  await h.page.waitForURL('**/processes');
  currentUser = username;
}

/** 我发起的 → 发起流程: picks the process, lets `fill` fill the start form, submits; returns the new instance id. */
async function startFromInbox(username: string, label: string, fill?: (form: Locator) => Promise<void>): Promise<string> {
  const { page } = h;
  await loginAs(username);
  await page.goto('/inbox?view=started');
  await page.getByTestId('start-process').click();
  const dialog = page.getByTestId('start-dialog');
  await dialog.locator('[data-testid="start-definition"] option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  await dialog.getByTestId('start-definition').selectOption({ label });
  if (fill !== undefined) {
    const form = dialog.getByTestId('start-form');
    await form.locator('.fjs-form').waitFor();
    await fill(form);
  }
  await dialog.getByTestId('dialog-submit').click();
  await page.getByTestId('instance-page').waitFor();
  const id = /\/instances\/([^/?#]+)/.exec(page.url())?.[1];
  if (id === undefined) throw new Error(`no instance id in ${page.url()}`);
  return decodeURIComponent(id);
}

async function openTasks(instanceId: string, activityId: string, group?: string): Promise<unknown[]> {
  const tasks = await api('GET', `/api/tasks?processInstanceId=${encodeURIComponent(instanceId)}`);
  return list(tasks.json).filter((task) => field(task, 'state') === 'open' && field(task, 'activityId') === activityId
    && (group === undefined || list(field(task, 'candidateGroups')).includes(group)));
}

/**
 * Opens the user's next open task of `activityId` (of the unit `group`, in a multi-instance) from 待办, claims it
 * when needed, fills its form and completes it.
 */
async function workTask(username: string, instanceId: string, activityId: string, fill: (form: Locator) => Promise<void>, group?: string): Promise<void> {
  let task: unknown;
  // reminders and escalations of deadlines already past (the seed's 2024 dates) are `notify` jobs the mail worker
  // would send; the scope waits for them, so they are sent here as that worker would
  await expect.poll(async () => {
    await completeJobs(instanceId, 'notify');
    return (task = (await openTasks(instanceId, activityId, group))[0]) !== undefined;
  }, { timeout: 10_000 }).toBe(true);
  await completeTask(username, String(field(task, 'id')), fill);
}

/** 待办 → the task page: claim when needed, fill the form, 办理 with an opinion and 通过. */
async function completeTask(username: string, taskId: string, fill: (form: Locator) => Promise<void>): Promise<void> {
  const { page } = h;
  await loginAs(username);
  await page.goto('/inbox?view=todo');
  await page.locator(`[data-testid="inbox-row"][data-task-id="${taskId}"] [data-testid="inbox-open"]`).click();
  await page.getByTestId('task-page').waitFor();
  await page.locator('[data-testid="op-claim"], [data-testid="op-complete"]').first().waitFor();
  if (await page.getByTestId('op-claim').isVisible()) await claimOnPage(page);
  await page.getByTestId('op-complete').waitFor();
  const form = page.getByTestId('task-form');
  await form.locator('.fjs-form').waitFor();
  await fill(form);
  await page.getByTestId('opinion').fill('已办理。');
  await page.locator('[data-testid="outcome"] input[value="approve"]').check();
  await page.getByTestId('op-complete').click();
  await page.getByTestId('inbox-tab-todo').waitFor();
  await expect.poll(async () => field((await api('GET', `/api/tasks/${taskId}`)).json, 'state')).toBe('completed');
}

/** Completes the instance's open jobs of `type` through the API, as the external worker would. */
async function completeJobs(instanceId: string, type: string, variables: Record<string, unknown> = {}): Promise<number> {
  const jobs = list((await api('GET', `/api/jobs?type=${encodeURIComponent(type)}`)).json)
    .filter((job) => field(job, 'processInstanceId') === instanceId);
  for (const job of jobs) {
    const done = await api('POST', `/api/jobs/${String(field(job, 'id'))}/complete`, { variables });
    // the server's in-process job runner may have sent a `notify` job in between: it is gone then
    if (type === 'notify' && done.status === 404) continue;
    expect(done.status, JSON.stringify(done.json)).toBe(200);
  }
  return jobs.length;
}

async function waitForJob(instanceId: string, type: string, variables: Record<string, unknown>): Promise<void> {
  await expect.poll(() => completeJobs(instanceId, type, variables), { timeout: 10_000 }).toBeGreaterThan(0);
}

/** The instance view shows the case completed; stray `notify` jobs (reminders of past deadlines) are sent first. */
async function expectCompleted(instanceId: string, shot: string): Promise<void> {
  await expect.poll(async () => {
    await completeJobs(instanceId, 'notify');
    return field((await api('GET', `/api/process-instances/${instanceId}`)).json, 'state');
  }, { timeout: 15_000 }).toBe('completed');
  await h.page.goto(`/instances/${instanceId}`);
  await h.page.getByTestId('instance-page').waitFor();
  expect(await h.page.getByTestId('instance-state').getAttribute('data-state')).toBe('completed');
  await screenshot(h.page, shot);
}

beforeAll(async () => {
  h = await startHarness();
  await h.zhifa.deployFiles(processFiles('township-delegation-evaluation',
    ['delegation-evaluation-start', 'delegation-self-evaluation', 'delegation-evaluation-opinion', 'delegation-evaluation-summary', 'delegation-adjustment']));
  await h.zhifa.deployFiles(processFiles('case-file-review',
    ['case-file-review-start', 'case-file-score', 'case-file-rectify', 'case-file-recheck', 'case-file-review-summary']));
  await h.zhifa.deployFiles(processFiles('training-hours', ['training-hours-start', 'training-record-entry', 'training-unit-report']));
  await h.zhifa.deployFiles(processFiles('plan-work-ledger', ['plan-task-progress', 'supervision-notice', 'plan-assessment']));
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('the office procedures in the browser (part b)', () => {
  it('乡镇街道赋权事项评估: the bureau starts it, the 街道 self-evaluates, the department gives its opinion, 法制科 sums up', async () => {
    // given 王五 (法制科) starting an evaluation of one 街道 with 市场监管局's opinion
    const instance = await startFromInbox('wang.wu', '乡镇街道赋权事项评估 (v1)', async (form) => {
      await form.getByLabel('街道办事处').check();
      await form.getByLabel('市市场监督管理局').check();
    });
    // when 孙七 (街道) evaluates the delegated item as one they can carry
    await workTask('sun.qi', instance, 'selfEvaluation', async (form) => {
      await form.getByLabel('事项名称').fill('占道经营行政处罚');
      await form.getByLabel('接得住').check();
    });
    // and 郑局长 (市场监管局) gives the department opinion, and 王五 writes the summary
    await workTask('scjgj.leader', instance, 'evaluationDepartmentOpinion', async (form) => {
      await form.getByLabel('部门意见').fill('街道承接能力满足要求。');
    });
    await workTask('wang.wu', instance, 'summarizeEvaluation', async (form) => {
      await form.getByLabel('评估报告').fill('赋权事项均接得住。');
    });
    // then the case is completed
    await expectCompleted(instance, 'processes-b-01-delegation-evaluation');
  });

  it('行政执法案卷评查: sampled by the worker, scored by 法制科, rectified by the unit, re-checked, reported', async () => {
    // given 王五 starting a review of 市场监管局 with one case file
    const instance = await startFromInbox('wang.wu', '行政执法案卷评查 (v1)', async (form) => {
      await form.getByLabel('市市场监督管理局').check();
      await form.getByLabel('每单位抽取案卷数').fill('1');
    });
    // when the sampling worker draws one closed case file
    await waitForJob(instance, 'sample-case-files', { samples: [{ unitId: 'unit-scjgj', caseId: 'case-2024-001', caseTitle: '某超市销售过期食品案' }] });
    // and 王五 scores it below 80, the unit rectifies it and 王五 re-checks it as passed
    await workTask('wang.wu', instance, 'scoreCaseFile', async (form) => {
      await form.getByLabel('评查得分（百分制）').fill('72');
      await form.getByLabel('评查意见').fill('证据目录不完整。');
    });
    await workTask('scjgj.leader', instance, 'rectifyCaseFile', async (form) => {
      await form.getByLabel('整改情况').fill('已补齐证据目录。');
    });
    await workTask('wang.wu', instance, 'recheckCaseFile', async (form) => {
      await form.getByLabel('复查通过').check();
      await form.getByLabel('复查意见').fill('整改到位。');
    });
    await workTask('sfj.leader', instance, 'publishReviewReport', async (form) => {
      await form.getByLabel('通报内容').fill('本次评查一卷，已整改到位。');
    });
    // then the case is completed
    await expectCompleted(instance, 'processes-b-02-case-file-review');
  });

  it('行政执法人员培训学时年度核查: tallied by the worker, the officer short of hours makes them up, each unit confirms', async () => {
    const { page } = h;
    // given 王五 starting the yearly check by hand with the default 60 学时
    const instance = await startFromInbox('wang.wu', '行政执法人员培训学时年度核查 (v1)', async (form) => {
      await form.getByLabel('年度学时要求').fill('60');
    });
    // when the tally worker reports 孙七 with 64 学时 and 周八 with 40
    await waitForJob(instance, 'training-hours-tally', { officers: [
      { userId: 'user-sun.qi', unitId: 'unit-jd-chengguan', hours: 64 },
      { userId: 'user-zhou.ba', unitId: 'unit-zhen-qingshan', hours: 40 },
    ] });
    // and 周八 records 900 minutes (20 学时) of training
    await workTask('zhou.ba', instance, 'makeUpHours', async (form) => {
      await form.getByLabel('培训内容').fill('行政处罚法专题培训');
      await form.getByLabel('培训日期').click();
      await page.locator('.flatpickr-calendar.open .flatpickr-day.today').click();
      await chooseOption(form.locator('.fjs-form-field-select'), '公共法律知识');
      await form.getByLabel('培训时长（分钟）').fill('900');
    });
    // and the leaders of both units confirm their unit's report
    for (const [leader, unit] of [['jd-chengguan.leader', 'unit-jd-chengguan'], ['zhen-qingshan.leader', 'unit-zhen-qingshan']] as const) {
      await workTask(leader, instance, 'unitReports', async (form) => {
        await form.getByLabel('确认无误').check();
      }, unit);
    }
    // then the case is completed, with 周八 made up and nobody left short
    await expectCompleted(instance, 'processes-b-03-training-hours');
    const variables = field((await api('GET', `/api/process-instances/${instance}`)).json, 'variables');
    expect(field(variables, 'madeUpOfficers')).toEqual(['user-zhou.ba']);
    expect(field(variables, 'unmetOfficers')).toEqual([]);
  });

  it('提升行政执法质量实施方案工作台账: 16 tasks reported done by their units, the overdue ones supervised, then assessed', async () => {
    // given 陈局长 (市司法局) starting the ledger of the plan's 16 tasks, all past their deadlines by now
    const instance = await startFromInbox('sfj.leader', '提升行政执法质量实施方案工作台账 (v1)');
    // when each task's unit reports it completed, and 市司法局 supervises whichever the overdue timers caught
    const handled = { reportProgress: 0, superviseTask: 0 };
    for (let round = 0; round < 80; round++) {
      // between two steps the case may hold no open task for a moment (a notify job to send): wait for one
      let tasks: unknown[] = [];
      await expect.poll(async () => {
        await completeJobs(instance, 'notify');
        tasks = list((await api('GET', `/api/tasks?processInstanceId=${encodeURIComponent(instance)}`)).json).filter((task) => field(task, 'state') === 'open');
        return tasks.length;
      }, { timeout: 10_000 }).toBeGreaterThan(0);
      const task = tasks.find((open) => field(open, 'activityId') !== 'assessImplementation');
      if (task === undefined) break;
      const activity = String(field(task, 'activityId'));
      const user = list(field(task, 'candidateGroups')).includes('unit-sfj') ? 'sfj.leader' : 'scjgj.leader';
      if (activity === 'reportProgress') {
        await completeTask(user, String(field(task, 'id')), async (form) => {
          await form.getByLabel('完成进度（%）').fill('100');
          await form.getByLabel('进展情况').fill('已按期完成。');
          await form.getByLabel('任务已完成').check();
        });
        handled.reportProgress++;
      } else if (activity === 'superviseTask') {
        await completeTask(user, String(field(task, 'id')), async (form) => {
          await chooseOption(form.locator('.fjs-form-field-select'), '发出督办通知书');
          await form.getByLabel('督办意见').fill('请限期报送完成情况。');
        });
        handled.superviseTask++;
      } else {
        throw new Error(`unexpected open task ${activity}`);
      }
    }
    expect(handled.reportProgress).toBe(16);
    // and 陈局长 assesses the implementation from the overview
    await workTask('sfj.leader', instance, 'assessImplementation', async (form) => {
      await chooseOption(form.locator('.fjs-form-field-select'), '较好');
      await form.getByLabel('评估报告').fill('16项任务均已完成。');
    });
    // then the case is completed with every task in the overview marked done
    await expectCompleted(instance, 'processes-b-04-plan-work-ledger');
    const overview = list(field(field((await api('GET', `/api/process-instances/${instance}`)).json, 'variables'), 'taskOverview'));
    expect(overview.map((row) => field(row, 'completed'))).toEqual(Array.from({ length: 16 }, () => true));
  }, 150_000);
});
