/**
 * Who caused an engine transition. API requests run inside `actAs(caller)`; the instance store's history
 * writes then name that user on every entry the engine left without an actor (a cancel, a variable change,
 * a correlated message, a completed job…), in the same transaction as the entries themselves (A1). Work
 * started outside a request (timers, queue workers) names nobody, as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { InstanceStore } from '@zhifa/engine';
import { principalOf } from '../auth/principal.js';

const acting = new AsyncLocalStorage<string>();

export function actAs<T>(userId: string, work: () => T): T {
  return acting.run(userId, work);
}

/** The user whose request is running, if any. */
export function actingUser(): string | undefined {
  return acting.getStore();
}

/** Runs the rest of an authenticated request as its caller (mount after the auth middleware). */
export function actAsCaller(): RequestHandler {
  return (_req, res, next) => {
    actAs(principalOf(res).id, next);
  };
}

/** The store, with history entries attributed to the acting user where the engine named nobody. */
export function attributingStore<S extends InstanceStore>(inner: S): S {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'appendHistory') {
        return (tx: Parameters<InstanceStore['appendHistory']>[0], records: Parameters<InstanceStore['appendHistory']>[1]) => {
          const actor = actingUser();
          return target.appendHistory(tx, actor === undefined ? records : records.map((r) => (r.actor === undefined ? { ...r, actor } : r)));
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
