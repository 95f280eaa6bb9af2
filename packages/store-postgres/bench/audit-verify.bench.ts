/**
 * Audit-chain verification benchmark (RELIABILITY.md A3: 1,000,000 entries in ≤ 60 s).
 * Fills a throw-away schema with N chained entries, then times `verifyAuditChain`.
 *
 *   npm run bench:audit                  # 1,000,000 entries
 *   npm run bench:audit -- 100000        # fewer
 *
 * Uses ZHIFA_TEST_DATABASE_URL (default: the local test database); the schema is dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { sealAuditChain } from '../src/audit-sealer.js';
import { appendAudit, type AuditEntryInput } from '../src/history.repository.js';
import { verifyAuditChain } from '../src/history-verify.js';
import { openTestStore } from '../src/int-test-support.js';

const total = Number(process.argv[2] ?? 1_000_000);
const batch = 10_000;

function entry(i: number): AuditEntryInput {
  return {
    id: randomUUID(),
    instanceId: `inst-${i % 50_000}`,
    instanceSeq: Math.floor(i / 50_000) + 1,
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: `user-${i % 300}`,
    action: i % 3 === 0 ? 'task.completed' : 'element.completed',
    elementId: `Activity_${i % 40}`,
    data: { before: { status: 'open', amount: i % 1000 }, after: { status: 'done', opinion: '同意', amount: (i % 1000) + 1 } },
  };
}

const store = await openTestStore('bench');
try {
  const fillStart = performance.now();
  for (let done = 0; done < total; done += batch) {
    const n = Math.min(batch, total - done);
    await store.db.transaction((tx) => appendAudit(tx, Array.from({ length: n }, (_, k) => entry(done + k))));
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const sealStart = performance.now();
  const sealed = await sealAuditChain(store.db, { wait: true, batchSize: 20_000 });
  const sealSeconds = (performance.now() - sealStart) / 1000;
  console.log(`appended ${total.toLocaleString('en')} entries in ${fillSeconds.toFixed(1)} s; sealed ${sealed.toLocaleString('en')} into the chain in ${sealSeconds.toFixed(1)} s`);

  const result = await verifyAuditChain(store.db);
  const seconds = result.elapsedMs / 1000;
  console.log(
    `verified ${result.checked.toLocaleString('en')} entries in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.checked / seconds).toLocaleString('en')} entries/s, ${cpus().length} cores): ${result.ok ? 'chain intact' : JSON.stringify(result.firstBad)}`,
  );
  console.log(`A3 target ≤ 60 s for 1,000,000: ${seconds * (1_000_000 / Math.max(total, 1)) <= 60 ? 'PASS' : 'FAIL'} (extrapolated)`);
  if (!result.ok || result.checked !== total) process.exitCode = 1;
} finally {
  await store.dispose();
}
