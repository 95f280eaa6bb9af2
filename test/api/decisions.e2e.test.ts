import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/client.js';
import { startTestServer, type TestServer } from './support/harness.js';

// The decisions router is not exported by @zhifa/server nor mounted by startZhifa yet: it is composed in here
// as a feature router, the way the lead will mount it (see packages/server/src/decisions/index.ts).

const benchmarkXml = await readFile(new URL('../../processes/penalty-discretion-benchmark.dmn', import.meta.url), 'utf8');

/** Two rules both match an amount of 5000 under hit policy UNIQUE: an overlap the author must fix. */
const overlappingTable = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="overlap-definitions" name="重叠的基准" namespace="http://zhifa.test/dmn">
  <decision id="overlap" name="重叠">
    <decisionTable id="overlap-table" hitPolicy="UNIQUE">
      <input id="overlap-amount" label="金额"><inputExpression id="overlap-amount-expr" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="overlap-level" name="level" typeRef="string" />
      <rule id="low-band"><inputEntry><text>&lt;= 5000</text></inputEntry><outputEntry><text>"低"</text></outputEntry></rule>
      <rule id="high-band"><inputEntry><text>&gt;= 5000</text></inputEntry><outputEntry><text>"高"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

/** 从重: no harm, not corrected, aggravating, no mitigation, goods worth 5000 yuan (< 10000). */
const aggravatedCase = {
  labelDefectOnly: false, firstOffence: false, harmLevel: '无危害后果', correctedInTime: false, mitigating: false, aggravating: true, goodsValue: 5000,
};

interface Definition {
  id: string; key: string; name: string; version: number; deployedAt: string; deploymentId: string;
  decisions: { id: string; name: string; table: { hitPolicy: string; inputs: { id: string; typeRef: string | null }[]; annotationColumns: string[] } | null }[];
}
interface Evaluation {
  result: { level: string; fineMin: number; fineMax: number; measures: string };
  matchedRules: { ruleId: string; annotations: Record<string, string> }[];
  decisionVersion: number;
  decisionId: string;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { ruleIds?: string[]; input?: { id: string; name: string }; decisionVersion?: number } };
}

let server: TestServer;
let analyst: ApiClient;
let staff: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  const anonymous = new ApiClient(server.url);
  analyst = await anonymous.as('analyst');
  staff = await anonymous.as('zhang.san');
});
afterAll(async () => {
  await server?.close();
});

async function deploy(name: string, content: string): Promise<void> {
  const reply = await analyst.post('/api/deployments', { name, resources: [{ name, content }] });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
}

