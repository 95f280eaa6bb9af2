/**
 * Runs a TypeScript entry in a child Node process (through tsx) that a test can kill -9, freeze (SIGSTOP),
 * thaw (SIGCONT), stop gracefully (SIGTERM) and start again with the same entry and environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** tsx's ESM loader, resolved once so the child starts without npx. */
const tsxLoader = require.resolve('tsx');

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  /** A line on stdout that means "ready" (default: none, `start` resolves at once). */
  readonly readyLine?: RegExp;
  readonly readyTimeoutMs?: number;
}

export class ChildRunner {
  private child: ChildProcess | undefined;
  private exited: Promise<ExitInfo> | undefined;
  /** Every stdout/stderr line of every run, for diagnosing a failure. */
  readonly output: string[] = [];
  /** Lines seen on stdout; listeners wait on them. */
  private lineListeners: ((line: string) => void)[] = [];
  starts = 0;

  constructor(
    private readonly entry: string,
    private readonly options: ChildOptions = {},
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the entry; resolves when `readyLine` appears (rejects if the child exits first or times out). */
  async start(): Promise<void> {
    if (this.running) throw new Error('child already running');
    const child = spawn(process.execPath, ['--import', tsxLoader, this.entry, ...(this.options.args ?? [])], {
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const onLines = (stream: NodeJS.ReadableStream | null, tag: string) => {
      let buffer = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffer += chunk;
        for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          this.output.push(`${tag} ${line}`);
          if (this.output.length > 2000) this.output.splice(0, 1000);
          if (tag === 'out') for (const listen of this.lineListeners) listen(line);
        }
      });
    };
    onLines(child.stdout, 'out');
    onLines(child.stderr, 'err');
    const ready = this.options.readyLine;
    if (ready) await this.waitForLine(ready, this.options.readyTimeoutMs ?? 30_000);
  }

  /** Resolves with the first stdout line matching `pattern` from now on. */
  waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const exited = this.exited;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; last output:\n${this.output.slice(-20).join('\n')}`)), timeoutMs);
      const listener = (line: string): void => {
        if (pattern.test(line)) finish(undefined, line);
      };
      const finish = (error?: Error, line?: string): void => {
        clearTimeout(timer);
        this.lineListeners = this.lineListeners.filter((l) => l !== listener);
        if (error) reject(error);
        else resolve(line ?? '');
      };
      this.lineListeners.push(listener);
      void exited?.then((info) => finish(new Error(`child exited (${String(info.code ?? info.signal)}) before ${String(pattern)}:\n${this.output.slice(-20).join('\n')}`)));
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.running) throw new Error(`cannot send ${signal}: child not running`);
    this.child?.kill(signal);
  }

  /** kill -9 and wait for the exit. */
  async kill9(): Promise<ExitInfo> {
    this.signal('SIGKILL');
    return this.waitExit();
  }

  freeze(): void {
    this.signal('SIGSTOP');
  }

  thaw(): void {
    this.signal('SIGCONT');
  }

  /** SIGTERM and wait up to `timeoutMs` for a graceful exit (then kill -9 and report it). */
  async terminate(timeoutMs = 10_000): Promise<ExitInfo & { readonly graceful: boolean; readonly ms: number }> {
    const started = Date.now();
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const info = await this.waitExit();
    clearTimeout(timer);
    return { ...info, graceful: info.signal !== 'SIGKILL', ms: Date.now() - started };
  }

  async waitExit(): Promise<ExitInfo> {
    if (!this.exited) throw new Error('child never started');
    return this.exited;
  }

  /** Kills -9 if still running, then starts again. */
  async restart(): Promise<void> {
    if (this.running) await this.kill9();
    await this.start();
  }

  /** For afterAll: kill -9 whatever still runs (SIGCONT first in case it is frozen). */
  async dispose(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGCONT');
    await this.kill9();
  }
}
