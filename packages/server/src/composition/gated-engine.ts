import type { EngineApi } from '@zhifa/engine';

/** Counting semaphore: at most `size` holders at once, the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/**
 * A bulkhead in front of the engine: at most `size` commands run at once in this process, so the units of
 * work (each holding a pooled connection, sometimes asking for a second one) can never exhaust the pool.
 * Set it to at most half the pool size. A proxy, so every method the engine gains is gated too; calls the
 * engine makes to itself go to the target and do not queue twice.
 */
export function gateEngine(engine: EngineApi, size: number): EngineApi {
  const gate = new Semaphore(Math.max(1, size));
  return new Proxy(engine, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => gate.run(async () => Reflect.apply(value, target, args));
    },
  });
}
