import { describe, expect, it } from 'vitest';
import { toCaseCodes } from './case-codes-section.js';

describe('case codes of an instance', () => {
  it('reads valid and revoked codes from the admin list', () => {
    const rows = toCaseCodes({ items: [
      { id: 'cc-1', instanceId: 'i-1', decisionSummary: '罚款 5000 元', issuedAt: '2026-11-01T00:00:00Z', url: 'http://x/case/t', revokedAt: null, revokedBy: null, revokeReason: null },
      { id: 'cc-2', decisionSummary: '', issuedAt: '2026-11-02T00:00:00Z', url: null, revokedAt: '2026-11-03T00:00:00Z', revokedBy: 'user-admin', revokeReason: '信息有误' },
      { decisionSummary: 'no id' },
    ] });
    expect(rows.map((r) => [r.id, r.revokedAt !== null, r.revokeReason])).toEqual([['cc-1', false, null], ['cc-2', true, '信息有误']]);
    expect(toCaseCodes({})).toEqual([]);
  });
});
