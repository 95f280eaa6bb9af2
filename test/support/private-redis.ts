/**
 * A private `redis-server` on a random port of 127.0.0.1 with its own temporary directory, which a test
 * may kill -9, shut down, flush and restart. The system Redis (6379) is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateRedisOptions {
  /** Append-only file with fsync every write (the durable setting). Default true. */
  readonly aof?: boolean;
}

export class PrivateRedis {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  port = 0;
  dir = '';

  constructor(private readonly options: PrivateRedisOptions = {}) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** First start picks a free port and a temp dir; later starts reuse both (so AOF data survives). */
  async start(): Promise<this> {
    if (this.port === 0) this.port = await freePort();
    if (this.port === 6379) throw new Error('refusing to run a private Redis on the system port');
    if (!this.dir) this.dir = await mkdtemp(join(tmpdir(), 'zhifa-redis-'));
    const aof = this.options.aof ?? true;
    const args = [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '',
      '--appendonly', aof ? 'yes' : 'no', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction',
      '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning',
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await this.waitReady();
    return this;
  }

  /** kill -9 (no chance to write anything). */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill9();
    await this.start();
  }

  /** Empties this private instance (a lost/replaced Redis). */
  async flushAll(): Promise<void> {
    await this.cli('FLUSHALL');
  }

  async cli(...args: string[]): Promise<string> {
    if (this.port === 6379 || this.port === 0) throw new Error('not a private Redis');
    return new Promise((resolve, reject) => {
      const child = spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`redis-cli ${args.join(' ')} exited ${String(code)}`))));
    });
  }

  async dispose(): Promise<void> {
    await this.kill9();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        if ((await this.cli('PING')) === 'PONG') return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`private redis on ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A port nothing listens on right now (bind 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
