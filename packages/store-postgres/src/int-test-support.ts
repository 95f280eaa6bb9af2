import { randomBytes } from 'node:crypto';
import { dropSchema } from './data-source.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';

/** The PostgreSQL the integration tests use (the local test server unless overridden). */
export const testDatabaseUrl = process.env['ZHIFA_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Opens a store on a fresh, randomly named schema and migrates it. Call `dispose` in `afterAll`: it drops
 * the schema and closes the pool. For this package's `*.int.test.ts` and benchmarks only.
 */
export async function openTestStore(prefix = 't'): Promise<PostgresStore & { readonly schema: string; dispose(): Promise<void> }> {
  const schema = `zf_${prefix}_${randomBytes(6).toString('hex')}`;
  const store = await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 10, applicationName: `zhifa-test-${schema}` });
  return {
    ...store,
    schema,
    async dispose() {
      await store.instances.sealer.flush().catch(() => 0);
      await dropSchema(store.dataSource);
      await store.close();
    },
  };
}
