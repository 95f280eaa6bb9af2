/**
 * C5's hook: an InstanceStore wrapper whose next unit of work that updates an instance pauses just before
 * commit (row lock held, nothing visible yet), so another command can run into it.
 */
import type { InstanceStore, StoreTransaction } from '@zhifa/engine';

export interface PausingStore {
  readonly store: InstanceStore;
  /** The next transaction that calls `updateInstance` waits `ms` after its work, before committing. */
  pauseNextCommit(ms: number): Promise<void>;
}

export function pausingStore(inner: InstanceStore): PausingStore {
  const updated = new WeakSet<StoreTransaction>();
  let pending: { ms: number; reached: () => void } | undefined;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'updateInstance') {
        return async (tx: StoreTransaction, update: Parameters<InstanceStore['updateInstance']>[1]) => {
          updated.add(tx);
          return target.updateInstance(tx, update);
        };
      }
      if (prop === 'transaction') {
        return <T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> =>
          target.transaction(async (tx) => {
            const result = await work(tx);
            const pause = pending;
            if (pause && updated.has(tx)) {
              pending = undefined;
              pause.reached();
              await new Promise((r) => setTimeout(r, pause.ms));
            }
            return result;
          });
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store,
    pauseNextCommit: (ms) =>
      new Promise<void>((reached) => {
        pending = { ms, reached };
      }),
  };
}
