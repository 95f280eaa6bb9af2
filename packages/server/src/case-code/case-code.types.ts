/** A JSON value as stored in the case code record (benchmark outputs come from a decision table). */
export type CaseCodeJson = string | number | boolean | null | readonly CaseCodeJson[] | { readonly [key: string]: CaseCodeJson };

/** One step the case passed on the way to its decision. */
export interface CaseStep {
  readonly activityName: string;
  /** ISO 8601 instant the step was completed. */
  readonly completedAt: string;
}

/** The discretion benchmark (行政裁量权基准) row applied to the decision. */
export interface AppliedBenchmark {
  /** Name of the decision table as shown to people. */
  readonly tableName: string;
  readonly decisionId: string;
  /** Deployed version of the decision. */
  readonly version: number;
  readonly ruleId: string;
  /** Position of the matched rule in its table, 0-based (as the engine reports it). */
  readonly ruleIndex: number;
  /** Text of the legal-basis annotation column of the matched rule, if the table has one. */
  readonly legalBasis: string | null;
  /** Output name → value of the matched rule (e.g. the fine range). */
  readonly outputs: Readonly<Record<string, CaseCodeJson>>;
}

/** What a case code (一案一码) says about one decision, as stored. Personal data is stored as given and masked on display. */
export interface CaseCodeRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly processName: string;
  readonly decisionSummary: string;
  readonly steps: readonly CaseStep[];
  readonly benchmark: AppliedBenchmark | null;
  /** Names of people known to appear in the texts (parties, officers); masked wherever they occur. */
  readonly personalNames: readonly string[];
  readonly issuedAt: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

/** What the decision hook hands over when a case reaches its decision. */
export interface IssueCaseCodeInput {
  readonly instanceId: string;
  readonly processName: string;
  readonly decisionSummary: string;
  readonly steps: readonly CaseStep[];
  readonly benchmark: AppliedBenchmark | null;
  readonly personalNames?: readonly string[];
}

/** An HMAC key for signing case codes; `kid` goes into the token header so keys can be rotated. */
export interface CaseCodeSigningKey {
  readonly kid: string;
  /** At least 32 bytes. */
  readonly secret: string | Uint8Array;
}

export const InvalidTokenReason = {
  /** Malformed, forged, signed with an unknown key, or not a case code token at all. */
  BAD_TOKEN: 'bad-token',
  /** Correctly signed, but no such code is stored (e.g. a database restored from an older backup). */
  UNKNOWN_CODE: 'unknown-code',
} as const;
export type InvalidTokenReason = (typeof InvalidTokenReason)[keyof typeof InvalidTokenReason];

/** Outcome of checking a public token: the router answers 200, 410 or 404. */
export type CaseCodeVerification =
  | { readonly type: 'valid'; readonly record: CaseCodeRecord; readonly token: string }
  | { readonly type: 'revoked'; readonly record: CaseCodeRecord; readonly token: string }
  | { readonly type: 'invalid'; readonly reason: InvalidTokenReason };

/** A record as the admin API returns it: with its token and public URL (to reprint the QR code). */
export interface CaseCodeAdminView extends CaseCodeRecord {
  readonly token: string;
  readonly url: string | null;
}
