import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { principalOf } from '../auth/principal.js';
import { invalidInput } from './api-error.js';

/**
 * What the handler answered, as sent: the body text (undefined when it sent none, or a non-text body) and its
 * content type. Kept for replays of the same key, which send these exact bytes again.
 */
export interface StoredResponse {
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
}

/**
 * Runs a request at most once per (user, route, key). `execute` runs the handler; a concurrent or later
 * request with the same key waits for the first to finish and gets its stored answer instead.
 */
export interface IdempotencyStore {
  once(
    input: { readonly key: string; readonly userId: string; readonly route: string; readonly requestHash: string },
    execute: () => Promise<StoredResponse>,
  ): Promise<{ readonly replayed: boolean; readonly response: StoredResponse }>;
}

const KEY = /^[A-Za-z0-9_\-.:]{1,200}$/;
const MUTATING = new Set(['POST', 'PUT', 'DELETE']);

/**
 * `Idempotency-Key` on state-changing requests (issue 9 item 4; C6): one effect, identical answers. Server
 * errors (5xx) are not stored, so a retry after one runs again. Mount after authentication and JSON parsing.
 */
export function idempotency(store: IdempotencyStore): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (key === undefined || !MUTATING.has(req.method)) {
      next();
      return;
    }
    if (!KEY.test(key)) throw invalidInput('Idempotency-Key must be 1–200 letters, digits or - _ . :');
    const user = principalOf(res);
    const requestHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const outcome = await store.once({ key, userId: user.id, route: `${req.method} ${req.baseUrl}${req.path}`, requestHash }, () =>
      captureResponse(res, next),
    );
    if (outcome.replayed) replay(res, outcome.response);
  };
}

/** Sends a stored answer again, byte for byte. */
function replay(res: Response, stored: StoredResponse): void {
  res.setHeader('Idempotent-Replayed', 'true');
  res.status(stored.status);
  if (stored.contentType !== undefined) res.setHeader('Content-Type', stored.contentType);
  if (stored.body === undefined) res.end();
  else res.send(stored.body);
}

/**
 * Lets the rest of the chain answer, and resolves with the text it sent once the response is done.
 * `res.json` and `res.send(object)` both end in `res.send(text)`, so the text is taken there: it is exactly
 * what went out.
 */
function captureResponse(res: Response, next: () => void): Promise<StoredResponse> {
  return new Promise((resolve) => {
    let body: string | undefined;
    const send = res.send.bind(res);
    res.send = (chunk?: unknown) => {
      if (typeof chunk === 'string') body = chunk;
      return send(chunk);
    };
    const answer = (status: number): StoredResponse => {
      const type = res.get('Content-Type');
      return { status, ...(body !== undefined && { body }), ...(type !== undefined && { contentType: type }) };
    };
    res.on('finish', () => resolve(answer(res.statusCode)));
    res.on('close', () => resolve(answer(res.statusCode >= 400 ? res.statusCode : 500)));
    next();
  });
}
