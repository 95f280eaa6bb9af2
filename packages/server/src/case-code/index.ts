/** 一案一码 (case codes): signed public links and QR codes for case decisions, the public page and admin revocation. */
export type {
  AppliedBenchmark,
  CaseCodeAdminView,
  CaseCodeJson,
  CaseCodeRecord,
  CaseCodeSigningKey,
  CaseCodeVerification,
  CaseStep,
  IssueCaseCodeInput,
} from './case-code.types.js';
export { InvalidTokenReason } from './case-code.types.js';
export {
  CaseCodeAlreadyRevokedError,
  CaseCodeConfigError,
  CaseCodeError,
  CaseCodeInputError,
  CaseCodeNotFoundError,
} from './case-code.errors.js';
export { CaseCodeService, type CaseCodeServiceOptions, type IssuedCaseCode } from './case-code.service.js';
export type { CaseCodeRepository, RevokeOutcome } from './case-code.repository.js';
export { PostgresCaseCodeRepository } from './postgres-case-code.repository.js';
export { caseCodeMigrationSql, type SqlQueryable } from './case-code.sql.js';
export { parseAppliedBenchmark, parseCaseSteps } from './case-code.parse.js';
export {
  COMPOUND_SURNAMES,
  PersonalField,
  isResidentIdNumber,
  maskField,
  maskIdNumber,
  maskMobile,
  maskName,
  maskText,
  type MaskTextOptions,
} from './masking.js';
export { caseCodeQrPng, caseCodeQrSvg, caseCodeUrl } from './qr.js';
export { CASE_PAGE_CSP, renderCasePage, renderInvalidCasePage, renderRevokedCasePage, type CasePageOptions } from './case-page.js';
export { toPublicCaseView, type PublicCaseView } from './public-case-view.js';
export {
  createCaseCodeAdminRouter,
  createCaseCodeRouter,
  type CaseCodeAdminRouterOptions,
  type CaseCodeRouterOptions,
} from './case-code.router.js';
