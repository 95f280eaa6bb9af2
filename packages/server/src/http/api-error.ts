import type { ErrorCode } from '@zhifa/api-types';

/** An error raised by the server layer itself (auth, access, request shape). Engine errors carry codes too. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unauthenticated = (message = 'authentication required'): ApiError =>
  new ApiError('UNAUTHENTICATED', message);
export const forbidden = (message = 'not allowed'): ApiError => new ApiError('FORBIDDEN', message);
export const notFound = (what: string, id: string): ApiError =>
  new ApiError('NOT_FOUND', `${what} '${id}' not found`, { what, id });
export const invalidInput = (message: string, details?: unknown): ApiError =>
  new ApiError('INVALID_INPUT', message, details);
export const conflict = (message: string, details?: unknown): ApiError => new ApiError('STALE_STATE', message, details);
