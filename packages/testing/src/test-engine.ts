/**
 * Scenario helpers: an Engine wired to in-memory adapters and a manual clock, plus time travel that
 * fires due timers in due order (each at its own due time, so cycles repeat correctly).
 */
import { Engine, type EngineDeps } from '@zhifa/engine';
import { InMemoryDefinitionRepository } from './in-memory-definition-repository.js';
import { InMemoryInstanceStore } from './in-memory-instance-store.js';
import { ManualClock } from './manual-clock.js';
import { InMemoryJobQueue, RecordingTimerScheduler } from './recording-adapters.js';
import { SequentialIdGenerator } from './sequential-ids.js';

export interface TestEngine {
  readonly engine: Engine;
  readonly store: InMemoryInstanceStore;
  readonly definitions: InMemoryDefinitionRepository;
  readonly clock: ManualClock;
  readonly timers: RecordingTimerScheduler;
  readonly jobs: InMemoryJobQueue;
  /** Moves the clock forward by an ISO duration, firing every timer that falls due on the way. */
  advance(isoDuration: string): Promise<number>;
  /** Moves the clock to an instant, firing every timer that falls due on the way. */
  setTime(iso: string): Promise<number>;
}

export function createTestEngine(options: { start?: string; deps?: Partial<EngineDeps> } = {}): TestEngine {
  const store = new InMemoryInstanceStore();
  const definitions = new InMemoryDefinitionRepository();
  const clock = new ManualClock(options.start ?? '2025-01-01T00:00:00.000Z');
  const timers = new RecordingTimerScheduler();
  const jobs = new InMemoryJobQueue();
  const engine = new Engine({ store, definitions, clock, ids: new SequentialIdGenerator(), timers, jobs, ...options.deps });
  const fireUntil = async (target: number): Promise<number> => {
    let fired = 0;
    for (let guard = 0; guard < 100_000; guard++) {
      const [next] = await store.findDueTimers(new Date(target).toISOString(), 1);
      if (!next) break;
      const due = Date.parse(next.dueAt);
      if (due > clock.now().getTime()) clock.set(new Date(due));
      if (await engine.fireTimer(next.id)) fired += 1;
    }
    clock.set(new Date(target));
    return fired;
  };
  return {
    engine,
    store,
    definitions,
    clock,
    timers,
    jobs,
    advance: async (d) => {
      const probe = new ManualClock(clock.now());
      probe.advance(d);
      return fireUntil(probe.now().getTime());
    },
    setTime: (iso) => fireUntil(Date.parse(iso)),
  };
}
