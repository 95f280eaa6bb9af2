/**
 * R2: random models × random paths. After every step the restarted engine is reloaded from JSON into a
 * fresh store and Engine; its normalised dump must equal that of an engine that never restarted.
 * CI: 200 runs. `npm run test:fuzz` (ZHIFA_R2_RUNS, default 10,000 there).
 */
import { describe, expect, it } from 'vitest';
import { runR2 } from './support/r2-run.js';

const runs = Number(process.env['ZHIFA_R2_RUNS'] ?? 200);
const seed0 = Number(process.env['ZHIFA_R2_SEED'] ?? 1);

describe('R2 random models × random paths with a restart after every step', () => {
  it(`given ${runs} seeded models, when each path is replayed through JSON restarts, then state never differs`, async () => {
    const differences: string[] = [];
    const outcomes: Record<string, number> = {};
    let steps = 0;
    for (let seed = seed0; seed < seed0 + runs; seed++) {
      const r = await runR2(seed, 40);
      steps += r.steps;
      differences.push(...r.differences);
      for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    }
    console.log(`R2: ${runs} models × paths (${steps} steps, each followed by a restart), ${differences.length} differences; outcomes ${JSON.stringify(outcomes)}`);
    expect(differences.slice(0, 5)).toEqual([]);
    // The driver must actually exercise the engine, not stop at the first step.
    expect(steps).toBeGreaterThan(runs * 5);
  }, Math.max(600_000, runs * 300));
});

describe('R2 comparison itself', () => {
  it('given a restored engine whose fired-timer set lost one row, when dumps are compared, then they differ', async () => {
    const { freshEngine, normalisedDump, restore, snapshot } = await import('./support/restartable-engine.js');
    const box = freshEngine('2026-03-02T01:00:00.000Z');
    box.store.firedTimers.add('t1');
    const copy = await restore(await snapshot(box));
    expect(await normalisedDump(copy)).toBe(await normalisedDump(box));
    copy.store.firedTimers.clear();
    expect(await normalisedDump(copy)).not.toBe(await normalisedDump(box));
  });
});
