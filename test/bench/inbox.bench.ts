/**
 * `npm run bench:inbox`: `GET /api/tasks` (待办) and `GET /api/tasks?state=completed` (已办) for one staff
 * user through a real `zhifa start --no-workers` process, in a database with 1,000,000 history rows and
 * 100,000 open tasks. Reference, same run: the very same SQL statement (captured from the store function
 * the server calls) timed on a plain pg connection, plus its EXPLAIN ANALYZE.
 *
 * Env: BENCH_INBOX_OPEN (100000), BENCH_INBOX_DONE_INSTANCES (150000; two completed tasks each),
 * BENCH_INBOX_HISTORY (1000000), BENCH_INBOX_REQUESTS (300), ZHIFA_TEST_DATABASE_URL.
 * The last stdout line is `BENCH_RESULT <json>` for `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { listDoneTasks, listTodoTasks, openPostgresStore } from '@zhifa/store-postgres';
import { dropSchemas, randomSchemaName, TEST_DATABASE_URL } from '../support/pg-faults.js';
import { freePort } from '../support/private-redis.js';
import { captureStatement, explain, type Statement } from '../scale/support/captured-sql.js';
import { ZhifaClient, type LoggedInUser } from '../scale/support/http-client.js';
import { fillInbox } from '../scale/support/inbox-fill.js';
import { summarize, timeEach, type LatencySummary } from '../scale/support/stats.js';
import { zhifaProcess } from '../scale/support/zhifa-process.js';

const size = {
  openTasks: Number(process.env['BENCH_INBOX_OPEN'] ?? 100_000),
  completedInstances: Number(process.env['BENCH_INBOX_DONE_INSTANCES'] ?? 150_000),
  historyRows: Number(process.env['BENCH_INBOX_HISTORY'] ?? 1_000_000),
};
const requests = Number(process.env['BENCH_INBOX_REQUESTS'] ?? 300);
const TARGET_P95_MS = 50;
/** What the server's task adapter asks for (store-adapters LIST_LIMIT). */
const SERVER_LIST_LIMIT = 200;
const USERNAME = 'zhang.san';

interface Row {
  readonly name: string;
  readonly path: string;
  readonly rows: number;
  readonly http: LatencySummary;
  readonly sql: LatencySummary;
  readonly explainMs: number;
  readonly plan: readonly string[];
}

/** The viewer the server's TaskService builds from the caller (groups + username, own unit). */
function viewerOf(user: LoggedInUser) {
  return { userId: user.id, groups: [...user.groups, user.username], unitIds: user.unitId ? [user.unitId] : [] };
}

async function measure(name: string, path: string, api: ZhifaClient, db: pg.Client, statement: Statement): Promise<Row> {
  let rows = 0;
  const get = async (): Promise<void> => {
    const reply = await api.get<unknown[]>(path);
    if (reply.status !== 200 || !Array.isArray(reply.body)) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    rows = reply.body.length;
  };
  const raw = async (): Promise<void> => {
    await db.query(statement.text, [...statement.params]);
  };
  // Warm both paths (plan caches, JIT of the handlers, buffers) before measuring.
  await timeEach(30, get);
  await timeEach(30, raw);
  // Interleaved in blocks so both see the same machine state.
  const http: number[] = [];
  const sql: number[] = [];
  for (let done = 0; done < requests; done += 50) {
    const n = Math.min(50, requests - done);
    http.push(...(await timeEach(n, get)));
    sql.push(...(await timeEach(n, raw)));
  }
  const explained = await explain(db, statement);
  return { name, path, rows, http: summarize(http), sql: summarize(sql), explainMs: explained.executionMs, plan: explained.lines };
}

/**
 * What would lift the 待办 limit, measured on the same data after the real figures (not in the table):
 * `$1 = ANY(candidate_users)` cannot use a GIN index, so PostgreSQL rechecks every unclaimed open task;
 * `candidate_users @> ARRAY[$1]` can, and partial GIN indexes keep only open unclaimed tasks.
 */
