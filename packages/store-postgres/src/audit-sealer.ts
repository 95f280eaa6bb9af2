import { chainHash, historyColumns, toAuditEntry, type HistoryRow } from './history.repository.js';
import type { PostgresDb } from './sql.js';

const sealLock = 'zhifa-audit-seal';

/**
 * Chains committed, unsealed audit entries onto the hash chain in insertion order: assigns `chain_pos`
 * (gap-free), `prev_hash` and `hash`, and moves the head. One sealer at a time across all processes (an
 * advisory lock); with `wait: false` it returns 0 at once when another sealer is busy. Returns how many
 * entries it sealed.
 */
export async function sealAuditChain(db: PostgresDb, options: { readonly wait?: boolean; readonly batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      // A seal lost in a crash is simply redone from the still-unsealed rows: no need to wait for the flush
      // (set in the same statement as the lock: one round trip).
      const asyncCommit = `set_config('synchronous_commit', 'off', true)`;
      if (options.wait) await tx.query(`SELECT ${asyncCommit}, pg_advisory_xact_lock(hashtext($1))`, [sealLock]);
      else {
        const [got] = await tx.query<{ ok: boolean }>(`SELECT ${asyncCommit}, pg_try_advisory_xact_lock(hashtext($1)) AS ok`, [sealLock]);
        if (!got?.ok) return -1;
      }
      const [head] = await tx.query<{ chain_pos: string; hash: string }>(`SELECT chain_pos, hash FROM history_head WHERE id = 1 FOR UPDATE`);
      if (!head) throw new Error('history_head row missing: run migrations');
      const rows = await tx.query<HistoryRow>(
        `SELECT ${historyColumns} FROM history WHERE chain_pos IS NULL ORDER BY seq LIMIT $1`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      let pos = Number(head.chain_pos);
      let prev = head.hash;
      const seqs: number[] = [];
      const positions: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        const entry = toAuditEntry(row);
        const hash = chainHash(prev, entry);
        pos += 1;
        seqs.push(entry.seq);
        positions.push(pos);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      // The rows and the head move in one statement.
      await tx.query(
        `WITH sealed AS (
           UPDATE history h SET chain_pos = x.pos, prev_hash = x.prev, hash = x.hash
             FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS x(seq, pos, prev, hash)
            WHERE h.seq = x.seq)
         UPDATE history_head SET chain_pos = $5, hash = $6 WHERE id = 1`,
        [seqs, positions, prevs, hashes, pos, prev],
      );
      return rows.length;
    });
    if (n < 0) return sealed;
    sealed += n;
    if (n < batchSize) return sealed;
  }
}

/**
 * Runs {@link sealAuditChain} in the background after commits: at most one run at a time per process,
 * and a kick during a run schedules one more, so every committed entry is sealed soon after its commit.
 */
export class AuditSealer {
  private running: Promise<void> | undefined;
  private again = false;
  /** The last failure of a background run (kept for health checks; the next kick retries). */
  lastError: unknown;

  /** Registers itself on `db`, so every commit that appended audit entries kicks it. */
  constructor(private readonly db: PostgresDb) {
    db.auditCommitListener = () => this.kick();
  }

  /** Schedules a seal; returns immediately. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Waits for the running seal (if any) and seals whatever is still unsealed. */
  async flush(): Promise<number> {
    await this.running;
    return sealAuditChain(this.db, { wait: true });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await sealAuditChain(this.db, { wait: true });
        this.lastError = undefined;
      } catch (error) {
        this.lastError = error;
      }
    } while (this.again);
  }
}
