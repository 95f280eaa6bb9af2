import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompactSign } from 'jose';
import { CaseCodeAlreadyRevokedError, CaseCodeInputError, CaseCodeNotFoundError } from './case-code.errors.js';
import { CaseCodeService } from './case-code.service.js';
import { caseCodeMigrationSql } from './case-code.sql.js';
import { PENALTY_DECISION } from './case-code.fixture.js';
import { PostgresCaseCodeRepository } from './postgres-case-code.repository.js';
import { createTestSchema, OTHER_KEY, TEST_KEY, withPayload, type TestSchema } from './case-code.test-support.js';

let db: TestSchema;
let repository: PostgresCaseCodeRepository;
let clock = new Date('2026-11-27T02:00:00Z');
let service: CaseCodeService;
let sequence = 0;
const instanceId = (): string => `inst-${(sequence += 1)}-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  db = await createTestSchema();
  repository = new PostgresCaseCodeRepository(db.pool, db.schema);
  service = new CaseCodeService({ repository, keys: [TEST_KEY], now: () => clock });
});
afterAll(async () => {
  await db.drop();
});

describe('issuing', () => {
  it('given a decision when issued then the stored record round-trips and its token verifies', async () => {
    const input = { ...PENALTY_DECISION, instanceId: instanceId() };
    const { record, token } = await service.issue(input);
    expect(record).toMatchObject({ ...input, issuedAt: '2026-11-27T02:00:00.000Z', revokedAt: null });
    const stored = await repository.findById(record.id);
    expect(stored).toEqual(record);
    // The outputs keep the decision table's column order (jsonb would sort them).
    expect(Object.keys(stored!.benchmark!.outputs)).toEqual(['情节', '罚款下限', '罚款上限']);
    expect(token.split('.')).toHaveLength(3);
    expect(await service.verify(token)).toEqual({ type: 'valid', record, token });
  });

  it('given the hook runs ten times at once for one instance then one code exists and all get it', async () => {
    const input = { ...PENALTY_DECISION, instanceId: instanceId() };
    const issued = await Promise.all(Array.from({ length: 10 }, () => service.issue(input)));
    expect(new Set(issued.map((i) => i.record.id)).size).toBe(1);
    expect(new Set(issued.map((i) => i.token)).size).toBe(1);
    const rows = await db.pool.query(`SELECT count(*)::int AS n FROM "${db.schema}".case_code WHERE instance_id = $1`, [input.instanceId]);
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it.each([
    ['an empty summary', { decisionSummary: '  ' }],
    ['a step without a date', { steps: [{ activityName: '立案', completedAt: 'yesterday' }] }],
    ['a benchmark with a negative row', { benchmark: { ...PENALTY_DECISION.benchmark!, ruleIndex: -1 } }],
  ])('given %s then the issue is refused and nothing is stored', async (_label, change) => {
    const input = { ...PENALTY_DECISION, ...change, instanceId: instanceId() };
    await expect(service.issue(input)).rejects.toBeInstanceOf(CaseCodeInputError);
    const rows = await db.pool.query(`SELECT 1 FROM "${db.schema}".case_code WHERE instance_id = $1`, [input.instanceId]);
    expect(rows.rowCount).toBe(0);
  });

  it('given the migration runs again then it succeeds and keeps the data', async () => {
    const { record } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    await db.pool.query(caseCodeMigrationSql(db.schema));
    expect(await repository.findById(record.id)).toEqual(record);
  });
});

describe('verifying', () => {
  it('given a token whose payload names another code then it is invalid', async () => {
    const a = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    const b = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    const forged = withPayload(a.token, { cid: b.record.id, iid: b.record.instanceId, v: 1 });
    expect(await service.verify(forged)).toEqual({ type: 'invalid', reason: 'bad-token' });
  });

  it('given a token with a changed signature character then it is invalid', async () => {
    const { token } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature!.slice(0, 10)}${signature![10] === 'A' ? 'B' : 'A'}${signature!.slice(11)}`;
    expect(await service.verify(`${header}.${payload}.${flipped}`)).toEqual({ type: 'invalid', reason: 'bad-token' });
  });

  it('given tokens signed with another secret, with alg none, or of garbage then each is invalid', async () => {
    const { record, token } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    const stranger = new CaseCodeService({ repository, keys: [OTHER_KEY] });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.`;
    for (const bad of [await stranger.tokenFor(record), none, 'not-a-token', '', `${token}.x`, 'a'.repeat(5000)]) {
      expect(await service.verify(bad)).toEqual({ type: 'invalid', reason: 'bad-token' });
    }
  });

  it('given a correctly signed token for a code that is not stored then it is an unknown code', async () => {
    const payload = new TextEncoder().encode(JSON.stringify({ cid: 'nope', iid: 'nope', v: 1 }));
    const token = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'HS256', kid: TEST_KEY.kid })
      .sign(new TextEncoder().encode(TEST_KEY.secret));
    expect(await service.verify(token)).toEqual({ type: 'invalid', reason: 'unknown-code' });
  });

  it('given the signing key was rotated then tokens of the retired key still verify and new ones use the new key', async () => {
    const { record, token } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    const rotated = new CaseCodeService({ repository, keys: [{ kid: 'k2027', secret: 'x'.repeat(40) }, TEST_KEY] });
    expect((await rotated.verify(token)).type).toBe('valid');
    const fresh = await rotated.tokenFor(record);
    expect(fresh).not.toBe(token);
    expect((await rotated.verify(fresh)).type).toBe('valid');
    expect((await service.verify(fresh)).type).toBe('invalid');
  });
});

describe('revoking', () => {
  it('given a code when revoked then its token verifies as revoked with who, when and why', async () => {
    const { record, token } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    clock = new Date('2026-12-01T03:00:00Z');
    const revoked = await service.revoke(record.id, 'admin-1', '  决定经复议撤销 ');
    expect(revoked).toMatchObject({ revokedAt: '2026-12-01T03:00:00.000Z', revokedBy: 'admin-1', revokeReason: '决定经复议撤销' });
    expect(await service.verify(token)).toEqual({ type: 'revoked', record: revoked, token });
  });

  it('given a revoked code when revoked again then 409 and the first revocation stays', async () => {
    const { record } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    const first = await service.revoke(record.id, 'admin-1', '第一次');
    await expect(service.revoke(record.id, 'admin-2', '第二次')).rejects.toBeInstanceOf(CaseCodeAlreadyRevokedError);
    expect(await service.get(record.id)).toEqual(first);
  });

  it('given an unknown id or an empty reason then revoke is refused', async () => {
    const { record } = await service.issue({ ...PENALTY_DECISION, instanceId: instanceId() });
    await expect(service.revoke('missing', 'admin-1', 'x')).rejects.toBeInstanceOf(CaseCodeNotFoundError);
    await expect(service.revoke(record.id, 'admin-1', ' ')).rejects.toBeInstanceOf(CaseCodeInputError);
    expect((await service.get(record.id)).revokedAt).toBeNull();
  });

  it('given the code of an instance was revoked when the decision is issued again then a new code replaces it', async () => {
    const input = { ...PENALTY_DECISION, instanceId: instanceId() };
    const first = await service.issue(input);
    await service.revoke(first.record.id, 'admin-1', '决定更正');
    const second = await service.issue({ ...input, decisionSummary: '更正后的决定' });
    expect(second.record.id).not.toBe(first.record.id);
    expect((await service.verify(first.token)).type).toBe('revoked');
    expect((await service.verify(second.token)).type).toBe('valid');
  });
});
