/** `npm run bench` reads the benchmarks' own prints: these are real outputs of each (trimmed). */
import { describe, expect, it } from 'vitest';
import { apiRows, auditRows, engineRows, inboxRows, timerRows } from './support/bench-parse.js';

const engineOutput = `
┌─────────┬───────────────────────────┬──────────────┬───────────┬────────────┬──────────┐
│ (index) │ model                     │ runs         │ ours      │ bpmnEngine │ ratio    │
├─────────┼───────────────────────────┼──────────────┼───────────┼────────────┼──────────┤
│ 0       │ 'straight user tasks (3)' │ '2000 / 200' │ '16393/s' │ '117.9/s'  │ '139.0×' │
│ 1       │ 'parallel fork/join (10)' │ '500 / 50'   │ '1934/s'  │ '35.5/s'   │ '54.5×'  │
└─────────┴───────────────────────────┴──────────────┴───────────┴────────────┴──────────┘`;

const timersOutput = `[redis] enqueued 20000 timers in 1.2 s (burst in 0.3 s)

20000 pending timers, 5000 due within one second; 1 workers x concurrency 100
┌─────────┬────────────┬───────────┬─────────────────┬────────┬────────┬─────────┬─────────────┬────────────┐
│ (index) │ backend    │ enqueue/s │ lateness p50 ms │ p99 ms │ max ms │ fires/s │ fired       │ duplicates │
├─────────┼────────────┼───────────┼─────────────────┼────────┼────────┼─────────┼─────────────┼────────────┤
│ 0       │ 'redis (hz 100, production config)' │ 17137     │ 12              │ 37     │ 41     │ 5056    │ '5000/5000' │ 0          │
│ 1       │ 'redis (default hz 10, reference)'  │ 17001     │ 32              │ 122    │ 131    │ 5012    │ '5000/5000' │ 0          │
│ 2       │ 'postgres' │ 12726     │ 4785            │ 7946   │ 8028   │ 793     │ '5000/5000' │ 0          │
└─────────┴────────────┴───────────┴─────────────────┴────────┴────────┴─────────┴─────────────┴────────────┘`;

describe('bench output parsing', () => {
  it('given the engine table, then each model is a row of ours vs bpmn-engine', () => {
    expect(engineRows(engineOutput).map((r) => [r.benchmark, r.ours, r.reference])).toEqual([
      ['engine in memory: straight user tasks (3)', 16393, 117.9],
      ['engine in memory: parallel fork/join (10)', 1934, 35.5],
    ]);
  });

  it('given the API lines, then engine instances/s is compared with raw commits/s', () => {
    const output = `  engine  start → user task → complete → end :     104.5 instances/s\n  raw     one-row INSERT + commit             :    4751.6 commits/s`;
    expect(apiRows(output).map((r) => [r.ours, r.reference])).toEqual([[104.5, 4751.6]]);
  });

  it('given the timer table, then Redis is compared with the burst rate, its p99 with a default-hz Redis, and PostgreSQL with Redis', () => {
    const rows = timerRows(timersOutput);
    expect(rows.map((r) => [r.ours, r.reference])).toEqual([[5056, 5000], [37, 122], [793, 5056]]);
  });

  it('given the audit lines, then the verification rate is compared with the A3 target', () => {
    const [row] = auditRows('verified 100,000 entries in 2.2 s (46,041 entries/s, 2 cores): chain intact');
    expect(row?.ours).toBe(46041);
    expect(row?.reference).toBeCloseTo(16666.7, 0);
  });

  it('given the inbox BENCH_RESULT line, then p50 and p95 of each request are compared with the raw SQL', () => {
    const result = { size: { historyRows: 1_000_000, openTasks: 100_000 }, results: [{ name: 'inbox todo', path: '/api/tasks', http: { p50: 59.5, p95: 96.6 }, sql: { p50: 50.1, p95: 80.2 } }] };
    const rows = inboxRows(`filled\nBENCH_RESULT ${JSON.stringify(result)}\n`);
    expect(rows.map((r) => [r.benchmark, r.ours, r.reference])).toEqual([
      ['inbox GET /api/tasks p50 (1M history, 100k open)', 59.5, 50.1],
      ['inbox GET /api/tasks p95 (1M history, 100k open)', 96.6, 80.2],
    ]);
  });

  it('given an output without the figures, then parsing fails instead of inventing a number', () => {
    expect(() => apiRows('bench:api crashed')).toThrow(/cannot find/);
    expect(() => engineRows('no table here')).toThrow(/no table/);
    expect(() => inboxRows('no result')).toThrow(/BENCH_RESULT/);
  });
});
