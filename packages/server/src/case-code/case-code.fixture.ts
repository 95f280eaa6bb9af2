import type { CaseCodeRecord, IssueCaseCodeInput } from './case-code.types.js';

/** A decision of the legal-review process as the hook hands it over; used by this module's tests. */
export const PENALTY_DECISION: IssueCaseCodeInput = {
  instanceId: 'inst-2026-0001',
  processName: '重大行政执法决定法制审核',
  decisionSummary:
    '当事人张三（身份证号110101199003071233，电话13812341234）销售过期食品，违反《食品安全法》第三十四条。决定：罚款人民币5000元。承办人：李四、王五等。',
  steps: [
    { activityName: '立案', completedAt: '2026-11-02T01:30:00Z' },
    { activityName: '调查取证', completedAt: '2026-11-10T08:00:00Z' },
    { activityName: '法制审核', completedAt: '2026-11-26T17:00:00Z' },
  ],
  benchmark: {
    tableName: '市场监管行政处罚裁量基准（食品经营）',
    decisionId: 'food-penalty-benchmark',
    version: 3,
    ruleId: 'rule-normal',
    ruleIndex: 1,
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
    outputs: { 情节: '一般', 罚款下限: 5000, 罚款上限: 20000 },
  },
  personalNames: ['张三'],
};

/** The fixture as a stored record. */
export function penaltyRecord(overrides: Partial<CaseCodeRecord> = {}): CaseCodeRecord {
  return {
    ...PENALTY_DECISION,
    personalNames: PENALTY_DECISION.personalNames ?? [],
    id: 'code-1',
    issuedAt: '2026-11-27T02:00:00Z',
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    ...overrides,
  };
}
