import type { JobRecord } from '@zhifa/engine';
import { jobColumns, toJob, type JobRow } from './projection-rows.js';
import type { Sql } from './sql.js';

/**
 * Fetch-and-lock for external workers: up to `limit` open jobs of `type` that are not locked (or whose lock
 * expired by `now`) and not held back by a retry backoff (`not_before` after `now`), locked for `worker`
 * until `lockUntil`. Concurrent workers get disjoint jobs
 * (`FOR UPDATE SKIP LOCKED`). Completing or failing a job goes through the engine, whose projection
 * update clears the lock.
 */
export async function lockJobs(
  sql: Sql,
  input: { readonly type: string; readonly worker: string; readonly now: string; readonly lockUntil: string; readonly limit?: number },
): Promise<JobRecord[]> {
  const rows = await sql.query<JobRow>(
    `UPDATE external_job SET worker = $2, locked_until = $4
      WHERE id IN (SELECT id FROM external_job
                    WHERE state = 'open' AND type = $1 AND retries > 0 AND (locked_until IS NULL OR locked_until <= $3)
                      AND (not_before IS NULL OR not_before <= $3)
                    ORDER BY created_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
      RETURNING ${jobColumns}`,
    [input.type, input.worker, input.now, input.lockUntil, Math.min(input.limit ?? 10, 1000)],
  );
  return rows.map(toJob).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Who holds a job's lock and until when (undefined when the job is not open). */
export async function jobLock(sql: Sql, jobId: string): Promise<{ worker?: string; lockedUntil?: string } | undefined> {
  const [row] = await sql.query<{ worker: string | null; locked_until: Date | null }>(
    `SELECT worker, locked_until FROM external_job WHERE id = $1 AND state = 'open'`,
    [jobId],
  );
  if (!row) return undefined;
  return {
    ...(row.worker !== null && { worker: row.worker }),
    ...(row.locked_until !== null && { lockedUntil: row.locked_until.toISOString() }),
  };
}
