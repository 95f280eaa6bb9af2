/**
 * Timer benchmark (issue 4 / RELIABILITY R11): N pending timers of which a burst is due within the same
 * second, on Redis and on BullMQ's PostgreSQL backend. Prints lateness p50 / p99 / max (worker clock minus
 * due time, measured when the handler starts) and fire throughput. The handler does no work, so these are
 * the queue's own figures; the engine's transaction per fire comes on top.
 *
 *   npm run bench:timers
 *   BENCH_TIMERS_TOTAL=20000 BENCH_TIMERS_BURST=5000 BENCH_TIMERS_BACKENDS=redis npm run bench:timers
 *
 * Env: BENCH_TIMERS_TOTAL (100000), BENCH_TIMERS_BURST (10000), BENCH_TIMERS_BACKENDS (redis,postgres),
 * BENCH_TIMERS_WORKERS (workers in this process, 1), BENCH_TIMERS_CONCURRENCY (per worker, 100),
 * BENCH_REDIS_URL (unset: two private redis-servers, see onPrivateRedis), BENCH_POSTGRES_URL (admin URL; a fresh database is created
 * and dropped).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTimerScheduler, RECOMMENDED_REDIS_HZ, type BackendOptions, type BullmqTimerScheduler, type PendingTimer } from '@zhifa/timers-bullmq';
import { startPrivateRedis } from '../src/test-support.js';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const TOTAL = Number(env('BENCH_TIMERS_TOTAL', '100000'));
const BURST = Math.min(TOTAL, Number(env('BENCH_TIMERS_BURST', '10000')));
const WORKERS = Number(env('BENCH_TIMERS_WORKERS', '1'));
const CONCURRENCY = Number(env('BENCH_TIMERS_CONCURRENCY', '100'));
const BACKENDS = env('BENCH_TIMERS_BACKENDS', 'redis,postgres').split(',').map((b) => b.trim());
const REDIS_URL = env('BENCH_REDIS_URL', 'redis://127.0.0.1:6379/8');
const POSTGRES_ADMIN_URL = env('BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432/test');
const DAY = 24 * 3600 * 1000;

interface Result {
  readonly backend: string;
  readonly enqueuePerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly firesPerSecond: number;
  readonly fired: number;
  readonly duplicates: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `zhifa_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function run(backend: string, options: BackendOptions): Promise<Result> {
  const queueName = `bench_${randomBytes(4).toString('hex')}`;
  const producer = createTimerScheduler({ ...options, queueName });
  const workers: BullmqTimerScheduler[] = [];
  try {
    await producer.ready();
    // The timers not in the burst stay pending (due tomorrow) while the burst fires.
    const background: PendingTimer[] = Array.from({ length: TOTAL - BURST }, (_, i) => ({ id: `bg-${i}`, dueAt: new Date(Date.now() + DAY + i) }));
    const enqueueStart = performance.now();
    await producer.scheduleMany(background);
    const perTimerMs = background.length > 0 ? (performance.now() - enqueueStart) / background.length : 0.5;
    // Leave enough time to enqueue the whole burst before its second starts.
    const burstStart = Date.now() + Math.max(3000, Math.ceil(perTimerMs * BURST * 2) + 2000);
    // A server's workers are warm (connections open, scripts loaded, code optimised): a smaller unmeasured
    // burst 1.5 s before the measured one stands in for the traffic before it.
    const warmUp = Math.min(2000, BURST);
    await producer.scheduleMany(Array.from({ length: warmUp }, (_, i) => ({ id: `warm-${i}`, dueAt: new Date(burstStart - 1500 + Math.floor((i * 500) / warmUp)) })));
    const burst: PendingTimer[] = Array.from({ length: BURST }, (_, i) => ({ id: `b-${i}`, dueAt: new Date(burstStart + Math.floor((i * 1000) / BURST)) }));
    const burstEnqueueStart = performance.now();
    await producer.scheduleMany(burst);
    const enqueueMs = performance.now() - enqueueStart;
    if (Date.now() >= burstStart) console.warn(`[${backend}] warning: the burst was enqueued after its due second began`);
    process.stdout.write(`[${backend}] enqueued ${TOTAL} timers in ${(enqueueMs / 1000).toFixed(1)} s (burst in ${((performance.now() - burstEnqueueStart) / 1000).toFixed(1)} s)\n`);

    const lateness: number[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let firstFire = Number.POSITIVE_INFINITY;
    let lastFire = 0;
    for (let w = 0; w < WORKERS; w++) {
      const worker = createTimerScheduler({ ...options, queueName, concurrency: CONCURRENCY });
      workers.push(worker);
      worker.start(async (timerId, wakeup) => {
        const now = Date.now();
        if (timerId.startsWith('warm-')) return;
        lateness.push(now - wakeup.dueAt.getTime());
        if (seen.has(timerId)) duplicates += 1;
        seen.add(timerId);
        firstFire = Math.min(firstFire, now);
        lastFire = Math.max(lastFire, now);
      });
    }
    const deadline = burstStart + 1000 + 120_000;
    while (seen.size < BURST && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sorted = [...lateness].sort((a, b) => a - b);
    return {
      backend,
      enqueuePerSecond: Math.round((TOTAL / enqueueMs) * 1000),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      firesPerSecond: Math.round((seen.size / Math.max(1, lastFire - firstFire)) * 1000),
      fired: seen.size,
      duplicates,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
    await producer.obliterate().catch(() => undefined);
    await producer.close();
  }
}

/**
 * Runs on a Redis of its own configured as in production (docker/compose.yml: AOF everysec, noeviction,
 * hz 100) and, as the reference in the same run, on one left at Redis's default hz 10 — the clock Redis
 * times blocked workers out on, so it bounds how late a due timer can be woken. BENCH_REDIS_URL measures
 * an existing Redis instead.
 */
async function onPrivateRedis(label: string, config: readonly string[]): Promise<Result> {
  const redis = await startPrivateRedis(['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', ...config]);
  try {
    return await run(label, { redisUrl: redis.url });
  } finally {
    await redis.stop();
  }
}

const results: Result[] = [];
for (const backend of BACKENDS) {
  if (backend === 'redis' && process.env['BENCH_REDIS_URL']) results.push(await run('redis', { redisUrl: REDIS_URL }));
  else if (backend === 'redis') {
    results.push(await onPrivateRedis(`redis (hz ${RECOMMENDED_REDIS_HZ}, production config)`, ['--hz', String(RECOMMENDED_REDIS_HZ)]));
    results.push(await onPrivateRedis('redis (default hz 10, reference)', []));
  } else if (backend === 'postgres') results.push(await withDatabase((url) => run('postgres', { postgresUrl: url, postgresPoolSize: 10 })));
  else throw new Error(`unknown backend '${backend}' (redis, postgres)`);
}
console.log(`\n${TOTAL} pending timers, ${BURST} due within one second; ${WORKERS} workers x concurrency ${CONCURRENCY}`);
console.table(
  results.map((r) => ({
    backend: r.backend,
    'enqueue/s': r.enqueuePerSecond,
    'lateness p50 ms': r.p50,
    'p99 ms': r.p99,
    'max ms': r.max,
    'fires/s': r.firesPerSecond,
    fired: `${r.fired}/${BURST}`,
    duplicates: r.duplicates,
  })),
);