describe('decision definitions', () => {
  it('given the benchmark deployed as a .dmn resource, when listed, then it is version 1 with its table columns', async () => {
    await deploy('penalty-discretion-benchmark.dmn', benchmarkXml);
    const list = await staff.get<Definition[]>('/api/decision-definitions');
    expect(list.status).toBe(200);
    const benchmark = list.body.find((d) => d.key === 'penalty-discretion-benchmark-definitions');
    expect(benchmark).toMatchObject({ name: '市场监管行政处罚裁量基准', version: 1, deploymentId: expect.any(String), deployedAt: expect.any(String) });
    const [decision] = benchmark?.decisions ?? [];
    expect(decision).toMatchObject({ id: 'penalty-discretion-benchmark', name: '食品标签违法行政处罚裁量基准' });
    expect(decision?.table?.hitPolicy).toBe('UNIQUE');
    expect(decision?.table?.inputs.map((i) => i.typeRef)).toEqual(['boolean', 'boolean', 'string', 'boolean', 'boolean', 'boolean', 'number']);
    expect(decision?.table?.annotationColumns).toEqual(['legalBasis']);

    // the filter takes the definitions key or a decision id; one version and its XML can be fetched
    const byDecision = await staff.get<Definition[]>('/api/decision-definitions?key=penalty-discretion-benchmark');
    expect(byDecision.body.map((d) => d.id)).toEqual([benchmark?.id]);
    expect((await staff.get<Definition[]>('/api/decision-definitions?key=nothing-like-it')).body).toEqual([]);
    const one = await staff.get<Definition>(`/api/decision-definitions/${benchmark?.id}`);
    expect(one.body).toMatchObject({ id: benchmark?.id, version: 1 });
    const xml = await staff.get<string>(`/api/decision-definitions/${benchmark?.id}/xml`);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(xml.body).toBe(benchmarkXml);
    expect((await staff.get('/api/decision-definitions/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('is for logged-in users only', async () => {
    expect((await new ApiClient(server.url).get('/api/decision-definitions')).status).toBe(401);
    expect((await new ApiClient(server.url).post('/api/decisions/key/penalty-discretion-benchmark/evaluate', { variables: {} })).status).toBe(401);
  });
});

describe('POST /api/decisions/key/:key/evaluate', () => {
  it('given a 从重 case, when evaluated, then the aggravated row applies with its fine range and legal basis', async () => {
    const reply = await staff.post<Evaluation>('/api/decisions/key/penalty-discretion-benchmark/evaluate', { variables: aggravatedCase });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.result).toMatchObject({ level: '从重处罚', fineMin: 36500, fineMax: 50000 });
    expect(reply.body.matchedRules.map((r) => r.ruleId)).toEqual(['no-harm-aggravated-under-10k']);
    expect(reply.body.matchedRules[0]?.annotations['legalBasis']).toContain('第一百二十五条第一款');
    expect(reply.body).toMatchObject({ decisionVersion: 1, decisionId: 'penalty-discretion-benchmark' });

    // goods worth 20000 fall in the ×8.5–×10 band of the same 情节
    const higher = await staff.post<Evaluation>('/api/decisions/key/penalty-discretion-benchmark/evaluate', { variables: { ...aggravatedCase, goodsValue: 20000 } });
    expect(higher.body.result).toMatchObject({ level: '从重处罚', fineMin: 170000, fineMax: 200000 });
    expect(higher.body.matchedRules.map((r) => r.ruleId)).toEqual(['no-harm-aggravated-10k-plus']);
  });

  it('given a second version, then the latest is used unless ?version= asks for an older one', async () => {
    await deploy('penalty-discretion-benchmark.dmn', benchmarkXml.replace('no-harm-aggravated-under-10k-out-1"><text>36500', 'no-harm-aggravated-under-10k-out-1"><text>36000'));
    const latest = await staff.post<Evaluation>('/api/decisions/key/penalty-discretion-benchmark/evaluate', { variables: aggravatedCase });
    expect(latest.body).toMatchObject({ decisionVersion: 2, result: { fineMin: 36000 } });
    const first = await staff.post<Evaluation>('/api/decisions/key/penalty-discretion-benchmark/evaluate?version=1', { variables: aggravatedCase });
    expect(first.body).toMatchObject({ decisionVersion: 1, result: { fineMin: 36500 } });
    // the definitions key works as well
    const byKey = await staff.post<Evaluation>('/api/decisions/key/penalty-discretion-benchmark-definitions/evaluate', { variables: aggravatedCase });
    expect(byKey.body.decisionVersion).toBe(2);
    expect((await staff.post('/api/decisions/key/penalty-discretion-benchmark/evaluate?version=9', { variables: aggravatedCase })).status).toBe(404);
  });

  it('given a UNIQUE table where two rules match, then 422 names both rules', async () => {
    await deploy('overlap.dmn', overlappingTable);
    const reply = await staff.post<ErrorBody>('/api/decisions/key/overlap/evaluate', { variables: { amount: 5000 } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('DECISION_FAILED');
    expect(reply.body.error.details?.ruleIds).toEqual(['low-band', 'high-band']);
    expect(reply.body.error.message).toContain('low-band');
    expect(reply.body.error.message).toContain('high-band');
    // amounts in only one band still decide
    const low = await staff.post<{ result: string }>('/api/decisions/key/overlap/evaluate', { variables: { amount: 100 } });
    expect(low.body.result).toBe('低');
  });

  it('given an input of the wrong type, then 422 names the input', async () => {
    const reply = await staff.post<ErrorBody>('/api/decisions/key/penalty-discretion-benchmark/evaluate', { variables: { ...aggravatedCase, goodsValue: '五千' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('DECISION_FAILED');
    expect(reply.body.error.details?.input).toEqual({ id: 'penalty-discretion-benchmark-input-goodsValue', name: '货值金额（元）' });
    expect(reply.body.error.message).toContain('货值金额（元）');
  });

  it('given an unknown key or a malformed request, then 404 and 400', async () => {
    const unknown = await staff.post<ErrorBody>('/api/decisions/key/no-such-decision/evaluate', { variables: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await staff.post('/api/decisions/key/overlap/evaluate', { variables: [1, 2] })).status).toBe(400);
    expect((await staff.post('/api/decisions/key/overlap/evaluate?version=first', { variables: {} })).status).toBe(400);
  });
});
