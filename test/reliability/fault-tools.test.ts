/**
 * The fault tools themselves (test/support): the TCP proxy forwards, delays, drops and refuses; a private
 * Redis keeps AOF data across kill -9 and loses it without AOF; a child process can be frozen, thawed,
 * killed and stopped gracefully; pg_terminate_backend hits only the named application.
 */
import { createServer, connect, type Server } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildRunner } from '../support/child-process.js';
import { countBackends, terminateBackends, TEST_DATABASE_URL } from '../support/pg-faults.js';
import { PrivateRedis } from '../support/private-redis.js';
import { FaultProxy } from '../support/tcp-proxy.js';

/** Sends `text` through the proxy to an echo server; resolves with the echo and the round-trip ms. */
function roundTrip(port: number, text: string, timeoutMs = 2000): Promise<{ echo: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let echo = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => {
      echo += c.toString();
      if (echo.length >= text.length) {
        clearTimeout(timer);
        socket.end();
        resolve({ echo, ms: performance.now() - started });
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (echo.length < text.length) reject(new Error('closed'));
    });
    socket.write(text);
  });
}

describe('fault tools', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('given the TCP proxy, when latency, drop, refuse and restore are applied, then traffic behaves accordingly', async () => {
    const echo: Server = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => echo.close(() => r())));
    const address = echo.address();
    const proxy = await new FaultProxy(typeof address === 'object' && address ? address.port : 0).start();
    cleanups.push(() => proxy.stop());

    expect((await roundTrip(proxy.port, 'hello')).echo).toBe('hello');
    proxy.setLatency(150);
    const slow = await roundTrip(proxy.port, 'slow');
    expect(slow.ms).toBeGreaterThanOrEqual(290);
    proxy.restore();
    proxy.refuseNew();
    await expect(roundTrip(proxy.port, 'nope')).rejects.toThrow();
    proxy.restore();
    const held = connect(proxy.port, '127.0.0.1');
    await new Promise((r) => held.once('connect', r));
    await new Promise((r) => setTimeout(r, 50));
    const closed = new Promise((r) => held.once('close', r));
    proxy.dropAll();
    await closed;
    expect((await roundTrip(proxy.port, 'back')).echo).toBe('back');
    console.log(`fault tools: proxy latency round trip ${Math.round(slow.ms)} ms (2 × 150 ms), counts ${JSON.stringify(proxy.counts)}`);
  });

  it('given a private Redis with AOF, when killed -9 and restarted, then data survives; without AOF it is lost', async () => {
    const durable = await new PrivateRedis({ aof: true }).start();
    cleanups.push(() => durable.dispose());
    expect(durable.port).not.toBe(6379);
    await durable.cli('SET', 'k', 'v');
    await durable.restart();
    expect(await durable.cli('GET', 'k')).toBe('v');
    await durable.flushAll();
    expect(await durable.cli('DBSIZE')).toBe('0');

    const volatile = await new PrivateRedis({ aof: false }).start();
    cleanups.push(() => volatile.dispose());
    await volatile.cli('SET', 'k', 'v');
    await volatile.restart();
    expect(await volatile.cli('GET', 'k')).toBe('');
    console.log(`fault tools: private Redis on ${durable.port} (AOF) kept data across kill -9; on ${volatile.port} (no AOF) lost it`);
  });

  it('given a child process, when frozen, thawed, killed -9, restarted and sent SIGTERM, then each takes effect', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zhifa-child-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const entry = join(dir, 'ticker.ts');
    // The SIGTERM handler is installed before READY is printed: the parent may signal as soon as it reads it.
    await writeFile(entry, `let n = 0;\nconst t = setInterval(() => process.stdout.write('tick ' + n++ + '\\n'), 20);\nprocess.once('SIGTERM', () => { clearInterval(t); process.stdout.write('bye\\n'); process.exit(0); });\nprocess.stdout.write('READY\\n');\n`);
    const child = new ChildRunner(entry, { readyLine: /^READY/ });
    cleanups.push(() => child.dispose());
    await child.start();
    await child.waitForLine(/^tick/);
    child.freeze();
    await new Promise((r) => setTimeout(r, 100));
    const frozenAt = child.output.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(child.output.length).toBe(frozenAt);
    child.thaw();
    await child.waitForLine(/^tick/);
    const killed = await child.kill9();
    expect(killed.signal).toBe('SIGKILL');
    await child.start();
    expect(child.starts).toBe(2);
    const stopped = await child.terminate(5000);
    expect(stopped).toMatchObject({ code: 0, graceful: true });
    console.log(`fault tools: child frozen/thawed, kill -9 (${String(killed.signal)}), restarted, SIGTERM exit ${String(stopped.code)} in ${stopped.ms} ms`);
  }, 30_000);

  it('given two applications on PostgreSQL, when one is terminated by name, then only its backends die', async () => {
    const victim = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'zhifa-rel-victim' });
    const bystander = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'zhifa-rel-bystander' });
    victim.on('error', () => undefined);
    await victim.connect();
    await bystander.connect();
    cleanups.push(async () => {
      await victim.end().catch(() => undefined);
      await bystander.end();
    });
    expect(await terminateBackends('zhifa-rel-victim')).toBe(1);
    await expect(victim.query('SELECT 1')).rejects.toThrow();
    expect((await bystander.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    expect(await countBackends('zhifa-rel-victim')).toBe(0);
  });
});
