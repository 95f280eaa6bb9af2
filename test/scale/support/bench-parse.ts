/**
 * Reads the figures each benchmark prints (their own tables and lines, unchanged) into rows of one table:
 * our figure, the reference measured in the same run, and what the reference is. A figure that cannot be
 * found throws, so a changed output format fails `npm run bench` instead of showing a wrong number.
 */

export interface BenchRow {
  readonly benchmark: string;
  readonly unit: string;
  readonly ours: number;
  readonly reference: number;
  readonly referenceIs: string;
}

/** The rows of a `console.table` print, keyed by its header (quotes removed). */
export function parseConsoleTable(output: string): Record<string, string>[] {
  const lines = output.split('\n').filter((l) => l.startsWith('│'));
  const cellsOf = (line: string) => line.split('│').slice(1, -1).map((c) => c.trim().replace(/^'(.*)'$/, '$1'));
  const [header, ...data] = lines.map(cellsOf);
  if (!header) throw new Error('no table in the output');
  return data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

function num(text: string | undefined, what: string): number {
  const value = Number((text ?? '').replace(/[,×/s ]/g, ''));
  if (text === undefined || text === '' || !Number.isFinite(value)) throw new Error(`cannot read ${what} from '${text}'`);
  return value;
}

function match(output: string, pattern: RegExp, what: string): RegExpExecArray {
  const found = pattern.exec(output);
  if (!found) throw new Error(`cannot find ${what} in the output`);
  return found;
}

/** test/bench/engine.bench.ts: instances/s per model, ours vs bpmn-engine. */
export function engineRows(output: string): BenchRow[] {
  return parseConsoleTable(output).map((row) => ({
    benchmark: `engine in memory: ${row['model']}`,
    unit: 'inst/s',
    ours: num(row['ours'], 'ours'),
    reference: num(row['bpmnEngine'], 'bpmnEngine'),
    referenceIs: 'bpmn-engine, same model',
  }));
}

/** packages/server/bench/api.bench.ts: engine instances/s on PostgreSQL vs raw one-row commits/s. */
export function apiRows(output: string): BenchRow[] {
  const engine = match(output, /engine .*?:\s*([\d.]+) instances\/s/, 'engine instances/s');
  const raw = match(output, /raw .*?:\s*([\d.]+) commits\/s/, 'raw commits/s');
  return [{
    benchmark: 'engine on PostgreSQL: start → task → complete → end',
    unit: '/s',
    ours: num(engine[1], 'engine'),
    reference: num(raw[1], 'raw'),
    referenceIs: 'raw one-row INSERT commits/s',
  }];
}

/** packages/timers-bullmq/bench/timers.bench.ts: burst fire rate per backend. */
export function timerRows(output: string): BenchRow[] {
  const burst = num(match(output, /pending timers, (\d+) due within one second/, 'burst size')[1], 'burst');
  const rows = parseConsoleTable(output);
  // The production-configured Redis (hz 100), or the one given by BENCH_REDIS_URL; the default-hz one is a reference.
  const redis = rows.find((r) => r['backend']?.startsWith('redis (hz')) ?? rows.find((r) => r['backend'] === 'redis');
  const coarse = rows.find((r) => r['backend']?.startsWith('redis (default hz'));
  const postgres = rows.find((r) => r['backend'] === 'postgres');
  const out: BenchRow[] = [];
  if (redis) {
    out.push({ benchmark: `timer burst fires, Redis (${burst} due in 1 s)`, unit: 'fires/s', ours: num(redis['fires/s'], 'fires/s'), reference: burst, referenceIs: 'rate the burst came due' });
    out.push({
      benchmark: `timer lateness p99, Redis hz 100 (${burst} due in 1 s)`,
      unit: 'ms',
      ours: num(redis['p99 ms'], 'p99 ms'),
      reference: coarse ? num(coarse['p99 ms'], 'p99 ms') : 100,
      referenceIs: coarse ? 'Redis at its default hz 10, same run' : 'issue 4 target 100 ms (not measured)',
    });
  }
  if (postgres) {
    out.push({
      benchmark: `timer burst fires, PostgreSQL backend (${burst} due in 1 s)`,
      unit: 'fires/s',
      ours: num(postgres['fires/s'], 'fires/s'),
      reference: redis ? num(redis['fires/s'], 'fires/s') : burst,
      referenceIs: redis ? 'Redis backend, same run' : 'rate the burst came due',
    });
  }
  if (out.length === 0) throw new Error('no backend rows');
  return out;
}

/** packages/store-postgres/bench/audit-verify.bench.ts: verification rate vs the A3 target. */
export function auditRows(output: string): BenchRow[] {
  const verified = match(output, /verified ([\d,]+) entries in ([\d.]+) s \(([\d,]+) entries\/s/, 'verification rate');
  return [{
    benchmark: `audit chain verify (${verified[1]} entries)`,
    unit: 'entries/s',
    ours: num(verified[3], 'entries/s'),
    reference: 1_000_000 / 60,
    referenceIs: 'A3 target 1,000,000 in 60 s (not measured)',
  }];
}

interface InboxResult {
  readonly name: string;
  readonly path: string;
  readonly http: { readonly p50: number; readonly p95: number };
  readonly sql: { readonly p50: number; readonly p95: number };
}

function isInboxResults(value: unknown): value is { results: InboxResult[]; size: { historyRows: number; openTasks: number } } {
  return typeof value === 'object' && value !== null && Array.isArray(Reflect.get(value, 'results')) && typeof Reflect.get(value, 'size') === 'object';
}

/** test/bench/inbox.bench.ts: its `BENCH_RESULT <json>` line. */
export function inboxRows(output: string): BenchRow[] {
  const parsed: unknown = JSON.parse(match(output, /^BENCH_RESULT (.*)$/m, 'BENCH_RESULT line')[1] ?? '');
  if (!isInboxResults(parsed)) throw new Error('BENCH_RESULT has no results');
  const scale = `${parsed.size.historyRows / 1e6}M history, ${parsed.size.openTasks / 1e3}k open`;
  return parsed.results.flatMap((r) => [
    { benchmark: `inbox GET ${r.path} p50 (${scale})`, unit: 'ms', ours: r.http.p50, reference: r.sql.p50, referenceIs: 'same SQL on a plain connection' },
    { benchmark: `inbox GET ${r.path} p95 (${scale})`, unit: 'ms', ours: r.http.p95, reference: r.sql.p95, referenceIs: 'same SQL on a plain connection' },
  ]);
}
