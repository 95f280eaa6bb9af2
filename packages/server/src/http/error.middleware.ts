import type { ErrorRequestHandler } from 'express';
import type { ErrorBody } from '@zhifa/api-types';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/db-unavailable.js';
import { isErrorCode, statusOfCode } from './error-status.js';

/** Seconds a client should wait before retrying when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

interface Mapped {
  readonly status: number;
  readonly body: ErrorBody;
}

/**
 * The one error middleware: every error becomes `{ error: { code, message, details } }` with the status from
 * the code table. Unknown errors are logged with their stack and answered with a bare 500; no stack trace or
 * SQL ever reaches a response.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const mapped = mapError(error);
    if (mapped.status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    else logger.debug({ code: mapped.body.error.code, url: req.originalUrl }, 'request rejected');
    if (mapped.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(mapped.status).json(mapped.body);
  };
}

export function mapError(error: unknown): Mapped {
  if (isDatabaseUnavailable(error)) {
    return body(503, 'SERVICE_UNAVAILABLE', 'database unavailable, retry later');
  }
  const code = readProp(error, 'code');
  if (typeof code === 'string' && isErrorCode(code) && error instanceof Error) {
    return body(statusOfCode[code], code, error.message, readProp(error, 'details'));
  }
  const expressStatus = readProp(error, 'status');
  const type = readProp(error, 'type');
  if (type === 'entity.too.large' || readProp(error, 'code') === 'LIMIT_FILE_SIZE') {
    return body(413, 'PAYLOAD_TOO_LARGE', 'request body too large');
  }
  if (type === 'entity.parse.failed') return body(400, 'INVALID_INPUT', 'malformed JSON body');
  if (typeof expressStatus === 'number' && expressStatus >= 400 && expressStatus < 500) {
    // body-parser / multer client errors: keep the status, never their internals.
    return body(expressStatus, expressStatus === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_INPUT', 'invalid request');
  }
  return body(500, 'INTERNAL', 'internal error');
}

function body(status: number, code: string, message: string, details?: unknown): Mapped {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

function readProp(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}
