import type { CaseCodeRecord } from './case-code.types.js';

export type RevokeOutcome =
  | { readonly type: 'revoked'; readonly record: CaseCodeRecord }
  | { readonly type: 'already-revoked'; readonly record: CaseCodeRecord }
  | { readonly type: 'not-found' };

/** Where case codes and their revocations are kept. */
export interface CaseCodeRepository {
  /**
   * Stores a new code, unless the instance already has an unrevoked one: then that one is returned unchanged
   * (the decision hook may run more than once; the first decision's code stays valid).
   */
  insert(record: CaseCodeRecord): Promise<CaseCodeRecord>;
  findById(id: string): Promise<CaseCodeRecord | null>;
  /** Every code issued for an instance: the unrevoked one (if any) first, then the revoked ones newest first. */
  findByInstance(instanceId: string): Promise<CaseCodeRecord[]>;
  /** Revokes a code once; a second revocation leaves the first one's who/when/why in place. */
  revoke(id: string, by: string, reason: string, at: string): Promise<RevokeOutcome>;
}
