/** 一案一码: the public case page of a decided case, opened without login in a real Chromium. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decidedCaseProcess } from '../api/support/fixtures.js';
import { apiAs, CJK_RENDER_CHECK, screenshot, startHarness, type Harness } from './harness.js';

const dmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="fines" name="罚款档次基准" namespace="http://zhifa.test/dmn">
  <decision id="fine-level" name="罚款档次">
    <decisionTable id="fine-level-table" hitPolicy="FIRST">
      <input id="in1" label="金额"><inputExpression id="ie1" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="out1" name="level" typeRef="string" />
      <annotation name="legalBasis" />
      <rule id="high"><inputEntry><text>&gt;= 10000</text></inputEntry><outputEntry><text>"从重"</text></outputEntry><annotationEntry><text>依据某法第十条从重处罚</text></annotationEntry></rule>
      <rule id="low"><inputEntry><text>-</text></inputEntry><outputEntry><text>"一般"</text></outputEntry><annotationEntry><text>一般情形</text></annotationEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const bpmn = decidedCaseProcess('public-case', '罚款决定公示');

describe('the public 一案一码 page', () => {
  let h: Harness;
  let casePath: string;
  let instanceId: string;

  beforeAll(async () => {
    h = await startHarness();
    const deployed = await apiAs(h.zhifa, 'analyst', 'POST', '/api/deployments', {
      name: 'public case', resources: [{ name: 'fines.dmn', content: dmn }, { name: 'case.bpmn', content: bpmn }],
    });
    expect(deployed.status).toBe(201);
    const started = await apiAs(h.zhifa, 'zhang.san', 'POST', '/api/process-definitions/key/public-case/start', {
      variables: { amount: 20000, partyName: '欧阳娜娜', decisionSummary: '当事人欧阳娜娜罚款二万元' },
    });
    instanceId = (started.json as { id: string }).id;
    const tasks = await apiAs(h.zhifa, 'zhang.san', 'GET', `/api/tasks?processInstanceId=${instanceId}`);
    const [task] = tasks.json as { id: string }[];
    expect((await apiAs(h.zhifa, 'zhang.san', 'POST', `/api/tasks/${task!.id}/complete`, { outcome: 'approve', opinion: '同意' })).status).toBe(200);
    // the server's job runner issues the code right after the completion commits
    const instance = await vi.waitFor(async () => {
      const read = (await apiAs(h.zhifa, 'zhang.san', 'GET', `/api/process-instances/${instanceId}`)).json as { state: string; variables: { caseCodeUrl?: string } };
      expect(read.state).toBe('completed');
      return read;
    }, { timeout: 10_000, interval: 50 });
    casePath = new URL(String(instance.variables.caseCodeUrl)).pathname;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('given a decided case, when anyone scans its code, then the page shows steps, the benchmark row and masked names, in Chinese glyphs', async () => {
    await h.page.goto(casePath);
    await h.page.getByText('罚款决定公示').first().waitFor();
    const text = await h.page.locator('body').innerText();
    expect(text).toContain('法制审核');
    expect(text).toContain('罚款档次');
    expect(text).toContain('依据某法第十条从重处罚');
    expect(text).toContain('欧阳**');
    expect(text).not.toContain('欧阳娜娜');
    expect(await h.page.locator('.qr svg').count()).toBe(1);
    expect(await h.page.evaluate(CJK_RENDER_CHECK)).toEqual({ fontAvailable: true, distinct: true });
    await screenshot(h.page, 'case-01-public-page');
  });

  it('given the admin revoked the code, when the page is opened again, then it says so and shows no case data', async () => {
    const codes = await apiAs(h.zhifa, 'admin', 'GET', `/api/case-codes?instanceId=${instanceId}`);
    const [code] = (codes.json as { items: { id: string }[] }).items;
    expect((await apiAs(h.zhifa, 'admin', 'POST', `/api/case-codes/${code!.id}/revoke`, { reason: '决定已撤销' })).status).toBe(200);
    const response = await h.page.goto(casePath);
    expect(response?.status()).toBe(410);
    expect(await h.page.locator('body').innerText()).not.toContain('罚款档次');
    await screenshot(h.page, 'case-02-revoked');
  });
});
