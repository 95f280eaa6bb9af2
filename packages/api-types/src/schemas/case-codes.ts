/** 一案一码 case codes as the admin API shows them (the public page `/case/:token` is HTML, outside the API). */
import { z } from 'zod';
import { IsoDateTime, JsonValue } from './common.js';

/** `GET /api/case-codes?instanceId=`. */
export const CaseCodeListQuery = z.object({ instanceId: z.string().min(1) });
export type CaseCodeListQuery = z.infer<typeof CaseCodeListQuery>;

/** `POST /api/case-codes/:id/revoke`. */
export const RevokeCaseCodeRequest = z.object({ reason: z.string() });
export type RevokeCaseCodeRequest = z.infer<typeof RevokeCaseCodeRequest>;

/** The discretion benchmark (行政裁量权基准) row applied to the decision. */
export const AppliedBenchmark = z.object({
  tableName: z.string(),
  decisionId: z.string(),
  version: z.number().int(),
  ruleId: z.string(),
  ruleIndex: z.number().int(),
  legalBasis: z.string().nullable(),
  outputs: z.record(z.string(), JsonValue),
});

/** A case code with its token and public URL (to reprint the QR code); personal data unmasked (admins only). */
export const CaseCodeAdminView = z.object({
  id: z.string(),
  instanceId: z.string(),
  processName: z.string(),
  decisionSummary: z.string(),
  steps: z.array(z.object({ activityName: z.string(), completedAt: IsoDateTime })),
  benchmark: AppliedBenchmark.nullable(),
  personalNames: z.array(z.string()),
  issuedAt: IsoDateTime,
  revokedAt: IsoDateTime.nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  token: z.string(),
  url: z.string().nullable(),
});
export type CaseCodeAdminView = z.infer<typeof CaseCodeAdminView>;

export const CaseCodeList = z.object({ items: z.array(CaseCodeAdminView) });
export type CaseCodeList = z.infer<typeof CaseCodeList>;
