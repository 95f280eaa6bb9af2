import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditSealer, sealAuditChain } from './audit-sealer.js';
import { appendAudit, chainHash, historyColumns, listAudit, toAuditEntry, type AuditEntryInput, type HistoryRow } from './history.repository.js';
import { ChainFault, verifyAuditChain } from './history-verify.js';
import { openTestStore } from './int-test-support.js';

function entry(i: number): AuditEntryInput {
  return {
    id: randomUUID(),
    instanceId: `inst-${i % 3}`,
    instanceSeq: i,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    actor: i % 2 ? 'zhang.san' : 'li.si',
    action: 'task.completed',
    elementId: `Task_${i}`,
    data: { before: { n: i, 审批意见: '同意' }, after: { n: i + 1, nested: [1, 2.5, null, { z: 1, a: 2 }] } },
  };
}

describe('audit hash chain', () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  // Tampering needs the append-only trigger out of the way, as an attacker with table rights would do.
  const tamper = async (sql: string, params: unknown[] = []): Promise<void> => {
    await store.db.transaction(async (tx) => {
      await tx.query(`ALTER TABLE history DISABLE TRIGGER history_append_only`);
      await tx.query(sql, params);
      await tx.query(`ALTER TABLE history ENABLE TRIGGER history_append_only`);
    });
  };

  beforeAll(async () => {
    store = await openTestStore('hist');
    // This file seals explicitly, so the background sealer must not race it.
    store.db.auditCommitListener = undefined;
    // …and a run it may have started while the store opened must be over before the first test seals.
    await store.instances.sealer.flush();
  });
  afterAll(async () => store.dispose());
  beforeEach(async () => {
    await tamper(`DELETE FROM history`);
    await store.db.query(`UPDATE history_head SET chain_pos = 0, hash = repeat('0', 64)`);
    await store.db.transaction((tx) => appendAudit(tx, Array.from({ length: 50 }, (_, i) => entry(i + 1))));
    expect(await sealAuditChain(store.db, { wait: true })).toBe(50);
  });

  it('given an untouched chain, when verified in small batches, then it is ok and every entry was checked', async () => {
    const result = await verifyAuditChain(store.db, { batchSize: 7 });
    expect(result).toMatchObject({ ok: true, checked: 50, headPosition: 50 });
  });

  it('given entries appended by 20 concurrent transactions while sealers run, when verified, then the chain is intact and gap-free', async () => {
    const sealer = new AuditSealer(store.db);
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await store.db.transaction((tx) => appendAudit(tx, [entry(100 + i), entry(200 + i)]));
        sealer.kick();
      }),
    );
    await sealer.flush();
    store.db.auditCommitListener = undefined;
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, checked: 90, unsealed: 0 });
  });

  it('given an unsealed entry, when sealed, then the trigger allowed only the chain columns to be set', async () => {
    await store.db.transaction((tx) => appendAudit(tx, [entry(300)]));
    const [before] = await store.db.query<HistoryRow>(`SELECT ${historyColumns} FROM history WHERE chain_pos IS NULL`);
    await expect(store.db.query(`UPDATE history SET actor = 'x', chain_pos = 999, prev_hash = 'p', hash = 'h' WHERE seq = $1`, [before!.seq])).rejects.toThrow(
      /append-only/,
    );
    await sealAuditChain(store.db, { wait: true });
    const [after] = await store.db.query<HistoryRow>(`SELECT ${historyColumns} FROM history WHERE seq = $1`, [before!.seq]);
    expect(toAuditEntry(after!)).toMatchObject({ ...toAuditEntry(before!), chainPos: 51 });
  });

  it('given an ordinary UPDATE or DELETE, when attempted, then the append-only trigger refuses it', async () => {
    await expect(store.db.query(`UPDATE history SET actor = 'x' WHERE chain_pos = 1`)).rejects.toThrow(/append-only/);
    await expect(store.db.query(`DELETE FROM history WHERE chain_pos = 1`)).rejects.toThrow(/append-only/);
  });

  it('given an edited entry, when verified, then that entry is named as altered', async () => {
    await tamper(`UPDATE history SET data = jsonb_set(data, '{after,n}', '999') WHERE chain_pos = 17`);
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 17, fault: ChainFault.hashMismatch });
  });

  it('given an edited entry whose own hash was recomputed, when verified, then the next entry is named (its link breaks)', async () => {
    const [row] = await store.db.query<HistoryRow>(`SELECT ${historyColumns} FROM history WHERE chain_pos = 30`);
    const forged = { ...toAuditEntry(row!), actor: 'mallory' };
    await tamper(`UPDATE history SET actor = $2, hash = $3 WHERE chain_pos = $1`, [30, 'mallory', chainHash(forged.prevHash!, forged)]);
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 31, fault: ChainFault.brokenLink });
  });

  it('given a deleted entry, when verified, then the gap is named at the entry after it', async () => {
    await tamper(`DELETE FROM history WHERE chain_pos = 12`);
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 13, fault: ChainFault.gap });
  });

  it('given the deleted entries renumbered to hide the gap, when verified, then the broken link is named', async () => {
    await tamper(`DELETE FROM history WHERE chain_pos = 12`);
    await tamper(`UPDATE history SET chain_pos = chain_pos + 1000 WHERE chain_pos > 12`);
    await tamper(`UPDATE history SET chain_pos = chain_pos - 1001 WHERE chain_pos > 1000`);
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 12, fault: ChainFault.brokenLink });
  });

  it('given an inserted entry, when verified, then it is named', async () => {
    await tamper(`UPDATE history SET chain_pos = chain_pos + 1000 WHERE chain_pos >= 25`);
    await tamper(`UPDATE history SET chain_pos = chain_pos - 999 WHERE chain_pos >= 1025`);
    await tamper(
      `INSERT INTO history (id, at, action, data, chain_pos, prev_hash, hash)
       SELECT 'forged', now(), 'task.completed', '{}', 25, hash, repeat('b', 64) FROM history WHERE chain_pos = 24`,
    );
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 25, id: 'forged', fault: ChainFault.hashMismatch });
  });

  it('given two entries swapped, when verified, then the first swapped position is named', async () => {
    await tamper(`UPDATE history SET chain_pos = -1 WHERE chain_pos = 40`);
    await tamper(`UPDATE history SET chain_pos = 40 WHERE chain_pos = 41`);
    await tamper(`UPDATE history SET chain_pos = 41 WHERE chain_pos = -1`);
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 40, fault: ChainFault.brokenLink });
  });

  it('given the last entries removed, when verified, then the head mismatch is reported', async () => {
    await tamper(`DELETE FROM history WHERE chain_pos > 45`);
    expect((await verifyAuditChain(store.db)).firstBad).toMatchObject({ position: 46, fault: ChainFault.headMismatch });
  });

  it('given one instance, when its timeline is listed, then only its entries come back in chain order', async () => {
    const timeline = await listAudit(store.db, { instanceId: 'inst-1' });
    expect(timeline.length).toBe(17);
    expect(timeline.map((e) => e.seq)).toEqual([...timeline.map((e) => e.seq)].sort((a, b) => a - b));
    expect(timeline[0]?.data).toEqual(entry(1).data);
  });
});
