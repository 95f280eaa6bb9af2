/**
 * `npm run bench`: runs every benchmark as its own process (sized to take a few minutes in total), reads
 * the figures they print and shows one table — our figure, the reference measured in the same run, and
 * the ratio — and writes it with the machine it ran on to test-artifacts/bench.json.
 *
 * Env: BENCH_ONLY (comma list of engine, api, timers, audit, inbox), BENCH_AUDIT_ENTRIES (200000),
 * BENCH_TIMERS_TOTAL / BENCH_TIMERS_BURST (20000 / 5000), ZHIFA_BENCH_SECONDS (8), BENCH_INBOX_* (see
 * test/bench/inbox.bench.ts).
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { apiRows, auditRows, engineRows, inboxRows, timerRows, type BenchRow } from '../test/scale/support/bench-parse.js';

const require = createRequire(import.meta.url);
const tsxLoader = require.resolve('tsx');
const root = fileURLToPath(new URL('..', import.meta.url));

interface Benchmark {
  readonly name: string;
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly parse: (output: string) => BenchRow[];
}

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;

const benchmarks: readonly Benchmark[] = [
  { name: 'engine', entry: 'test/bench/engine.bench.ts', parse: engineRows },
  { name: 'api', entry: 'packages/server/bench/api.bench.ts', env: { ZHIFA_BENCH_SECONDS: env('ZHIFA_BENCH_SECONDS', '8') }, parse: apiRows },
  {
    name: 'timers',
    entry: 'packages/timers-bullmq/bench/timers.bench.ts',
    env: { BENCH_TIMERS_TOTAL: env('BENCH_TIMERS_TOTAL', '20000'), BENCH_TIMERS_BURST: env('BENCH_TIMERS_BURST', '5000') },
    parse: timerRows,
  },
  { name: 'audit', entry: 'packages/store-postgres/bench/audit-verify.bench.ts', args: [env('BENCH_AUDIT_ENTRIES', '200000')], parse: auditRows },
  { name: 'inbox', entry: 'test/bench/inbox.bench.ts', parse: inboxRows },
];

/** Runs one benchmark, echoing its output indented; resolves with its stdout and exit code. */
function run(bench: Benchmark): Promise<{ output: string; code: number | null; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, bench.entry, ...(bench.args ?? [])], {
      cwd: root,
      env: { ...process.env, ...bench.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const echo = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      process.stderr.write(text.replace(/^(?=.)/gm, `  [${bench.name}] `));
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk.toString('utf8').replace(/^(?=.)/gm, `  [${bench.name}!] `)));
    child.on('close', (code) => resolve({ output, code, seconds: (performance.now() - started) / 1000 }));
  });
}

function format(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function printTable(rows: readonly BenchRow[]): void {
  const cells = rows.map((r) => [r.benchmark, `${format(r.ours)} ${r.unit}`, `${format(r.reference)} ${r.unit}`, r.reference ? `${format(r.ours / r.reference)}×` : '—', r.referenceIs]);
  const header = ['benchmark', 'ours', 'reference (same run)', 'ratio', 'reference is'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i === 1 || i === 2 || i === 3 ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim());
  const selected = benchmarks.filter((b) => !only || only.includes(b.name));
  const rows: BenchRow[] = [];
  const runs: Record<string, { seconds: number; code: number | null; error?: string }> = {};
  const started = performance.now();
  for (const bench of selected) {
    console.error(`\n▶ ${bench.name} (${bench.entry})`);
    const result = await run(bench);
    runs[bench.name] = { seconds: Math.round(result.seconds), code: result.code };
    try {
      if (result.code !== 0) throw new Error(`exited with ${result.code}`);
      rows.push(...bench.parse(result.output));
    } catch (error) {
      runs[bench.name] = { ...runs[bench.name]!, error: error instanceof Error ? error.message : String(error) };
      console.error(`  [${bench.name}] FAILED: ${runs[bench.name]?.error}`);
    }
  }
  const machine = { cpu: cpus()[0]?.model ?? '?', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  console.log(`\nzhifa benchmarks — ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; ${Math.round((performance.now() - started) / 1000)} s`);
  printTable(rows);
  const failed = Object.entries(runs).filter(([, r]) => r.error);
  if (failed.length) console.log(`\nfailed: ${failed.map(([name, r]) => `${name} (${r.error})`).join(', ')}`);
  await mkdir(new URL('../test-artifacts/', import.meta.url), { recursive: true });
  await writeFile(new URL('../test-artifacts/bench.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), machine, runs, rows }, null, 2)}\n`);
  console.log('written to test-artifacts/bench.json');
  if (failed.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
