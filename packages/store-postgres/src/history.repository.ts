import { createHash } from 'node:crypto';
import type { JsonObject } from '@zhifa/engine';
import { canonicalJson } from './canonical-json.js';
import { PostgresTx, type Sql } from './sql.js';

/** The hash before the first entry of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit entry to append (engine history or a server action such as a deploy or a login). */
export interface AuditEntryInput {
  /** Unique id of the entry (the engine's history id, or a fresh UUID). */
  readonly id: string;
  readonly instanceId?: string;
  /** Position within the instance (the engine's per-instance `seq`). */
  readonly instanceSeq?: number;
  /** ISO-8601 time of the action (the engine clock's now). */
  readonly at: string;
  readonly actor?: string;
  /** What happened, e.g. `element.completed`, `task.transfer`, `deployment.created`. */
  readonly action: string;
  readonly elementId?: string;
  readonly elementInstanceId?: string;
  /** Details, e.g. `{ before, after }`, an opinion, a reason. */
  readonly data: JsonObject;
}

/** A stored audit entry. `chainPos`, `prevHash` and `hash` are set once the sealer has chained it. */
export interface AuditEntry extends AuditEntryInput {
  /** Insertion order (global). */
  readonly seq: number;
  readonly chainPos?: number;
  readonly prevHash?: string;
  readonly hash?: string;
}

/** The fields covered by an entry's hash (everything but the chain columns), in canonical form. */
export function auditEntryContent(entry: AuditEntryInput): string {
  return canonicalJson({
    id: entry.id,
    instanceId: entry.instanceId ?? null,
    instanceSeq: entry.instanceSeq ?? null,
    at: entry.at,
    actor: entry.actor ?? null,
    action: entry.action,
    elementId: entry.elementId ?? null,
    elementInstanceId: entry.elementInstanceId ?? null,
    data: entry.data,
  });
}

/** `sha256(prevHash + canonical JSON of the entry)`, hex. */
export function chainHash(prevHash: string, entry: AuditEntryInput): string {
  return createHash('sha256').update(prevHash).update(auditEntryContent(entry)).digest('hex');
}

/**
 * Appends entries inside the caller's transaction (commit = they exist). No global lock: the entries are
 * chained by `sealAuditChain` after commit — the `AuditSealer` of the `PostgresInstanceStore` on the same
 * `PostgresDb` is kicked automatically when a `db.transaction(...)` that appended entries commits.
 * Returns their insertion `seq`s.
 */
export async function appendAudit(sql: Sql, entries: readonly AuditEntryInput[]): Promise<number[]> {
  if (entries.length === 0) return [];
  if (sql instanceof PostgresTx) sql.markAuditWritten();
  const insert = auditInsert(entries);
  const rows = await sql.query<{ seq: string }>(`${insert.text}\n     RETURNING seq`, insert.params);
  return rows.map((r) => Number(r.seq));
}

/**
 * The `INSERT` of {@link appendAudit} as a statement to run later or fold into another (the caller then marks
 * its transaction with `markAuditWritten` so the entries get sealed after commit).
 */
export function auditInsert(entries: readonly AuditEntryInput[]): { readonly text: string; readonly params: readonly unknown[] } {
  return {
    text: `INSERT INTO history (id, instance_id, instance_seq, at, actor, action, element_id, element_instance_id, data)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[])`,
    params: [
      entries.map((e) => e.id),
      entries.map((e) => e.instanceId ?? null),
      entries.map((e) => e.instanceSeq ?? null),
      entries.map((e) => e.at),
      entries.map((e) => e.actor ?? null),
      entries.map((e) => e.action),
      entries.map((e) => e.elementId ?? null),
      entries.map((e) => e.elementInstanceId ?? null),
      entries.map((e) => JSON.stringify(e.data)),
    ],
  };
}

/** A `history` row as selected by {@link historyColumns}. */
export interface HistoryRow {
  seq: string;
  id: string;
  instance_id: string | null;
  instance_seq: number | null;
  at: Date;
  actor: string | null;
  action: string;
  element_id: string | null;
  element_instance_id: string | null;
  data: JsonObject;
  chain_pos: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export const historyColumns = `seq, id, instance_id, instance_seq, at, actor, action, element_id, element_instance_id, data,
  chain_pos, prev_hash, hash`;

export function toAuditEntry(row: HistoryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    id: row.id,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    ...(row.instance_seq !== null && { instanceSeq: row.instance_seq }),
    // Millisecond ISO text, the same as what was hashed (timestamptz keeps microseconds, JS gives ms).
    at: row.at.toISOString(),
    ...(row.actor !== null && { actor: row.actor }),
    action: row.action,
    ...(row.element_id !== null && { elementId: row.element_id }),
    ...(row.element_instance_id !== null && { elementInstanceId: row.element_instance_id }),
    data: row.data,
    ...(row.chain_pos !== null && { chainPos: Number(row.chain_pos) }),
    ...(row.prev_hash !== null && { prevHash: row.prev_hash }),
    ...(row.hash !== null && { hash: row.hash }),
  };
}

/** Filters for {@link listAudit}. Keyset pagination: pass the last `seq` seen as `afterSeq`. */
export interface AuditQuery {
  readonly instanceId?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly afterSeq?: number;
  readonly limit?: number;
}

/** Audit entries in insertion order (one instance's timeline, or the whole log for auditors). */
export async function listAudit(sql: Sql, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const rows = await sql.query<HistoryRow>(
    `SELECT ${historyColumns} FROM history
      WHERE ($1::text IS NULL OR instance_id = $1) AND ($2::text IS NULL OR actor = $2)
        AND ($3::text IS NULL OR action = $3) AND seq > $4
      ORDER BY seq LIMIT $5`,
    [query.instanceId ?? null, query.actor ?? null, query.action ?? null, query.afterSeq ?? 0, Math.min(query.limit ?? 500, 10_000)],
  );
  return rows.map(toAuditEntry);
}
