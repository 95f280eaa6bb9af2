/**
 * PostgreSQL helpers for fault tests: fresh schemas on the test server and `pg_terminate_backend` of every
 * backend with a given application_name (never anyone else's connections).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export function randomSchemaName(prefix: string): string {
  return `zf_rel_${prefix}_${randomBytes(5).toString('hex')}`;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'zhifa-fault-tool' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Terminates every backend whose application_name is exactly `applicationName`; returns how many. */
export async function terminateBackends(applicationName: string): Promise<number> {
  if (!applicationName || applicationName === 'zhifa-fault-tool') throw new Error('refusing to terminate without a specific application_name');
  return withClient(async (client) => {
    const r = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()) t`,
      [applicationName],
    );
    return r.rows[0]?.n ?? 0;
  });
}

/** Number of backends open under `applicationName`. */
export async function countBackends(applicationName: string): Promise<number> {
  return withClient(async (client) => {
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [applicationName]);
    return r.rows[0]?.n ?? 0;
  });
}

/** Drops schemas made by a test (and the BullMQ schema that may belong to it). */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  await withClient(async (client) => {
    for (const schema of schemas) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS ${schema}_bullmq CASCADE`);
    }
  });
}
