/**
 * What the scale test checks, read straight from the store's tables (history, timer, task, instance):
 * every instance of a batch ended at its expected end, its timer fired at most once and only when it
 * escalated, its task was completed at most once and never together with the timer. Also the burst
 * throughput: how fast the workers fired the timers that all came due at `dueAt`.
 */
import type pg from 'pg';
import { ScaleEnd } from './scale-model.js';
import type { BatchRun } from './scale-driver.js';
import { summarize, type LatencySummary } from './stats.js';

export interface BatchReport {
  readonly instances: number;
  readonly approved: number;
  readonly escalated: number;
  /** Instances in the database that no client got a 201 for (a start whose answer was lost, then retried). */
  readonly unacknowledged: number;
  readonly problems: string[];
  /** Timers fired in the burst, per second from the due instant to the last fire. */
  readonly firesPerSecond: number;
  /** Fire time minus due time, ms. */
  readonly lateness: LatencySummary;
}

interface InstanceRow {
  id: string;
  business_key: string;
  status: string;
  review_completed: number;
  deadline_completed: number;
  approved: number;
  escalated: number;
  timers: number;
  timers_fired: number;
  fired_at: Date | null;
  tasks_completed: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no instance whose business key starts with `label-` is active; returns how many still are. */
export async function waitForBatchEnd(db: pg.Client, label: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM process_instance WHERE business_key LIKE $1 AND status = 'active'`, [`${label}-%`]);
    const active = r.rows[0]?.n ?? 0;
    if (active === 0 || Date.now() > deadline) return active;
    await sleep(250);
  }
}

export async function checkBatch(db: pg.Client, label: string, run: BatchRun, dueAt: Date): Promise<BatchReport> {
  const { rows } = await db.query<InstanceRow>(
    `SELECT i.id, i.business_key, i.status,
            (SELECT count(*)::int FROM history h WHERE h.instance_id = i.id AND h.action = 'element.completed' AND h.element_id = 'review') AS review_completed,
            (SELECT count(*)::int FROM history h WHERE h.instance_id = i.id AND h.action = 'element.completed' AND h.element_id = 'deadline') AS deadline_completed,
            (SELECT count(*)::int FROM history h WHERE h.instance_id = i.id AND h.action = 'element.completed' AND h.element_id = $2) AS approved,
            (SELECT count(*)::int FROM history h WHERE h.instance_id = i.id AND h.action = 'element.completed' AND h.element_id = $3) AS escalated,
            (SELECT count(*)::int FROM timer t WHERE t.instance_id = i.id) AS timers,
            (SELECT count(*)::int FROM timer t WHERE t.instance_id = i.id AND t.fired_at IS NOT NULL) AS timers_fired,
            (SELECT max(t.fired_at) FROM timer t WHERE t.instance_id = i.id) AS fired_at,
            (SELECT count(*)::int FROM task k WHERE k.instance_id = i.id AND k.state = 'completed') AS tasks_completed
       FROM process_instance i WHERE i.business_key LIKE $1`,
    [`${label}-%`, ScaleEnd.approved, ScaleEnd.escalated],
  );
  const problems: string[] = [];
  const fires: number[] = [];
  for (const row of rows) {
    const where = `${row.business_key} (${row.id})`;
    if (row.status !== 'completed') problems.push(`${where}: ${row.status}, not completed`);
    if (row.review_completed > 1 || row.tasks_completed > 1) problems.push(`${where}: task completed ${Math.max(row.review_completed, row.tasks_completed)}×`);
    if (row.deadline_completed > 1) problems.push(`${where}: timer fired ${row.deadline_completed}×`);
    if (row.review_completed + row.deadline_completed !== 1) problems.push(`${where}: task completed ${row.review_completed}× and timer fired ${row.deadline_completed}× (need exactly one)`);
    if (row.approved + row.escalated !== 1) problems.push(`${where}: reached ${row.approved} × approved, ${row.escalated} × escalated`);
    if (row.timers !== 1) problems.push(`${where}: ${row.timers} timer rows`);
    if (row.escalated === 1 && row.timers_fired !== 1) problems.push(`${where}: escalated but its timer row is not marked fired`);
    if (row.approved === 1 && row.timers_fired !== 0) problems.push(`${where}: approved but its timer row is marked fired`);
    const intent = run.intents.get(row.id);
    const reached = row.approved === 1 ? ScaleEnd.approved : ScaleEnd.escalated;
    if (intent && intent.expected !== 'either' && intent.expected !== reached) problems.push(`${where}: expected ${intent.expected}, reached ${reached}`);
    if (row.fired_at && row.fired_at.getTime() < dueAt.getTime()) problems.push(`${where}: timer fired ${dueAt.getTime() - row.fired_at.getTime()} ms before its due time`);
    if (row.fired_at) fires.push(row.fired_at.getTime());
  }
  for (const [id, intent] of run.intents) if (!rows.some((r) => r.id === id)) problems.push(`${intent.businessKey} (${id}): acknowledged start missing`);
  const last = Math.max(...fires);
  return {
    instances: rows.length,
    approved: rows.filter((r) => r.approved === 1).length,
    escalated: rows.filter((r) => r.escalated === 1).length,
    unacknowledged: rows.filter((r) => !run.intents.has(r.id)).length,
    problems,
    firesPerSecond: fires.length === 0 ? 0 : Math.round((fires.length / Math.max(1, last - dueAt.getTime())) * 1000 * 10) / 10,
    lateness: summarize(fires.map((f) => f - dueAt.getTime())),
  };
}
