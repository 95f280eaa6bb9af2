import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { principalOf } from '../auth/principal.js';
import { invalidInput } from './api-error.js';

/** What the handler answered: kept for replays of the same key. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
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
    if (outcome.replayed) {
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(outcome.response.status).json(outcome.response.body);
    }
  };
}

/** Lets the rest of the chain answer, and resolves with what it sent as JSON once the response is done. */
function captureResponse(res: Response, next: () => void): Promise<StoredResponse> {
  return new Promise((resolve) => {
    let body: unknown = null;
    const json = res.json.bind(res);
    res.json = (value: unknown) => {
      body = value;
      return json(value);
    };
    res.on('finish', () => resolve({ status: res.statusCode, body }));
    res.on('close', () => resolve({ status: res.statusCode >= 400 ? res.statusCode : 500, body }));
    next();
  });
}
