import { sealAuditChain } from './audit-sealer.js';
import { GENESIS_HASH, chainHash, historyColumns, toAuditEntry, type HistoryRow } from './history.repository.js';
import type { PostgresDb } from './sql.js';

/** Why an entry fails verification. */
export const ChainFault = {
  /** The entry's content no longer matches its hash (edited). */
  hashMismatch: 'hash-mismatch',
  /** `prev_hash` is not the previous entry's hash (inserted, deleted or reordered entries, or an edited hash). */
  brokenLink: 'broken-link',
  /** A chain position is missing (deleted entry). */
  gap: 'gap',
  /** The last entry is not the recorded head (entries removed from or added at the end). */
  headMismatch: 'head-mismatch',
} as const;
export type ChainFault = (typeof ChainFault)[keyof typeof ChainFault];

/** The first entry that failed, named for the auditor by chain position and id. */
export interface BadEntry {
  readonly position: number;
  readonly id?: string;
  readonly fault: ChainFault;
  readonly message: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Entries checked (all of them when ok). */
  readonly checked: number;
  /** Entries committed but not yet chained when the walk started (normally 0: the walk seals first). */
  readonly unsealed: number;
  /** Head position and hash the walk was compared against. */
  readonly headPosition: number;
  readonly headHash: string;
  readonly firstBad?: BadEntry;
  readonly elapsedMs: number;
}

export interface VerifyOptions {
  /** Rows fetched per round trip (keyset pagination on the chain position). Default 20,000. */
  readonly batchSize?: number;
  /** Called after each batch with the number of entries checked so far. */
  readonly onProgress?: (checked: number) => void;
}

/**
 * Seals pending entries, then walks the whole audit chain in chain order inside one REPEATABLE READ
 * snapshot (entries committed meanwhile are not seen and do not disturb the walk) and stops at the first
 * bad entry.
 */
export async function verifyAuditChain(db: PostgresDb, options: VerifyOptions = {}): Promise<ChainVerification> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 20_000;
  await sealAuditChain(db, { wait: true });
  return db.transaction(
    async (tx) => {
      const [head] = await tx.query<{ chain_pos: string; hash: string }>(`SELECT chain_pos, hash FROM history_head WHERE id = 1`);
      const [pending] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM history WHERE chain_pos IS NULL`);
      const unsealed = pending?.n ?? 0;
      const headPosition = Number(head?.chain_pos ?? 0);
      const headHash = head?.hash ?? GENESIS_HASH;
      let prevHash = GENESIS_HASH;
      let lastPosition = 0;
      let checked = 0;
      const done = (firstBad?: BadEntry): ChainVerification => ({
        ok: firstBad === undefined,
        checked,
        unsealed,
        headPosition,
        headHash,
        ...(firstBad && { firstBad }),
        elapsedMs: Math.round(performance.now() - started),
      });
      for (;;) {
        const rows = await tx.query<HistoryRow>(
          `SELECT ${historyColumns} FROM history WHERE chain_pos > $1 ORDER BY chain_pos LIMIT $2`,
          [lastPosition, batchSize],
        );
        for (const row of rows) {
          const entry = toAuditEntry(row);
          const pos = entry.chainPos ?? 0;
          const bad = (fault: ChainFault, message: string): ChainVerification => done({ position: pos, id: entry.id, fault, message });
          if (pos !== lastPosition + 1) return bad(ChainFault.gap, `entries ${lastPosition + 1}..${pos - 1} are missing`);
          if (entry.prevHash !== prevHash) return bad(ChainFault.brokenLink, `entry ${pos} does not follow entry ${lastPosition}`);
          if (entry.hash === undefined || chainHash(prevHash, entry) !== entry.hash) return bad(ChainFault.hashMismatch, `entry ${pos} was altered`);
          prevHash = entry.hash;
          lastPosition = pos;
          checked += 1;
        }
        options.onProgress?.(checked);
        if (rows.length < batchSize) break;
      }
      if (lastPosition !== headPosition || prevHash !== headHash) {
        return done({ position: lastPosition + 1, fault: ChainFault.headMismatch, message: `chain ends at ${lastPosition}, head records ${headPosition}` });
      }
      return done();
    },
    { isolation: 'REPEATABLE READ', readOnly: true },
  );
}
