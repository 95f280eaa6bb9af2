import type { ErrorCode } from '@zhifa/api-types';

/**
 * Errors of the case code module. `code` is one of the API's error codes, so the server's one error middleware maps
 * them to a status without knowing this module; `reason` tells the cases apart.
 */
export class CaseCodeError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CaseCodeError';
  }
}

export class CaseCodeNotFoundError extends CaseCodeError {
  constructor(id: string) {
    super('NOT_FOUND', 'CASE_CODE_NOT_FOUND', `case code '${id}' not found`, { what: 'case code', id });
    this.name = 'CaseCodeNotFoundError';
  }
}

export class CaseCodeAlreadyRevokedError extends CaseCodeError {
  constructor(id: string, revokedAt: string) {
    super('CONFLICT', 'CASE_CODE_ALREADY_REVOKED', `case code '${id}' was already revoked`, { id, revokedAt });
    this.name = 'CaseCodeAlreadyRevokedError';
  }
}

export class CaseCodeInputError extends CaseCodeError {
  constructor(message: string, details?: unknown) {
    super('INVALID_INPUT', 'CASE_CODE_INVALID_INPUT', message, details);
    this.name = 'CaseCodeInputError';
  }
}

/** A misconfiguration found at start-up (e.g. a signing secret that is too short). */
export class CaseCodeConfigError extends CaseCodeError {
  constructor(message: string) {
    super('INTERNAL', 'CASE_CODE_CONFIG', message);
    this.name = 'CaseCodeConfigError';
  }
}
