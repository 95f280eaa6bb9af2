import { randomBytes } from 'node:crypto';
import { CaseCodeAlreadyRevokedError, CaseCodeInputError, CaseCodeNotFoundError } from './case-code.errors.js';
import { CaseCodeTokenCodec } from './case-code-token.js';
import { parseAppliedBenchmark, parseCaseSteps } from './case-code.parse.js';
import type { CaseCodeRepository } from './case-code.repository.js';
import type {
  CaseCodeRecord,
  CaseCodeSigningKey,
  CaseCodeVerification,
  IssueCaseCodeInput,
} from './case-code.types.js';

export interface CaseCodeServiceOptions {
  readonly repository: CaseCodeRepository;
  /** The first key signs new tokens; all of them verify (keep retired keys here while their QR codes are in use). */
  readonly keys: readonly CaseCodeSigningKey[];
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export interface IssuedCaseCode {
  readonly record: CaseCodeRecord;
  readonly token: string;
}

const LIMITS = { text: 200, summary: 4000, steps: 200, names: 100, reason: 500 } as const;

/** Issues, checks and revokes case codes (一案一码): signed public links to a decision. */
export class CaseCodeService {
  private readonly codec: CaseCodeTokenCodec;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: CaseCodeServiceOptions) {
    this.codec = new CaseCodeTokenCodec(options.keys);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? newCaseCodeId;
  }

  /** Issues the code for a decision; if the instance already has an unrevoked code, that one is returned. */
  async issue(input: IssueCaseCodeInput): Promise<IssuedCaseCode> {
    const record = await this.options.repository.insert({
      ...validated(input),
      id: this.newId(),
      issuedAt: this.now().toISOString(),
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    });
    return { record, token: await this.tokenFor(record) };
  }

  /** The token of a stored code (tokens are deterministic, so a QR code can be printed again at any time). */
  tokenFor(record: CaseCodeRecord): Promise<string> {
    return this.codec.sign({ cid: record.id, iid: record.instanceId, v: 1 });
  }

  /** Checks the signature first (no database lookup for forged tokens), then that the code exists and is not revoked. */
  async verify(token: string): Promise<CaseCodeVerification> {
    const claims = await this.codec.verify(token);
    if (claims === null) return { type: 'invalid', reason: 'bad-token' };
    const record = await this.options.repository.findById(claims.cid);
    if (record === null || record.instanceId !== claims.iid) return { type: 'invalid', reason: 'unknown-code' };
    return record.revokedAt === null ? { type: 'valid', record, token } : { type: 'revoked', record, token };
  }

  async get(id: string): Promise<CaseCodeRecord> {
    const record = await this.options.repository.findById(id);
    if (record === null) throw new CaseCodeNotFoundError(id);
    return record;
  }

  /** Every code of an instance, newest first; at most one of them is unrevoked. */
  listForInstance(instanceId: string): Promise<CaseCodeRecord[]> {
    return this.options.repository.findByInstance(instanceId);
  }

  async revoke(id: string, by: string, reason: string): Promise<CaseCodeRecord> {
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > LIMITS.reason) {
      throw new CaseCodeInputError(`a revocation reason of 1 to ${LIMITS.reason} characters is required`);
    }
    const outcome = await this.options.repository.revoke(id, by, trimmed, this.now().toISOString());
    switch (outcome.type) {
      case 'revoked':
        return outcome.record;
      case 'already-revoked':
        throw new CaseCodeAlreadyRevokedError(id, outcome.record.revokedAt ?? '');
      case 'not-found':
        throw new CaseCodeNotFoundError(id);
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  }
}

/** 96 random bits in 16 URL-safe characters: unguessable, and short so the token (and the QR code) stays small. */
function newCaseCodeId(): string {
  return randomBytes(12).toString('base64url');
}

/** Checks the hook's input at run time too: it is built from process variables, which nothing typed. */
function validated(input: IssueCaseCodeInput): Omit<CaseCodeRecord, 'id' | 'issuedAt' | 'revokedAt' | 'revokedBy' | 'revokeReason'> {
  const fail = (message: string): never => {
    throw new CaseCodeInputError(message);
  };
  const text = (name: string, value: unknown, max: number): string =>
    typeof value === 'string' && value.trim() !== '' && value.length <= max ? value : fail(`${name} must be 1 to ${max} characters`);
  const steps = parseCaseSteps(input.steps) ?? fail('steps must be a list of { activityName, completedAt }');
  if (steps.length > LIMITS.steps) fail(`at most ${LIMITS.steps} steps`);
  steps.forEach((step, i) => text(`steps[${i}].activityName`, step.activityName, LIMITS.text));
  const benchmark = input.benchmark === null ? null : (parseAppliedBenchmark(input.benchmark) ?? fail('benchmark is malformed'));
  const names = input.personalNames ?? [];
  if (names.length > LIMITS.names) fail(`at most ${LIMITS.names} personal names`);
  return {
    instanceId: text('instanceId', input.instanceId, LIMITS.text),
    processName: text('processName', input.processName, LIMITS.text),
    decisionSummary: text('decisionSummary', input.decisionSummary, LIMITS.summary),
    steps,
    benchmark,
    personalNames: names.map((name, i) => text(`personalNames[${i}]`, name, LIMITS.text)),
  };
}
