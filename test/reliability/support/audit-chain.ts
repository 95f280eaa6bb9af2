/** Builds a long audit chain fast (batched appends, then one seal) and tampers with it as an attacker would. */
import { randomUUID } from 'node:crypto';
import { appendAudit, sealAuditChain, type AuditEntryInput, type PostgresDb } from '@zhifa/store-postgres';

export function auditEntry(i: number): AuditEntryInput {
  return {
    id: randomUUID(),
    instanceId: `inst-${i % 97}`,
    instanceSeq: i,
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: i % 3 ? 'zhang.san' : 'li.si',
    action: i % 2 ? 'element.completed' : 'task.completed',
    elementId: `Task_${i % 50}`,
    data: { before: { n: i, 审批意见: '同意' }, after: { n: i + 1 } },
  };
}

/** Appends `count` entries (batches of 5,000 per transaction) and seals them; returns the elapsed ms. */
export async function buildChain(db: PostgresDb, count: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < count; from += 5000) {
    const batch = Array.from({ length: Math.min(5000, count - from) }, (_, k) => auditEntry(from + k));
    await db.transaction((tx) => appendAudit(tx, batch));
  }
  await sealAuditChain(db, { wait: true, batchSize: 20_000 });
  return performance.now() - started;
}

/** Runs SQL with the append-only trigger disabled (someone with table rights). */
export async function asAttacker(db: PostgresDb, statements: readonly { sql: string; params?: readonly unknown[] }[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`ALTER TABLE history DISABLE TRIGGER history_append_only`);
    for (const s of statements) await tx.query(s.sql, s.params ? [...s.params] : []);
    await tx.query(`ALTER TABLE history ENABLE TRIGGER history_append_only`);
  });
}