async function proposedTodo(db: pg.Client, todo: Statement) {
  const anyForm = '$1 = ANY(t.candidate_users)';
  if (!todo.text.includes(anyForm)) return { note: 'the store no longer uses = ANY(candidate_users): nothing to compare' };
  const rewritten = { text: todo.text.replace(anyForm, 't.candidate_users @> ARRAY[$1]::text[]'), params: todo.params };
  const time = async (label: string) => {
    const raw = () => db.query(rewritten.text, [...rewritten.params]);
    await timeEach(30, raw);
    const sql = summarize(await timeEach(requests, raw));
    const explained = await explain(db, rewritten);
    console.log(`what-if ${label}: sql p50 ${sql.p50} ms, p95 ${sql.p95} ms, EXPLAIN ${explained.executionMs.toFixed(1)} ms\n  ${explained.lines.join('\n  ')}`);
    return { label, sql, explainMs: explained.executionMs, plan: explained.lines };
  };
  const rewrittenOnly = await time('candidate_users @> ARRAY[$1]');
  for (const column of ['candidate_users', 'candidate_groups', 'candidate_units']) {
    await db.query(`CREATE INDEX task_open_unclaimed_${column}_idx ON task USING gin (${column}) WHERE state = 'open' AND assignee IS NULL`);
  }
  await db.query('ANALYZE task');
  const withIndexes = await time('… plus partial GIN indexes WHERE state = open AND assignee IS NULL');
  return { rewrittenOnly, withIndexes };
}

async function main(): Promise<void> {
  const schema = randomSchemaName('inbox');
  const dataDir = await mkdtemp(join(tmpdir(), 'zhifa-inbox-'));
  const settings = { databaseUrl: TEST_DATABASE_URL, schema, jwtSecret: randomBytes(32).toString('hex'), demoPassword: 'inbox-bench-password', dataDir };
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}`, application_name: 'zhifa-inbox-bench' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = zhifaProcess('api', settings, port);
  try {
    // Migrate, fill, then start the server on the filled database (as after an upgrade of a busy city).
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, poolSize: 2, applicationName: 'zhifa-inbox-bench' });
    await store.close();
    await db.connect();
    const fillStarted = performance.now();
    const took = await fillInbox(db, size, { id: `user-${USERNAME}`, group: 'scjgj-jck' });
    console.log(`filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s: ${JSON.stringify(took)}`);
    const counts = await db.query<{ history: string; open: string; tasks: string }>(
      `SELECT (SELECT count(*) FROM history) AS history, (SELECT count(*) FROM task WHERE state = 'open') AS open, (SELECT count(*) FROM task) AS tasks`,
    );
    console.log(`database: ${JSON.stringify(counts.rows[0])}`);

    const startedAt = performance.now();
    await server.start();
    console.log(`server ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s at ${url}`);
    const { client: api, user } = await ZhifaClient.login(url, USERNAME, settings.demoPassword);
    const viewer = viewerOf(user);

    const todo = await captureStatement((sql) => listTodoTasks(sql, viewer, {}, { limit: SERVER_LIST_LIMIT }));
    const done = await captureStatement((sql) => listDoneTasks(sql, user.id, {}, { limit: SERVER_LIST_LIMIT }));
    const results = [await measure('inbox todo', '/api/tasks', api, db, todo), await measure('inbox done', '/api/tasks?state=completed', api, db, done)];

    console.log(`\nbench:inbox — ${size.historyRows.toLocaleString('en')} history rows, ${size.openTasks.toLocaleString('en')} open tasks, ${requests} requests each (ms)`);
    console.table(
      results.map((r) => ({
        request: `GET ${r.path}`,
        rows: r.rows,
        'http p50': r.http.p50,
        'http p95': r.http.p95,
        'sql p50': r.sql.p50,
        'sql p95': r.sql.p95,
        'explain ms': Math.round(r.explainMs * 100) / 100,
        'p95 ≤ 50 ms': r.http.p95 <= TARGET_P95_MS ? 'yes' : 'NO',
      })),
    );
    for (const r of results) console.log(`plan of ${r.name}:\n  ${r.plan.join('\n  ')}`);
    const whatIf = await proposedTodo(db, todo);
    console.log(`BENCH_RESULT ${JSON.stringify({ size, requests, targetP95Ms: TARGET_P95_MS, results, whatIf })}`);
  } finally {
    await server.dispose();
    await db.end().catch(() => undefined);
    await dropSchemas(schema);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
